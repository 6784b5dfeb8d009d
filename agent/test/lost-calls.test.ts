import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '@/lib/call-events/schema';
import { appendCallEvents, listCallEvents } from '@/lib/db/call-events';
import { claimCallForWorker, listCallsOfLostWorkers } from '@/lib/db/call-workers';
import { createDb, type Db } from '@/lib/db/client';
import { recordWorkerHeartbeat } from '@/lib/db/workers';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import { listWorkerViews } from '@/lib/status/worker-list';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { LOST_WORKER_REASON, startLostCallSweep } from '../src/lost-calls';
import { seedCall } from './support/seed';

/**
 * Several workers on one database (issue 16 item 5): a call is taken by one worker only, and the
 * calls of a worker that stopped reporting are closed by the others, once, with no page open.
 */
let t: TestDb;
/** a second client, as another process would have (one shared client on SQLite, see below) */
let other: Db;
const sealKey = parseSealKey(generateSealKey());
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  t = await createTestDb();
  // SQLite: two clients in one process deadlock in interactive transactions (better-sqlite3
  // waits for the lock synchronously); SQLite serializes writers anyway.
  other = t.provider === 'sqlite' ? t.db : createDb(t.url);
});
afterAll(async () => {
  if (other !== t.db) await other.$disconnect();
  await t.cleanup();
});

async function beat(id: string, ageMs: number, now = new Date()) {
  const lastSeenAt = new Date(now.getTime() - ageMs);
  await recordWorkerHeartbeat({
    db: t.db,
    id,
    hostname: `host-${id}`,
    startedAt: new Date(now.getTime() - 600_000),
    beat: {
      agentName: 'voice-console-agent',
      version: 'v-test',
      livekitUrl: 'ws://livekit.test',
      activeJobs: 1,
      registered: true,
      lastSeenAt,
    },
  });
}

function event(callId: string, seq: number, body: Record<string, unknown>): CallEvent {
  return { v: 1, callId, seq, ts: new Date().toISOString(), ...body } as CallEvent;
}

