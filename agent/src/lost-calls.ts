import { closeAbandonedCall } from '@/lib/db/abandoned-calls';
import { listCallsOfLostWorkers } from '@/lib/db/call-workers';
import type { Db } from '@/lib/db/client';
import type { Logger } from './logger';

/**
 * Calls whose worker is gone (killed, its host lost) are closed by the workers still running, so
 * that needs no caller's page left open (the page's own path is /api/calls/[callId]/agent-left):
 * every few seconds each worker looks for open calls whose worker's heartbeat is older than
 * `staleMs` and closes them the way the agent would have (lib/db/abandoned-calls.ts). Two
 * workers sweeping at once close a call once: closing claims the row first.
 */
export const LOST_WORKER_REASON = 'the agent worker stopped';
const LOST_WORKER_MESSAGE =
  'The agent worker running this call stopped before this tool call finished; it may or may not have run.';

export interface LostCallSweepOptions {
  db: Db;
  /** this worker's id: its own calls are never swept */
  workerId: string;
  /** a worker silent for this long is gone (well above every worker's heartbeat interval) */
  staleMs: number;
  intervalMs: number;
  log: Logger;
  now?: () => Date;
}

export interface LostCallSweep {
  /** one sweep now; the calls it closed */
  sweep(): Promise<string[]>;
  stop(): Promise<void>;
}

export function startLostCallSweep(options: LostCallSweepOptions): LostCallSweep {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  let running: Promise<string[]> = Promise.resolve([]);

  async function sweepOnce(): Promise<string[]> {
    const at = now();
    const lost = await listCallsOfLostWorkers({
      db,
      seenSince: new Date(at.getTime() - options.staleMs),
      exceptWorkerId: options.workerId,
    });
    const closed: string[] = [];
    for (const call of lost) {
      const outcome = await closeAbandonedCall({
        db,
        callId: call.callId,
        reason: LOST_WORKER_REASON,
        message: LOST_WORKER_MESSAGE,
        at,
      });
      if (!outcome.closed) continue;
      closed.push(call.callId);
      log.info(
        {
          callId: call.callId,
          lostWorkerId: call.workerId,
          lastSeenAt: call.lastSeenAt?.toISOString() ?? null,
          cancelledToolCalls: outcome.cancelledToolCalls,
        },
        'closed a call whose agent worker stopped reporting',
      );
    }
    return closed;
  }

  const sweep = () =>
    (running = running.then(sweepOnce).catch((error: unknown) => {
      log.warn({ error: String(error) }, 'lost-call sweep failed; the next one retries');
      return [];
    }));
  const timer = setInterval(() => void sweep(), options.intervalMs);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
