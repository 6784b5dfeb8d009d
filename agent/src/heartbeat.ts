import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Db } from '@/lib/db/client';
import { recordWorkerHeartbeat } from '@/lib/db/workers';
import type { Logger } from './logger';

/**
 * The worker tells the console it is alive: one WorkerHeartbeat row per worker process, upserted
 * every `intervalMs` (the Status page reads lastSeenAt), saying whether it is registered with
 * LiveKit: a worker that runs but cannot reach LiveKit is never dispatched a call. A failed write
 * is logged, never fatal.
 */
export interface HeartbeatOptions {
  db: Db;
  agentName: string;
  version: string;
  livekitUrl: string;
  activeJobs: () => number;
  /** connected and registered with LiveKit now */
  registered: () => boolean;
  log: Logger;
  intervalMs?: number;
  id?: string;
  hostname?: string;
  now?: () => Date;
}

export interface Heartbeat {
  readonly id: string;
  /** writes one beat now */
  beat(): Promise<void>;
  stop(): Promise<void>;
}

/** a worker process's id: host, process, and a random part (process ids are reused) */
export function newWorkerId(): string {
  return `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const id = options.id ?? newWorkerId();
  const hostname = options.hostname ?? os.hostname();
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  let failing = false;
  let inFlight: Promise<void> = Promise.resolve();

  async function write() {
    const beat = {
      agentName: options.agentName,
      version: options.version,
      livekitUrl: options.livekitUrl,
      activeJobs: options.activeJobs(),
      registered: options.registered(),
      lastSeenAt: now(),
    };
    try {
      await recordWorkerHeartbeat({ db: options.db, id, hostname, startedAt, beat });
      if (failing) options.log.info({ id }, 'heartbeat: database write recovered');
      failing = false;
    } catch (error) {
      if (!failing)
        options.log.error({ id, error: String(error) }, 'heartbeat: database write failed');
      failing = true;
    }
  }

  const beat = () => (inFlight = inFlight.then(write));
  void beat();
  const timer = setInterval(() => void beat(), options.intervalMs ?? 10_000);
  timer.unref();

  return {
    id,
    beat,
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
