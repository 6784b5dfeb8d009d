import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendCallEvents } from '@/lib/db/call-events';
import { getCallForViewer, isCallLive, listCallsForViewer } from '@/lib/db/calls';
import { countToolCallsByCall } from '@/lib/call-events/tool-call-counts';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { callEvents, sampleCall } from './events';
import { seedCallRow, seedUser } from './seed';

let t: TestDb;
const ann = { id: 'ann', role: 'member' as const };
const bob = { id: 'bob', role: 'member' as const };
const admin = { id: 'root', role: 'admin' as const };
let annCall = '';
let annQuiet = '';
let bobCall = '';

beforeAll(async () => {
  t = await createTestDb();
  await seedUser(t.db, 'ann');
  await seedUser(t.db, 'bob');
  await seedUser(t.db, 'root', 'admin');
  annCall = (
    await seedCallRow(t.db, {
      userId: 'ann',
      status: 'ended',
      createdAt: new Date(Date.now() - 3_000),
    })
  ).id;
  annQuiet = (
    await seedCallRow(t.db, {
      userId: 'ann',
      status: 'created',
      createdAt: new Date(Date.now() - 2_000),
    })
  ).id;
  bobCall = (await seedCallRow(t.db, { userId: 'bob', status: 'active' })).id;
  // Ann's call: one tool call done, one failed (sampleCall); Bob's: a call that failed then a
  // retry of the same id that is done (its last state counts), and one still executing.
  await appendCallEvents({ db: t.db, events: sampleCall(annCall).map((event) => ({ event })) });
  const bobEvents = callEvents(bobCall, [
    { type: 'tool_call', toolCallId: 'x', tool: 'echo', server: 's', state: 'requested' },
    {
      type: 'tool_call',
      toolCallId: 'x',
      tool: 'echo',
      server: 's',
      state: 'failed',
      error: { code: 'timeout', message: 't' },
    },
    { type: 'tool_call', toolCallId: 'x', tool: 'echo', server: 's', state: 'done' },
    { type: 'tool_call', toolCallId: 'y', tool: 'echo', server: 's', state: 'executing' },
  ]);
  await appendCallEvents({ db: t.db, events: bobEvents.map((event) => ({ event })) });
});
afterAll(async () => {
  await t?.cleanup();
});

describe('calls for a viewer', () => {
  it('lists a member their own calls only, and an admin every call, newest first', async () => {
    const mine = await listCallsForViewer({ db: t.db, viewer: ann });
    expect(mine.map((c) => c.id).sort()).toEqual([annCall, annQuiet].sort());
    const all = await listCallsForViewer({ db: t.db, viewer: admin });
    expect(all.map((c) => c.id)).toEqual([bobCall, annQuiet, annCall]);
  });

  it('counts distinct tool calls and those whose last state is failed', async () => {
    const all = await listCallsForViewer({ db: t.db, viewer: admin });
    const byId = new Map(all.map((c) => [c.id, c]));
    expect(byId.get(annCall)).toMatchObject({
      toolCalls: 2,
      failedToolCalls: 1,
      durationMs: 65_000,
    });
    expect(byId.get(bobCall)).toMatchObject({ toolCalls: 2, failedToolCalls: 0, durationMs: null });
    expect(byId.get(annQuiet)).toMatchObject({
      toolCalls: 0,
      failedToolCalls: 0,
      status: 'created',
    });
    expect(byId.get(annCall)?.caller).toEqual({
      id: 'ann',
      name: 'User ann',
      email: 'ann@calls.test',
    });
  });

  it('filters to calls with failed tool calls', async () => {
    const failed = await listCallsForViewer({ db: t.db, viewer: admin, onlyFailed: true });
    expect(failed.map((c) => c.id)).toEqual([annCall]);
    expect(await listCallsForViewer({ db: t.db, viewer: bob, onlyFailed: true })).toEqual([]);
  });

  it("returns another member's call as nothing at all, and any call to an admin", async () => {
    expect(await getCallForViewer({ db: t.db, callId: annCall, viewer: bob })).toBeNull();
    expect(await getCallForViewer({ db: t.db, callId: 'no-such-call', viewer: bob })).toBeNull();
    expect((await getCallForViewer({ db: t.db, callId: annCall, viewer: ann }))?.id).toBe(annCall);
    expect((await getCallForViewer({ db: t.db, callId: annCall, viewer: admin }))?.id).toBe(
      annCall,
    );
  });

  it('watches active calls live, and calls not joined yet for two minutes', () => {
    const now = Date.now();
    expect(
      isCallLive({ status: 'active', createdAt: new Date(now - 3_600_000).toISOString() }, now),
    ).toBe(true);
    expect(
      isCallLive({ status: 'created', createdAt: new Date(now - 1_000).toISOString() }, now),
    ).toBe(true);
    expect(
      isCallLive({ status: 'created', createdAt: new Date(now - 300_000).toISOString() }, now),
    ).toBe(false);
    expect(isCallLive({ status: 'ended', createdAt: new Date(now).toISOString() }, now)).toBe(
      false,
    );
  });
});

describe('countToolCallsByCall', () => {
  it('takes the last state by seq, whatever order the rows come in', () => {
    const counts = countToolCallsByCall([
      { callId: 'c', toolCallId: 'a', state: 'failed', seq: 5 },
      { callId: 'c', toolCallId: 'a', state: 'requested', seq: 1 },
      { callId: 'c', toolCallId: 'b', state: 'done', seq: 4 },
      { callId: 'c', toolCallId: 'b', state: 'failed', seq: 3 },
      { callId: 'd', toolCallId: null, state: null, seq: 0 },
    ]);
    expect(counts.get('c')).toEqual({ toolCalls: 2, failed: 1 });
    expect(counts.get('d')).toBeUndefined();
  });
});
