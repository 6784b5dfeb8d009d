import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { StartCallResponse } from '@/lib/call-events/start-call';
import { resolveProfileForCall } from '@/lib/db/profile-for-call';
import { createCall } from '@/lib/db/calls';
import { getDb } from '@/lib/db/client';
import { consoleEnv } from '@/lib/env/console-env';
import { requireUser } from '@/server/auth-guards';
import { createCallRoom } from '@/server/call-room';
import { mintCallToken } from '@/server/call-token';
import { enforceCallRateLimit } from '@/server/rate-limit';
import { routeHandler } from '@/server/route-handler';
import { parseJson } from '@/lib/json';

/** The only thing the browser may choose: which callable agent profile (else the default). */
const StartCall = z.object({ profileId: z.string().trim().min(1).max(100).optional() }).strict();

/** The body, already limited in size and declared JSON by routeHandler; empty means {}. */
async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return {};
  return parseJson(text) ?? null;
}

/**
 * Starts a call: the call record (who, when, which prompt version), a room of the server's
 * choosing with the agent dispatched to it, and a LiveKit token for that room only.
 */
export const POST = routeHandler(async (request: Request) => {
  const user = await requireUser();
  const input = StartCall.parse(await readBody(request));
  const env = consoleEnv();
  const db = getDb();
  await enforceCallRateLimit({ db, userId: user.id, limit: env.callRateLimit });
  const profile = await resolveProfileForCall({ db, profileId: input.profileId ?? null });
  const roomName = `call-${randomBytes(12).toString('base64url')}`;
  const call = await createCall({
    db,
    userId: user.id,
    roomName,
    profileVersionId: profile.versionId,
  });
  const room = await createCallRoom({
    livekit: env.livekit,
    roomName,
    agentName: env.agentName,
    callId: call.id,
  });
  if (!room.created)
    console.warn(
      `[calls] call ${call.id}: could not make its room ahead of the browser (${room.reason}); the browser's join makes it instead`,
    );
  const token = await mintCallToken({
    apiKey: env.livekit.apiKey,
    apiSecret: env.livekit.apiSecret,
    identity: user.id,
    name: user.name,
    roomName,
    agentName: env.agentName,
    callId: call.id,
  });
  console.info(
    `[calls] ${user.email} started call ${call.id} (${profile.profileName} v${profile.version})`,
  );
  const body: StartCallResponse = { callId: call.id, token, url: env.livekit.url, roomName };
  return Response.json(body, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
