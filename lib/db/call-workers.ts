import type { Db } from './client';

/**
 * Which agent worker runs a call. A worker's job claims the call when it starts (Call.workerId,
 * its WorkerHeartbeat id), so one call has one worker even if a dispatch reached two; and when a
 * worker stops reporting, the others find its calls here and close them (agent/src/lost-calls.ts).
 */

/**
 * Claims an open call for `workerId`. True when the call is now this worker's (again, for a
 * retried start); false when it has ended or another worker holds it. One conditional update:
 * of two claims at once, the second finds the row taken once the first commits.
 */
export async function claimCallForWorker({
  db,
  callId,
  workerId,
}: {
  db: Db;
  callId: string;
  workerId: string;
}): Promise<boolean> {
  const claimed = await db.call.updateMany({
    where: {
      id: callId,
      NOT: { status: 'ended' },
      OR: [{ workerId: null }, { workerId }],
    },
    data: { workerId },
  });
  return claimed.count === 1;
}

export interface CallOfLostWorker {
  callId: string;
  workerId: string;
  /** the worker's last heartbeat; null when it has no heartbeat row at all */
  lastSeenAt: Date | null;
}

/**
 * Open calls whose worker has not reported since `seenSince` (or never did): nobody is left to
 * end them. `exceptWorkerId` is the asking worker, alive by definition.
 */
export async function listCallsOfLostWorkers({
  db,
  seenSince,
  exceptWorkerId,
}: {
  db: Db;
  seenSince: Date;
  exceptWorkerId?: string;
}): Promise<CallOfLostWorker[]> {
  const open = await db.call.findMany({
    where: {
      NOT: { status: 'ended' },
      workerId: exceptWorkerId ? { not: exceptWorkerId } : { not: null },
    },
    select: { id: true, workerId: true },
    orderBy: { createdAt: 'asc' },
  });
  if (open.length === 0) return [];
  const workerIds = [...new Set(open.map((call) => call.workerId as string))];
  const beats = await db.workerHeartbeat.findMany({
    where: { id: { in: workerIds } },
    select: { id: true, lastSeenAt: true },
  });
  const lastSeen = new Map(beats.map((beat) => [beat.id, beat.lastSeenAt]));
  return open.flatMap((call) => {
    const workerId = call.workerId as string;
    const seen = lastSeen.get(workerId) ?? null;
    return seen && seen >= seenSince ? [] : [{ callId: call.id, workerId, lastSeenAt: seen }];
  });
}

/** open (not ended) calls per worker id, for the Status page's list of workers */
export async function countOpenCallsByWorker({
  db,
  workerIds,
}: {
  db: Db;
  workerIds: string[];
}): Promise<Map<string, number>> {
  if (workerIds.length === 0) return new Map();
  const groups = await db.call.groupBy({
    by: ['workerId'],
    where: { workerId: { in: workerIds }, NOT: { status: 'ended' } },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.workerId as string, group._count._all]));
}
