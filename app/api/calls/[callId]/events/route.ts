import { z } from 'zod';
import { listCallEvents } from '@/lib/db/call-events';
import { getCallForViewer, getCallStatus } from '@/lib/db/calls';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { requireUser } from '@/server/auth-guards';
import { routeHandler } from '@/server/route-handler';

export const dynamic = 'force-dynamic';

const Params = z.object({ callId: z.string().min(1).max(100) });
/** Resume point: the standard Last-Event-ID header (EventSource reconnects) or `?after=`. */
const AfterSeq = z.coerce.number().int().min(-1).max(Number.MAX_SAFE_INTEGER);

const POLL_MS = 200;
const KEEP_ALIVE_MS = 15_000;
/** A seq missing for this long is given up on (the agent lost it); later ones are sent. */
const GAP_PATIENCE_MS = 2_000;

/**
 * Server-sent events of a call's stored events, for the live monitor: polls the log for rows after
 * the last one sent (`id:` = seq), so a reconnect resumes with no duplicates and no gaps, and closes
 * with an `end` event once the call has ended and everything was sent.
 */
export const GET = routeHandler(
  async (request: Request, context: { params: Promise<{ callId: string }> }) => {
    const user = await requireUser();
    const { callId } = Params.parse(await context.params);
    const db = getDb();
    const call = await getCallForViewer({ db, callId, viewer: user });
    if (!call) throw new AppError('not_found', 'That call does not exist.');
    const url = new URL(request.url);
    const resume = request.headers.get('last-event-id') ?? url.searchParams.get('after') ?? '-1';
    let last = AfterSeq.parse(resume);

    const encoder = new TextEncoder();
    const signal = request.signal;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        let closed = false;
        const close = () => {
          if (closed) return;
          closed = true;
          try {
            controller.close();
          } catch {
            // the client already went away
          }
        };
        const write = (text: string) => {
          if (!closed) controller.enqueue(encoder.encode(text));
        };
        signal.addEventListener('abort', close);
        write('retry: 1000\n\n');

        void (async () => {
          let lastWrite = Date.now();
          let gapSince: number | null = null;
          try {
            while (!closed) {
              // Read the status first: if it says ended, every event was stored before it.
              const status = await getCallStatus({ db, callId });
              const events = await listCallEvents({ db, callId, afterSeq: last });
              const ended = status !== 'active' && status !== 'created';
              let sent = 0;
              for (const event of events) {
                if (event.seq !== last + 1 && !ended) {
                  gapSince ??= Date.now();
                  if (Date.now() - gapSince < GAP_PATIENCE_MS) break;
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
              await new Promise((resolve) => setTimeout(resolve, POLL_MS));
            }
          } catch (error) {
            console.error('[calls] event stream failed', error);
            close();
          }
        })();
      },
    });

    return new Response(stream, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      },
    });
  },
);
