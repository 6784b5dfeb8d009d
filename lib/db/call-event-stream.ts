import { GAP_PATIENCE_MS } from '../call-events/call-view';
import type { CallEvent } from '../call-events/schema';
import { listCallEvents } from './call-events';
import type { CallEventWakeups } from './call-event-notify';
import { getCallStatus } from './calls';
import type { Db } from './client';

/**
 * The live monitor's server-sent events for one viewer: the call's stored events after the last
 * one sent (`id:` = seq), so a reconnect resumes with no duplicates and no gaps, then `end` once
 * the call has ended and everything was sent.
 *
 * When to look again: with `wakeups` (PostgreSQL), when the process's one listener says events of
 * this call were stored, with a slow check in case a notification was lost; without (SQLite, one
 * host), every POLL_MS. Viewers of one call woken together share one read.
 */
export const POLL_MS = 200;
/** With notifications, a look this often anyway (a notification lost with its connection). */
export const SAFETY_MS = 5_000;
const KEEP_ALIVE_MS = 15_000;

export interface LiveEventStreamInput {
  db: Db;
  callId: string;
  /** the last seq the viewer has (-1: none) */
  afterSeq: number;
  wakeups: CallEventWakeups | null;
  signal: AbortSignal;
  onError?: (error: unknown) => void;
}

type Read = { status: Awaited<ReturnType<typeof getCallStatus>>; events: CallEvent[] };
const inFlight = new Map<string, Promise<Read>>();

/** One read per (db, call, resume point) at a time: viewers woken together ask the same thing. */
function sharedRead(db: Db, callId: string, afterSeq: number): Promise<Read> {
  const key = `${callId}\u0000${afterSeq}`;
  const pending = inFlight.get(key);
  if (pending) return pending;
  const read = (async () => {
    // Read the status first: if it says ended, every event was stored before it.
    const status = await getCallStatus({ db, callId });
    const events = await listCallEvents({ db, callId, afterSeq });
    return { status, events };
  })().finally(() => inFlight.delete(key));
  inFlight.set(key, read);
  return read;
}

export function liveEventStream({
  db,
  callId,
  afterSeq,
  wakeups,
  signal,
  onError = (error) => console.error('[calls] event stream failed', error),
}: LiveEventStreamInput): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let last = afterSeq;
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    cancel() {
      stop();
    },
    start(controller) {
      let closed = false;
      let woken = false;
      let wakeNow: (() => void) | null = null;
      const unsubscribe = wakeups?.subscribe(callId, () => {
        woken = true;
        wakeNow?.();
      });
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe?.();
        wakeNow?.();
        try {
          controller.close();
        } catch {
          // the client already went away
        }
      };
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      /** Until woken, or `ms` passed, or the viewer left. */
      const wait = (ms: number) =>
        new Promise<void>((resolve) => {
          if (woken || closed) return resolve();
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            wakeNow = null;
            resolve();
          }
          wakeNow = done;
        });
      stop = close;
      signal.addEventListener('abort', close);
      write('retry: 1000\n\n');

      void (async () => {
        let lastWrite = Date.now();
        let gapSince: number | null = null;
        try {
          while (!closed) {
            woken = false;
            const { status, events } = await sharedRead(db, callId, last);
            const ended = status !== 'active' && status !== 'created';
            let sent = 0;
            let gap = false;
            for (const event of events) {
              if (event.seq !== last + 1 && !ended) {
                gapSince ??= Date.now();
                if (Date.now() - gapSince < GAP_PATIENCE_MS) {
                  gap = true;
                  break;
                }
              }
              gapSince = null;
              write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
              last = event.seq;
              sent += 1;
            }
            if (sent > 0) lastWrite = Date.now();
            if (ended && sent === events.length) {
              write(`event: end\ndata: ${JSON.stringify({ status: status ?? 'ended' })}\n\n`);
              close();
              return;
            }
            if (Date.now() - lastWrite > KEEP_ALIVE_MS) {
              write(': keep-alive\n\n');
              lastWrite = Date.now();
            }
            // A gap is waited out by looking again soon; a notification may never come for it.
            await wait(wakeups && !gap ? Math.min(SAFETY_MS, KEEP_ALIVE_MS) : POLL_MS);
          }
        } catch (error) {
          onError(error);
          close();
        }
      })();
    },
  });
}
