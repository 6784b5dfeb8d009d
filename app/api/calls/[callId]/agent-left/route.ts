import { z } from 'zod';
import { closeAbandonedCall } from '@/lib/db/abandoned-calls';
import { getCallForViewer, getCallStatus } from '@/lib/db/calls';
import { getDb } from '@/lib/db/client';
import { consoleEnv } from '@/lib/env/console-env';
import { AppError } from '@/lib/errors';
import { requireUser } from '@/server/auth-guards';
import { agentInRoom } from '@/server/livekit-rooms';
import { routeHandler } from '@/server/route-handler';

export const dynamic = 'force-dynamic';

const Params = z.object({ callId: z.string().min(1).max(100) });

const AGENT_LEFT_REASON = 'the agent left the call';
/** An agent that leaves as it ends the call stores its own end a moment later: wait for it. */
const OWN_END_GRACE_MS = 3_000;

/**
 * The caller's page saw the agent leave a call that had not ended (its worker was killed, its
 * job crashed). Once LiveKit confirms no agent is in the room and the agent has not ended the
 * call itself, the console ends it: open tool calls fail `cancelled`, `call_state ended`.
 */
export const POST = routeHandler(
  async (_request: Request, context: { params: Promise<{ callId: string }> }) => {
    const user = await requireUser();
    const { callId } = Params.parse(await context.params);
    const db = getDb();
    const call = await getCallForViewer({ db, callId, viewer: user });
    if (!call) throw new AppError('not_found', 'That call does not exist.');
    if (call.status === 'ended') return Response.json({ closedBy: 'agent' });
    if (await agentInRoom({ livekit: consoleEnv().livekit, roomName: call.roomName }))
      throw new AppError('conflict', 'The agent is still in this call.');
    const deadline = Date.now() + OWN_END_GRACE_MS;
    while (Date.now() < deadline) {
      if ((await getCallStatus({ db, callId })) === 'ended')
        return Response.json({ closedBy: 'agent' });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const outcome = await closeAbandonedCall({
      db,
      callId,
      reason: AGENT_LEFT_REASON,
      message:
        'The agent left the call before this tool call finished; it may or may not have run.',
    });
    if (outcome.closed)
      console.info(
        `[calls] call ${callId} ended by the console: the agent left (${outcome.cancelledToolCalls.length} open tool calls cancelled)`,
      );
    return Response.json({
      closedBy: outcome.closed ? 'console' : 'agent',
      cancelledToolCalls: outcome.cancelledToolCalls,
    });
  },
);
