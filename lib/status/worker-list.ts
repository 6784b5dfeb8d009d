import { countOpenCallsByWorker } from '../db/call-workers';
import type { Db } from '../db/client';
import { listWorkersSeenSince, WORKER_STALE_MS } from '../db/workers';

/**
 * Every agent worker the Status page lists: each one that reported within the last hour, on any
 * host, whether it still reports, with its own count of calls and the calls the database holds
 * open for it (they differ while a stopped worker's calls wait to be closed).
 */
export const WORKER_LIST_WINDOW_MS = 60 * 60_000;

export interface WorkerView {
  id: string;
  hostname: string;
  agentName: string;
  version: string;
  livekitUrl: string;
  /** registered with LiveKit at its last heartbeat */
  registered: boolean;
  /** heartbeat within WORKER_STALE_MS */
  reporting: boolean;
  lastSeenAt: string;
  secondsSinceSeen: number;
  /** the calls it said it runs at its last heartbeat */
  activeJobs: number;
  /** calls the database has open with this worker */
  openCalls: number;
}

export async function listWorkerViews({
  db,
  now = new Date(),
}: {
  db: Db;
  now?: Date;
}): Promise<WorkerView[]> {
  const rows = await listWorkersSeenSince({
    db,
    since: new Date(now.getTime() - WORKER_LIST_WINDOW_MS),
  });
  const open = await countOpenCallsByWorker({ db, workerIds: rows.map((row) => row.id) });
  return rows.map((row) => {
    const age = now.getTime() - row.lastSeenAt.getTime();
    return {
      id: row.id,
      hostname: row.hostname,
      agentName: row.agentName,
      version: row.version,
      livekitUrl: row.livekitUrl,
      registered: row.registered,
      reporting: age <= WORKER_STALE_MS,
      lastSeenAt: row.lastSeenAt.toISOString(),
      secondsSinceSeen: Math.max(0, Math.round(age / 1000)),
      activeJobs: row.activeJobs,
      openCalls: open.get(row.id) ?? 0,
    };
  });
}
