import { z } from 'zod';
import { callEventWakeups } from '@/lib/db/call-event-notify';
import { liveEventStream } from '@/lib/db/call-event-stream';
import { getCallForViewer } from '@/lib/db/calls';
import { getDb } from '@/lib/db/client';
import { consoleEnv } from '@/lib/env/console-env';
import { AppError } from '@/lib/errors';
import { requireUser } from '@/server/auth-guards';
import { routeHandler } from '@/server/route-handler';

export const dynamic = 'force-dynamic';

const Params = z.object({ callId: z.string().min(1).max(100) });
/** Resume point: the standard Last-Event-ID header (EventSource reconnects) or `?after=`. */
const AfterSeq = z.coerce.number().int().min(-1).max(Number.MAX_SAFE_INTEGER);

/**
 * Server-sent events of a call's stored events, for the live monitor (lib/db/call-event-stream.ts):
 * resumable by seq, closed with an `end` event once the call has ended and everything was sent.
 * On PostgreSQL this process's one LISTEN connection wakes the stream when events are stored; on
 * SQLite it polls.
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
    const stream = liveEventStream({
      db,
      callId,
      afterSeq: AfterSeq.parse(resume),
      wakeups: callEventWakeups(consoleEnv().databaseUrl),
      signal: request.signal,
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
