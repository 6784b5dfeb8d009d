import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEventBody } from '@/lib/call-events/schema';
import { appendCallEvents } from '@/lib/db/call-events';
import { listCallsForViewer } from '@/lib/db/calls';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { callEvents } from './events';
import { seedCallRow, seedUser } from './seed';
import { migrationsFolder } from '@/lib/db/schema-files';

/** The calls list's "unbacked claims" count and filter (issue 11), against a real database. */
let t: TestDb;
const admin = { id: 'root', role: 'admin' as const };
const bob = { id: 'bob', role: 'member' as const };
let annClaims = '';
let bobBacked = '';

const claim = (
  verdict: 'supported' | 'unsupported' | 'contradicted',
  segmentId = 'a1',
): CallEventBody => ({
  type: 'claim_check',
  segmentId,
  text: 'it is sent',
  verdict,
  tool: 'send_email',
  toolCallIds: [],
  action: verdict === 'supported' ? 'recorded' : 'flagged',
  correction: false,
});

async function store(callId: string, bodies: CallEventBody[]) {
  await appendCallEvents({
    db: t.db,
    events: callEvents(callId, bodies).map((event) => ({ event })),
  });
}

beforeAll(async () => {
  t = await createTestDb();
  await seedUser(t.db, 'ann');
  await seedUser(t.db, 'bob');
  await seedUser(t.db, 'root', 'admin');
  annClaims = (
    await seedCallRow(t.db, {
      userId: 'ann',
      status: 'ended',
      createdAt: new Date(Date.now() - 60_000),
    })
  ).id;
  await store(annClaims, [
    claim('unsupported'),
    claim('supported', 'a2'),
    claim('contradicted', 'a3'),
  ]);
  bobBacked = (
    await seedCallRow(t.db, {
      userId: 'bob',
      status: 'ended',
      createdAt: new Date(Date.now() - 50_000),
    })
  ).id;
  await store(bobBacked, [claim('supported')]);
  // Newer calls with no claims at all: more of them than the list's limit below.
  for (let i = 0; i < 3; i++) await seedCallRow(t.db, { userId: 'bob', status: 'ended' });
});
afterAll(async () => {
  await t?.cleanup();
});

describe('unbacked claims in the calls list', () => {
  it('counts each call’s unsupported and contradicted claims, not its backed ones', async () => {
    const all = await listCallsForViewer({ db: t.db, viewer: admin });
    const byId = new Map(all.map((c) => [c.id, c.unbackedClaims]));
    expect(byId.get(annClaims)).toBe(2);
    expect(byId.get(bobBacked)).toBe(0);
    expect(all.filter((c) => c.unbackedClaims > 0).map((c) => c.id)).toEqual([annClaims]);
  });

  it('filters in the query: the limit counts matching calls, so an older one is still found', async () => {
    const newest = await listCallsForViewer({ db: t.db, viewer: admin, limit: 2 });
    expect(newest.map((c) => c.id)).not.toContain(annClaims);
    const only = await listCallsForViewer({
      db: t.db,
      viewer: admin,
      onlyUnbackedClaims: true,
      limit: 2,
    });
    expect(only.map((c) => c.id)).toEqual([annClaims]);
    // a member sees only their own: Bob's calls have none
    expect(await listCallsForViewer({ db: t.db, viewer: bob, onlyUnbackedClaims: true })).toEqual(
      [],
    );
  });

  it('claim_check rows stored before the verdict column was kept are backfilled by the migration', async () => {
    const old = await seedCallRow(t.db, { userId: 'bob', status: 'ended' });
    const [event] = callEvents(old.id, [claim('contradicted')]);
    await t.db.callEvent.create({
      data: {
        callId: old.id,
        seq: 0,
        type: 'claim_check',
        state: null,
        payload: JSON.stringify(event),
      },
    });
    expect(await listCallsForViewer({ db: t.db, viewer: bob, onlyUnbackedClaims: true })).toEqual(
      [],
    );
    // this run's database's own migration (on PostgreSQL, the twin)
    const dir = migrationsFolder(path.resolve(import.meta.dirname, '..', '..'), t.provider);
    const migration = fs.readdirSync(dir).find((d) => d.endsWith('_claim_check_verdict_state'))!;
    await t.db.$executeRawUnsafe(
      fs.readFileSync(path.join(dir, migration, 'migration.sql'), 'utf8'),
    );
    const found = await listCallsForViewer({ db: t.db, viewer: bob, onlyUnbackedClaims: true });
    expect(found.map((c) => [c.id, c.unbackedClaims])).toEqual([[old.id, 1]]);
  });
});
