import { CallEvent } from '../call-events/schema';
import { notifyCallEvents } from './call-event-notify';
import type { Db } from './client';
import { isUniqueViolation } from './prisma-errors';

/**
 * The append-only call-event log (one CallEvent row per event) and the Call row's lifecycle.
 * The agent appends; the console's live monitor and review pages read with listCallEvents.
 */

export interface EventToAppend {
  event: CallEvent;
  /** full values the event's previews cut (for tool calls: `{ args, result }`), kept for review */
  detail?: unknown;
}

/** The stored row of one event: the event itself, and the columns it is counted and found by. */
export function callEventRow({ event, detail }: EventToAppend) {
  const parsed = CallEvent.parse(event);
  const toolCall = parsed.type === 'tool_call' || parsed.type === 'confirmation';
  return {
    callId: parsed.callId,
    seq: parsed.seq,
    type: parsed.type,
    toolCallId: toolCall ? parsed.toolCallId : null,
    state: rowState(parsed),
    payload: JSON.stringify(parsed),
    detail: detail === undefined ? null : JSON.stringify(detail),
  };
}

/**
 * Appends events in one statement. Idempotent per (callId, seq): rows that already exist are
 * skipped, so a writer may retry a batch whose commit it could not confirm.
 */
export async function appendCallEvents({
  db,
  events,
}: {
  db: Db;
  events: EventToAppend[];
}): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map(callEventRow);
  try {
    // One statement: atomic on its own, and the cheap path every append takes.
    await db.callEvent.createMany({ data: rows });
  } catch (error) {
    await appendMissing(db, rows, error);
  }
  // After the commit: the consoles' live monitors read what this announces (PostgreSQL).
  const lastSeq = new Map<string, number>();
  for (const row of rows) lastSeq.set(row.callId, Math.max(row.seq, lastSeq.get(row.callId) ?? -1));
  for (const [callId, seq] of lastSeq) await notifyCallEvents({ db, callId, seq });
}

type EventRow = {
  callId: string;
  seq: number;
  type: string;
  toolCallId: string | null;
  state: string | null;
  payload: string;
  detail: string | null;
};

async function appendMissing(db: Db, rows: EventRow[], error: unknown): Promise<void> {
  if (!isUniqueViolation(error)) throw error;
  {
    // Some rows are already there (a retry of a batch whose commit we could not confirm).
    await db.$transaction(async (tx) => {
      const byCall = new Map<string, number[]>();
      for (const row of rows) byCall.set(row.callId, [...(byCall.get(row.callId) ?? []), row.seq]);
      const existing = new Set<string>();
      for (const [callId, seqs] of byCall) {
        const found = await tx.callEvent.findMany({
          where: { callId, seq: { in: seqs } },
          select: { seq: true },
        });
        for (const { seq } of found) existing.add(`${callId}:${seq}`);
      }
      const fresh = rows.filter((row) => !existing.has(`${row.callId}:${row.seq}`));
      if (fresh.length > 0) await tx.callEvent.createMany({ data: fresh });
    });
  }
}

/** The row's `state` column: what the lists count and filter on without parsing payloads. */
function rowState(event: CallEvent): string | null {
  switch (event.type) {
    case 'tool_call':
      return event.state;
    case 'confirmation':
      return event.decision;
    case 'claim_check':
      return event.verdict;
    default:
      return null;
  }
}

export interface StoredCallEvent {
  event: CallEvent;
  detail: unknown;
}

/** Which of a call's events to read: all, or only those after `afterSeq`. */
export interface CallEventQuery {
  db: Db;
  callId: string;
  afterSeq?: number;
}

async function readRows({ db, callId, afterSeq }: CallEventQuery) {
  return db.callEvent.findMany({
    where: { callId, ...(afterSeq === undefined ? {} : { seq: { gt: afterSeq } }) },
    orderBy: { seq: 'asc' },
    select: { payload: true, detail: true },
  });
}

/** A call's events ordered by seq (optionally only those after `afterSeq`), validated. */
export async function listCallEvents(query: CallEventQuery): Promise<CallEvent[]> {
  const rows = await readRows(query);
  return rows.map((row) => CallEvent.parse(JSON.parse(row.payload)));
}

/** As listCallEvents, with the full values the previews cut. */
export async function listCallEventsWithDetail(query: CallEventQuery): Promise<StoredCallEvent[]> {
  const rows = await readRows(query);
  return rows.map((row) => ({
    event: CallEvent.parse(JSON.parse(row.payload)),
    detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
  }));
}

/** The agent joined: created -> active. Keeps the first startedAt if called twice. */
export async function markCallStarted({
  db,
  callId,
  at = new Date(),
}: {
  db: Db;
  callId: string;
  at?: Date;
}) {
  await db.call.updateMany({ where: { id: callId, startedAt: null }, data: { startedAt: at } });
  await db.call.updateMany({
    where: { id: callId, status: 'created' },
    data: { status: 'active' },
  });
}

/** The session ended: -> ended, with the reason. Keeps the first end if called twice. */
export async function markCallEnded({
  db,
  callId,
  reason,
  at = new Date(),
}: {
  db: Db;
  callId: string;
  reason: string;
  at?: Date;
}) {
  const { count } = await db.call.updateMany({
    where: { id: callId, NOT: { status: 'ended' } },
    data: { status: 'ended', endedAt: at, endReason: reason },
  });
  // Live monitors close once the call has ended and they sent everything: tell them it has.
  if (count > 0) await notifyCallEvents({ db, callId, seq: -1 });
}