describe('one worker per call', () => {
  it('the first claim wins; the same worker may claim again; an ended call is nobody’s', async () => {
    const { callId } = await seedCall({ db: t.db, sealKey });
    expect(await claimCallForWorker({ db: t.db, callId, workerId: 'w-a' })).toBe(true);
    expect(await claimCallForWorker({ db: t.db, callId, workerId: 'w-b' })).toBe(false);
    expect(await claimCallForWorker({ db: t.db, callId, workerId: 'w-a' })).toBe(true);
    expect((await t.db.call.findUniqueOrThrow({ where: { id: callId } })).workerId).toBe('w-a');
    const { callId: ended } = await seedCall({ db: t.db, sealKey });
    await t.db.call.update({ where: { id: ended }, data: { status: 'ended' } });
    expect(await claimCallForWorker({ db: t.db, callId: ended, workerId: 'w-a' })).toBe(false);
  });

  it('of claims at once from two clients, exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const { callId } = await seedCall({ db: t.db, sealKey });
      const results = await Promise.all([
        claimCallForWorker({ db: t.db, callId, workerId: 'w-a' }),
        claimCallForWorker({ db: other, callId, workerId: 'w-b' }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const row = await t.db.call.findUniqueOrThrow({ where: { id: callId } });
      expect(row.workerId).toBe(results[0] ? 'w-a' : 'w-b');
    }
  });
});

describe('the calls of a worker that stopped reporting', () => {
  it('are closed by the other workers, once, with open tool calls failed cancelled', async () => {
    const now = new Date();
    await beat('w-dead', 60_000, now);
    await beat('w-alive', 1_000, now);
    const dead = await seedCall({ db: t.db, sealKey });
    const alive = await seedCall({ db: t.db, sealKey });
    const noRow = await seedCall({ db: t.db, sealKey });
    const unclaimed = await seedCall({ db: t.db, sealKey });
    await claimCallForWorker({ db: t.db, callId: dead.callId, workerId: 'w-dead' });
    await claimCallForWorker({ db: t.db, callId: alive.callId, workerId: 'w-alive' });
    await claimCallForWorker({ db: t.db, callId: noRow.callId, workerId: 'w-never-reported' });
    for (const id of [dead.callId, alive.callId, noRow.callId])
      await t.db.call.update({ where: { id }, data: { status: 'active' } });
    const tool = { toolCallId: 'tc1', tool: 'slow', server: 'util' };
    const before = [
      event(dead.callId, 0, { type: 'call_state', state: 'started' }),
      event(dead.callId, 1, {
        type: 'tool_call',
        ...tool,
        state: 'requested',
        args: { text: '{}', truncated: false, bytes: 2 },
      }),
      event(dead.callId, 2, { type: 'tool_call', ...tool, state: 'executing' }),
    ];
    await appendCallEvents({ db: t.db, events: before.map((e) => ({ event: e })) });

    // (The calls the claim tests left open are lost too: their workers never reported.)
    const mine = new Set([dead.callId, alive.callId, noRow.callId, unclaimed.callId]);
    const lost = await listCallsOfLostWorkers({
      db: t.db,
      seenSince: new Date(now.getTime() - 30_000),
      exceptWorkerId: 'w-alive',
    });
    expect(lost.filter((c) => mine.has(c.callId))).toEqual([
      { callId: dead.callId, workerId: 'w-dead', lastSeenAt: new Date(now.getTime() - 60_000) },
      { callId: noRow.callId, workerId: 'w-never-reported', lastSeenAt: null },
    ]);

    // Two surviving workers sweep at once.
    const sweeps = [
      startLostCallSweep({
        db: t.db,
        workerId: 'w-alive',
        staleMs: 30_000,
        intervalMs: 60_000,
        log: quiet,
      }),
      startLostCallSweep({
        db: other,
        workerId: 'w-other',
        staleMs: 30_000,
        intervalMs: 60_000,
        log: quiet,
      }),
    ];
    const closed = (await Promise.all(sweeps.map((s) => s.sweep()))).flat();
    await Promise.all(sweeps.map((s) => s.stop()));
    // Each lost call closed by exactly one of the two.
    expect(closed).toHaveLength(new Set(closed).size);
    expect(closed.filter((id) => mine.has(id)).sort()).toEqual([dead.callId, noRow.callId].sort());
    expect(closed).toHaveLength(lost.length);

    const after = await listCallEvents({ db: t.db, callId: dead.callId });
    expect(after.slice(0, 3)).toEqual(before);
    expect(after.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(after[3]).toMatchObject({
      type: 'tool_call',
      toolCallId: 'tc1',
      state: 'failed',
      error: { code: 'cancelled' },
    });
    expect(after[4]).toMatchObject({
      type: 'call_state',
      state: 'ended',
      reason: LOST_WORKER_REASON,
    });
    const rows = await t.db.call.findMany({
      where: { id: { in: [dead.callId, alive.callId, noRow.callId, unclaimed.callId] } },
    });
    const status = Object.fromEntries(rows.map((r) => [r.id, [r.status, r.endReason]]));
    expect(status[dead.callId]).toEqual(['ended', LOST_WORKER_REASON]);
    expect(status[noRow.callId]).toEqual(['ended', LOST_WORKER_REASON]);
    expect(status[alive.callId]).toEqual(['active', null]);
    expect(status[unclaimed.callId]?.[0]).not.toBe('ended');

    // The Status page's list: both workers, the dead one as stopped, and what each holds open.
    const views = await listWorkerViews({ db: t.db, now });
    const byId = Object.fromEntries(views.map((v) => [v.id, v]));
    expect(byId['w-alive']).toMatchObject({
      hostname: 'host-w-alive',
      reporting: true,
      openCalls: 1,
    });
    expect(byId['w-dead']).toMatchObject({ reporting: false, openCalls: 0, secondsSinceSeen: 60 });
  });
});
