import type { EventToAppend } from '@/lib/db/call-events';
import type { Logger } from './logger';

/**
 * Writes call events to the database in order, one batch at a time. A failed write is retried
 * with exponential backoff while the call runs; nothing is dropped silently: events are lost only
 * when the buffer overflows or the final flush runs out of time, and then the count is logged
 * as an error.
 */
export interface EventStoreWriterOptions {
  append: (batch: EventToAppend[]) => Promise<void>;
  log: Logger;
  /** for the log lines */
  callId: string;
  /**
   * How long an event waits for others before a write starts; what arrives during a write goes in
   * the next statement (group commit), so a busy call makes one statement per burst. The room
   * hears of an event only once it is written (call-event-emitter.ts), so this wait is in every
   * event's latency; each statement also costs the agent's loop about 2.5 ms of CPU (Prisma), which
   * back-to-back tool calls feel. The default, 10 ms, puts a tool call's requested, executing and
   * done in one statement (agent/bench/bench.ts, one run each at load 5-11: tool-bridge overhead
   * 1.08 at 10 ms, 1.11 at the former 50 ms, 1.61 at 0). 0 writes as soon as the burst is queued
   * (a microtask later). At `maxBatch` waiting, a write starts at once.
   */
  flushDelayMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  maxBatch?: number;
  /** events kept while the database is failing before the oldest are given up */
  maxBuffered?: number;
}

export interface EventStoreWriter {
  /** resolves true once the event is written, false if it was given up (and logged as lost) */
  enqueue(item: EventToAppend): Promise<boolean>;
  /** waits until every queued event is written, or gives up after `timeoutMs` and reports the loss */
  close(timeoutMs?: number): Promise<{ written: number; lost: number }>;
  readonly pending: number;
  readonly written: number;
  readonly lost: number;
}

export function createEventStoreWriter(options: EventStoreWriterOptions): EventStoreWriter {
  const { append, log, callId } = options;
  const initialBackoffMs = options.initialBackoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  const maxBatch = options.maxBatch ?? 100;
  const maxBuffered = options.maxBuffered ?? 10_000;
  const flushDelayMs = options.flushDelayMs ?? 10;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let kickQueued = false;
  const queue: Array<{ item: EventToAppend; settle: (written: boolean) => void }> = [];
  let written = 0;
  let lost = 0;
  let running: Promise<void> | undefined;
  let closing = false;
  let wake: (() => void) | undefined;
  let failures = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function drain() {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      try {
        await append(batch.map((queued) => queued.item));
        queue.splice(0, batch.length);
        written += batch.length;
        for (const queued of batch) queued.settle(true);
        if (failures > 0) {
          log.warn(
            { callId, failures, written: batch.length },
            'call events: database write recovered',
          );
        }
        failures = 0;
      } catch (error) {
        failures += 1;
        if (closing && closeDeadline !== undefined && Date.now() >= closeDeadline) return;
        const backoff = Math.min(maxBackoffMs, initialBackoffMs * 2 ** (failures - 1));
        log.warn(
          {
            callId,
            pending: queue.length,
            attempt: failures,
            retryInMs: backoff,
            error: String(error),
          },
          'call events: database write failed, retrying',
        );
        await sleep(
          closing && closeDeadline !== undefined
            ? Math.min(backoff, Math.max(0, closeDeadline - Date.now()))
            : backoff,
        );
        if (closing && closeDeadline !== undefined && Date.now() >= closeDeadline) return;
      }
    }
  }

  let closeDeadline: number | undefined;

  function kick() {
    running ??= drain().finally(() => {
      running = undefined;
      if (queue.length > 0 && !closing) schedule();
    });
  }

  function schedule() {
    if (running || flushTimer || kickQueued) return;
    if (queue.length >= maxBatch) return kick();
    if (flushDelayMs === 0) {
      kickQueued = true;
      queueMicrotask(() => {
        kickQueued = false;
        if (!closing) kick();
      });
      return;
    }
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      kick();
    }, flushDelayMs);
  }

  return {
    enqueue(item) {
      if (closing) {
        lost += 1;
        log.error(
          { callId, lost: 1, seq: item.event.seq },
          'call events: LOST an event enqueued after close',
        );
        return Promise.resolve(false);
      }
      const stored = new Promise<boolean>((settle) => queue.push({ item, settle }));
      if (queue.length > maxBuffered) {
        const dropped = queue.splice(0, queue.length - maxBuffered);
        lost += dropped.length;
        for (const queued of dropped) queued.settle(false);
        log.error(
          { callId, lost: dropped.length, firstSeq: dropped[0]?.item.event.seq },
          'call events: LOST events, the database has been failing and the buffer is full',
        );
      }
      schedule();
      return stored;
    },
    async close(timeoutMs = 15_000) {
      closing = true;
      closeDeadline = Date.now() + timeoutMs;
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      wake?.();
      if (queue.length > 0 && !running) running = drain().finally(() => (running = undefined));
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs + 50).unref());
      await Promise.race([running ?? Promise.resolve(), deadline]);
      if (queue.length > 0) {
        const gone = queue.splice(0, queue.length);
        lost += gone.length;
        for (const queued of gone) queued.settle(false);
        log.error(
          {
            callId,
            lost: gone.length,
            firstSeq: gone[0]?.item.event.seq,
            lastSeq: gone.at(-1)?.item.event.seq,
          },
          `call events: LOST ${gone.length} events, the database could not be written before the call closed`,
        );
      }
      return { written, lost };
    },
    get pending() {
      return queue.length;
    },
    get written() {
      return written;
    },
    get lost() {
      return lost;
    },
  };
}
