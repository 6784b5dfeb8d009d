import { countToolCallsByCall } from '../call-events/tool-call-counts';
import type { Db } from './client';

/**
 * Calls: the record a call starts with, and what members and admins may see of them. Members see
 * their own calls, admins every call; anything else reads as "not found" (never "forbidden"), so a
 * call's existence is not revealed.
 */

export interface CallViewer {
  id: string;
  role: 'admin' | 'member';
}

export type CallStatus = 'created' | 'active' | 'ended';

export interface CallSummary {
  id: string;
  roomName: string;
  status: CallStatus;
  /** ISO strings: these cross to client components as plain props */
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  /** from the agent joining to the end; null until both are known */
  durationMs: number | null;
  caller: { id: string; name: string; email: string } | null;
  profileVersionId: string | null;
  toolCalls: number;
  failedToolCalls: number;
  /** claims the agent made that no tool call backed (claim_check unsupported or contradicted) */
  unbackedClaims: number;
}

/** The claim_check verdicts that count as unbacked (stored in CallEvent.state). */
export const UNBACKED_VERDICTS = ['unsupported', 'contradicted'] as const;

const unbackedClaimRows = { type: 'claim_check', state: { in: [...UNBACKED_VERDICTS] } };

export async function createCall({
  db,
  userId,
  roomName,
  profileVersionId,
}: {
  db: Db;
  userId: string;
  roomName: string;
  profileVersionId: string | null;
}): Promise<{ id: string; roomName: string }> {
  const call = await db.call.create({
    data: { userId, roomName, profileVersionId, status: 'created' },
    select: { id: true, roomName: true },
  });
  return call;
}

/** Calls this user started since `since` (the per-user call rate limit counts these). */
export async function countCallsSince({
  db,
  userId,
  since,
}: {
  db: Db;
  userId: string;
  since: Date;
}): Promise<{ count: number; oldest: Date | null }> {
  const rows = await db.call.findMany({
    where: { userId, createdAt: { gte: since } },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true },
  });
  return { count: rows.length, oldest: rows[0]?.createdAt ?? null };
}

type CallRow = {
  id: string;
  userId: string;
  roomName: string;
  status: string;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  profileVersionId: string | null;
};

const callSelect = {
  id: true,
  userId: true,
  roomName: true,
  status: true,
  createdAt: true,
  startedAt: true,
  endedAt: true,
  endReason: true,
  profileVersionId: true,
} as const;

function toStatus(status: string): CallStatus {
  return status === 'active' || status === 'ended' ? status : 'created';
}

async function summarize(db: Db, calls: CallRow[]): Promise<CallSummary[]> {
  if (calls.length === 0) return [];
  const ids = calls.map((c) => c.id);
  const [rows, claims, users] = await Promise.all([
    db.callEvent.findMany({
      where: { callId: { in: ids }, type: 'tool_call' },
      select: { callId: true, toolCallId: true, state: true, seq: true },
    }),
    db.callEvent.groupBy({
      by: ['callId'],
      where: { callId: { in: ids }, ...unbackedClaimRows },
      _count: { _all: true },
    }),
    db.user.findMany({
      where: { id: { in: [...new Set(calls.map((c) => c.userId))] } },
      select: { id: true, name: true, email: true },
    }),
  ]);
  const counts = countToolCallsByCall(rows);
  const unbacked = new Map(claims.map((c) => [c.callId, c._count._all]));
  const byId = new Map(users.map((u) => [u.id, u]));
  return calls.map((c) => {
    const count = counts.get(c.id);
    return {
      id: c.id,
      roomName: c.roomName,
      status: toStatus(c.status),
      createdAt: c.createdAt.toISOString(),
      startedAt: c.startedAt?.toISOString() ?? null,
      endedAt: c.endedAt?.toISOString() ?? null,
      endReason: c.endReason,
      durationMs:
        c.startedAt && c.endedAt ? Math.max(0, c.endedAt.getTime() - c.startedAt.getTime()) : null,
      caller: byId.get(c.userId) ?? null,
      profileVersionId: c.profileVersionId,
      toolCalls: count?.toolCalls ?? 0,
      failedToolCalls: count?.failed ?? 0,
      unbackedClaims: unbacked.get(c.id) ?? 0,
    };
  });
}

/** The call if this viewer may see it (their own, or any for an admin); otherwise null. */
export async function getCallForViewer({
  db,
  callId,
  viewer,
}: {
  db: Db;
  callId: string;
  viewer: CallViewer;
}): Promise<CallSummary | null> {
  const call = await db.call.findUnique({ where: { id: callId }, select: callSelect });
  if (!call) return null;
  if (viewer.role !== 'admin' && call.userId !== viewer.id) return null;
  const [summary] = await summarize(db, [call]);
  return summary ?? null;
}

/** How many calls the list reads at most (newest first); the filters apply within them. */
export const CALL_LIST_LIMIT = 200;

/**
 * The calls list. `onlyUnbackedClaims` is part of the query (calls with a stored unsupported or
 * contradicted claim_check), so the limit counts matching calls; `onlyFailed` filters the read
 * calls by their tool calls' last states.
 */
export async function listCallsForViewer({
  db,
  viewer,
  onlyFailed = false,
  onlyUnbackedClaims = false,
  limit = CALL_LIST_LIMIT,
}: {
  db: Db;
  viewer: CallViewer;
  onlyFailed?: boolean;
  onlyUnbackedClaims?: boolean;
  limit?: number;
}): Promise<CallSummary[]> {
  const calls = await db.call.findMany({
    where: {
      ...(viewer.role === 'admin' ? {} : { userId: viewer.id }),
      ...(onlyUnbackedClaims ? { events: { some: unbackedClaimRows } } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: callSelect,
  });
  const summaries = await summarize(db, calls);
  return onlyFailed ? summaries.filter((c) => c.failedToolCalls > 0) : summaries;
}

/** For the live monitor: whether the call has ended (the stream closes once all is sent). */
export async function getCallStatus({
  db,
  callId,
}: {
  db: Db;
  callId: string;
}): Promise<CallStatus | null> {
  const call = await db.call.findUnique({ where: { id: callId }, select: { status: true } });
  return call ? toStatus(call.status) : null;
}

/** A call that has not been joined yet may still start: it is watched live for this long. */
export const WAIT_FOR_JOIN_MS = 2 * 60_000;

/** Whether the review page should watch this call live (in progress, or just created). */
export function isCallLive(
  call: Pick<CallSummary, 'status' | 'createdAt'>,
  now = Date.now(),
): boolean {
  if (call.status === 'active') return true;
  return call.status === 'created' && now - Date.parse(call.createdAt) < WAIT_FOR_JOIN_MS;
}
