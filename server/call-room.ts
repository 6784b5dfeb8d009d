import 'server-only';
import { RoomAgentDispatch, RoomServiceClient } from 'livekit-server-sdk';
import { CALL_ROOM_EMPTY_TIMEOUT_SECONDS } from '@/lib/call-join';
import { livekitApiUrl } from '@/lib/livekit-url';
import type { LiveKitApi } from './livekit-rooms';

/** Our agent, dispatched with the call's id, so the agent knows which call record it serves. */
export function callAgentDispatch({
  agentName,
  callId,
}: {
  agentName: string;
  callId: string;
}): RoomAgentDispatch {
  return new RoomAgentDispatch({ agentName, metadata: JSON.stringify({ callId }) });
}

/** Creating the room is a loopback or LAN request; a LiveKit that does not answer is not waited for. */
const CREATE_ROOM_TIMEOUT_SECONDS = 2;

/**
 * Makes the call's room, with our agent's dispatch, before the browser has its token: the worker
 * takes the job and joins while the browser is still being answered and connecting, instead of
 * after its join has created the room (the token's own dispatch; LiveKit applies a token's room
 * configuration only when that join creates the room, so a call gets one job either way).
 * Best effort: when LiveKit cannot be reached now, the browser's join says so, naming the URL.
 */
export async function createCallRoom({
  livekit,
  roomName,
  agentName,
  callId,
}: {
  livekit: LiveKitApi;
  roomName: string;
  agentName: string;
  callId: string;
}): Promise<{ created: true } | { created: false; reason: string }> {
  const rooms = new RoomServiceClient(
    livekitApiUrl(livekit.url),
    livekit.apiKey,
    livekit.apiSecret,
    {
      requestTimeout: CREATE_ROOM_TIMEOUT_SECONDS,
    },
  );
  try {
    await rooms.createRoom({
      name: roomName,
      emptyTimeout: CALL_ROOM_EMPTY_TIMEOUT_SECONDS,
      agents: [callAgentDispatch({ agentName, callId })],
    });
    return { created: true };
  } catch (error) {
    return { created: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
