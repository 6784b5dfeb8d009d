import { CallEvent, type ToolCallEvent } from '../call-events/schema';
import { notifyCallEvents } from './call-event-notify';
import { callEventRow } from './call-events';
import type { Db } from './client';

/**
 * A call whose agent is gone without ending it (its worker was killed, its job crashed): nobody
 * is left to close it, so the console does, the way the agent would have. Every tool call still
 * open ends `failed` `cancelled` (a pending confirmation first gets its `call_ended` answer),
 * then `call_state ended` with the reason, and the Call row is ended. Everything the agent
 * stored before it went stays as it is: the new events take the seqs after the last stored one.
 */
export interface AbandonedCallOutcome {
  /** false when the call had already ended (by the agent, or by an earlier close) */
  closed: boolean;
  /** tool calls this closed as cancelled, in the order they were requested */
  cancelledToolCalls: string[];
}

const OPEN_STATES = new Set<ToolCallEvent['state']>([
  'requested',
  'awaiting_confirmation',
  'executing',
]);

type OpenToolCall = Pick<ToolCallEvent, 'toolCallId' | 'tool' | 'server' | 'state'>;

function openToolCalls(events: CallEvent[]): OpenToolCall[] {
  const last = new Map<string, OpenToolCall>();
  for (const event of events) {
    if (event.type !== 'tool_call') continue;
    const { toolCallId, tool, server, state } = event;
    last.set(toolCallId, { toolCallId, tool, server, state });
  }
  return [...last.values()].filter((call) => OPEN_STATES.has(call.state));
}

export async function closeAbandonedCall({
  db,
  callId,
  reason,
  message,
  at = new Date(),
}: {
  db: Db;
  callId: string;
  /** stored as the call's end reason and on `call_state ended` */
  reason: string;
  /** what each cancelled tool call's error says */
  message: string;
  at?: Date;
}): Promise<AbandonedCallOutcome> {
  const outcome = await db.$transaction(
    async (tx): Promise<AbandonedCallOutcome & { lastSeq?: number }> => {
      // Ending the row first is the claim: of two closes at once, the second's update finds the
      // call ended once the first commits (a row lock on PostgreSQL, the write lock on SQLite).
      const claimed = await tx.call.updateMany({
        where: { id: callId, NOT: { status: 'ended' } },
        data: { status: 'ended', endedAt: at, endReason: reason },
      });
      if (claimed.count === 0) return { closed: false, cancelledToolCalls: [] };
      const rows = await tx.callEvent.findMany({
        where: { callId },
        orderBy: { seq: 'asc' },
        select: { payload: true },
      });
      const stored = rows.map((row) => CallEvent.parse(JSON.parse(row.payload)));
      let seq = (stored.at(-1)?.seq ?? -1) + 1;
      const ts = at.toISOString();
      const base = { v: 1 as const, callId, ts };
      const open = openToolCalls(stored);
      const closing: CallEvent[] = [];
      for (const call of open) {
        if (call.state === 'awaiting_confirmation')
          closing.push({
            ...base,
            seq: seq++,
            type: 'confirmation',
            toolCallId: call.toolCallId,
            decision: 'call_ended',
            via: 'system',
            by: null,
          });
        closing.push({
          ...base,
          seq: seq++,
          type: 'tool_call',
          toolCallId: call.toolCallId,
          tool: call.tool,
          server: call.server,
          state: 'failed',
          error: { code: 'cancelled', message },
        });
      }
      closing.push({ ...base, seq: seq++, type: 'call_state', state: 'ended', reason });
      await tx.callEvent.createMany({ data: closing.map((event) => callEventRow({ event })) });
      return {
        closed: true,
        cancelledToolCalls: open.map((call) => call.toolCallId),
        lastSeq: seq - 1,
      };
    },
  );
  // After the commit, as appendCallEvents does: live monitors on PostgreSQL read what this
  // announces, and close once the call has ended (seq -1).
  if (outcome.lastSeq !== undefined) {
    await notifyCallEvents({ db, callId, seq: outcome.lastSeq });
    await notifyCallEvents({ db, callId, seq: -1 });
    return { closed: true, cancelledToolCalls: outcome.cancelledToolCalls };
  }
  return outcome;
}
