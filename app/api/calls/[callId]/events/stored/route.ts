import { z } from 'zod';
import type { StoredEventsResponse } from '@/lib/call-events/start-call';
import { listCallEvents } from '@/lib/db/call-events';
import { getCallForViewer } from '@/lib/db/calls';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { requireUser } from '@/server/auth-guards';
import { routeHandler } from '@/server/route-handler';

export const dynamic = 'force-dynamic';

const Params = z.object({ callId: z.string().min(1).max(100) });
const Query = z.object({
  after: z.coerce.number().int().min(-1).max(Number.MAX_SAFE_INTEGER).default(-1),
});

/**
 * One read of a call's stored events after `after`: the caller's page catches up with what was
 * published before it joined (or lost on the way), then follows the room, not the database.
 */
export const GET = routeHandler(
  async (request: Request, context: { params: Promise<{ callId: string }> }) => {
    const user = await requireUser();
    const { callId } = Params.parse(await context.params);
    const { after } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
    const db = getDb();
    const call = await getCallForViewer({ db, callId, viewer: user });
    if (!call) throw new AppError('not_found', 'That call does not exist.');
    const body: StoredEventsResponse = {
      events: await listCallEvents({ db, callId, afterSeq: after }),
    };
    return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
  },
);
