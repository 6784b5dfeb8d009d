import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialCallView } from '@/lib/call-events/call-view';
import { reduceCallEvents } from '@/lib/call-events/reducer';
import { closeAbandonedCall } from '@/lib/db/abandoned-calls';
import { appendCallEvents, listCallEvents } from '@/lib/db/call-events';
import { createTestDb, type TestDb } from '../support/test-db';
import { callEvents } from './events';
import { seedCallRow, seedUser } from './seed';

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
  await seedUser(testDb.db, 'caller');
});
afterAll(() => testDb.cleanup());

const MESSAGE = 'The agent left the call before this tool call finished.';

async function activeCallWith(bodies: Parameters<typeof callEvents>[1]) {
  const call = await seedCallRow(testDb.db, { userId: 'caller', status: 'active' });
  await appendCallEvents({
    db: testDb.db,
    events: callEvents(call.id, bodies).map((event) => ({ event })),
  });
  return call.id;
}

describe('closing a call whose agent is gone', () => {
  it('keeps what was stored, cancels every open tool call after it, and ends the call', async () => {
    const callId = await activeCallWith([
      { type: 'call_state', state: 'started' },
      { type: 'tool_call', toolCallId: 'done_1', tool: 'echo', server: 'E', state: 'requested' },
      { type: 'tool_call', toolCallId: 'done_1', tool: 'echo', server: 'E', state: 'executing' },
      { type: 'tool_call', toolCallId: 'done_1', tool: 'echo', server: 'E', state: 'done' },
      { type: 'tool_call', toolCallId: 'run_2', tool: 'slow', server: 'E', state: 'requested' },
      { type: 'tool_call', toolCallId: 'run_2', tool: 'slow', server: 'E', state: 'executing' },
      { type: 'tool_call', toolCallId: 'ask_3', tool: 'send', server: 'M', state: 'requested' },
      {
        type: 'tool_call',
        toolCallId: 'ask_3',
        tool: 'send',
        server: 'M',
        state: 'awaiting_confirmation',
      },
    ]);
    const before = await listCallEvents({ db: testDb.db, callId });

    const outcome = await closeAbandonedCall({
      db: testDb.db,
      callId,
      reason: 'the agent left the call',
      message: MESSAGE,
    });

    expect(outcome).toEqual({ closed: true, cancelledToolCalls: ['run_2', 'ask_3'] });
    const after = await listCallEvents({ db: testDb.db, callId });
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((e) => e.seq)).toEqual([...Array(after.length).keys()]);
    expect(after.slice(before.length).map((e) => [e.type, 'state' in e ? e.state : null])).toEqual([
      ['tool_call', 'failed'],
      ['confirmation', null],
      ['tool_call', 'failed'],
      ['call_state', 'ended'],
    ]);
    expect(after.at(-1)).toMatchObject({ reason: 'the agent left the call' });
    expect(after[before.length + 1]).toMatchObject({
      toolCallId: 'ask_3',
      decision: 'call_ended',
      via: 'system',
      by: null,
    });

    // The one reducer sees every requested end, and the call end.
    const view = reduceCallEvents(
      { ...initialCallView, callId },
      { type: 'events', events: after },
    );
    expect(view.status).toBe('ended');
    expect(view.endReason).toBe('the agent left the call');
    expect(
      view.entries.flatMap((e) => (e.kind === 'tool_call' ? [[e.toolCallId, e.state]] : [])),
    ).toEqual([
      ['done_1', 'done'],
      ['run_2', 'failed'],
      ['ask_3', 'failed'],
    ]);
    const failures = after.filter((e) => e.type === 'tool_call' && e.state === 'failed');
    expect(failures.map((e) => (e.type === 'tool_call' ? e.error : null))).toEqual([
      { code: 'cancelled', message: MESSAGE },
      { code: 'cancelled', message: MESSAGE },
    ]);

    const row = await testDb.db.call.findUniqueOrThrow({ where: { id: callId } });
    expect(row.status).toBe('ended');
    expect(row.endReason).toBe('the agent left the call');
    expect(row.endedAt).not.toBeNull();
  });

  it('does nothing to a call that has already ended', async () => {
    const callId = await activeCallWith([
      { type: 'call_state', state: 'started' },
      { type: 'call_state', state: 'ended', reason: 'user_initiated' },
    ]);
    await testDb.db.call.update({
      where: { id: callId },
      data: { status: 'ended', endReason: 'user_initiated' },
    });
    const outcome = await closeAbandonedCall({
      db: testDb.db,
      callId,
      reason: 'the agent left the call',
      message: MESSAGE,
    });
    expect(outcome).toEqual({ closed: false, cancelledToolCalls: [] });
    expect(await listCallEvents({ db: testDb.db, callId })).toHaveLength(2);
    const row = await testDb.db.call.findUniqueOrThrow({ where: { id: callId } });
    expect(row.endReason).toBe('user_initiated');
  });

  it('closes a call twice only once', async () => {
    const callId = await activeCallWith([{ type: 'call_state', state: 'started' }]);
    const close = () =>
      closeAbandonedCall({ db: testDb.db, callId, reason: 'gone', message: MESSAGE });
    const outcomes = await Promise.all([close(), close()]);
    expect(outcomes.filter((o) => o.closed)).toHaveLength(1);
    expect(await listCallEvents({ db: testDb.db, callId })).toHaveLength(2);
  });
});
