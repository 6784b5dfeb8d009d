import type { Db } from './client';

/**
 * WorkerHeartbeat rows: each agent worker process upserts its own (agent/src/heartbeat.ts), the
 * Status page reads them (lib/status/checks.ts), and workers find the calls of a worker that
 * stopped reporting by them (lib/db/call-workers.ts).
 */

/** A worker that has not reported for this long counts as gone (default; AGENT_WORKER_STALE_MS). */
export const WORKER_STALE_MS = 30_000;
export interface WorkerBeat {
  agentName: string;
  version: string;
  livekitUrl: string;
  activeJobs: number;
  registered: boolean;
  lastSeenAt: Date;
}

export async function recordWorkerHeartbeat({
  db,
  id,
  hostname,
  startedAt,
  beat,
}: {
  db: Db;
  id: string;
  hostname: string;
  startedAt: Date;
  beat: WorkerBeat;
}): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { id },
    create: { id, hostname, startedAt, ...beat },
    update: beat,
  });
}

/** workers seen since `since`, the most recent first */
export async function listWorkersSeenSince({ db, since }: { db: Db; since: Date }) {
  return db.workerHeartbeat.findMany({
    where: { lastSeenAt: { gte: since } },
    orderBy: { lastSeenAt: 'desc' },
  });
}

/** the worker that reported last, however long ago */
export async function findLastWorker({ db }: { db: Db }) {
  return db.workerHeartbeat.findFirst({ orderBy: { lastSeenAt: 'desc' } });
}
