import 'server-only';
import { AccessToken, RoomConfiguration, TrackSource } from 'livekit-server-sdk';
import { callAgentDispatch } from './call-room';

/** A call's token is only for joining: a few minutes is plenty, and a leaked one soon expires. */
export const CALL_TOKEN_TTL_SECONDS = 10 * 60;

export interface CallTokenInput {
  apiKey: string;
  apiSecret: string;
  /** the signed-in user's id */
  identity: string;
  name: string;
  roomName: string;
  agentName: string;
  callId: string;
  ttlSeconds?: number;
}

/**
 * The least a browser needs for a voice call: join this one room, publish a microphone (no
 * camera, no screen), subscribe to the agent, send data (typed input on lk.chat, RPC). No room
 * admin, recording, listing or metadata updates. The room's configuration dispatches our agent
 * with the call's id when this join creates the room (server/call-room.ts makes it earlier).
 */
export async function mintCallToken(input: CallTokenInput): Promise<string> {
  const token = new AccessToken(input.apiKey, input.apiSecret, {
    identity: input.identity,
    name: input.name,
    ttl: input.ttlSeconds ?? CALL_TOKEN_TTL_SECONDS,
  });
  token.addGrant({
    room: input.roomName,
    roomJoin: true,
    canPublish: true,
    canPublishSources: [TrackSource.MICROPHONE],
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
  });
  token.roomConfig = new RoomConfiguration({
    agents: [callAgentDispatch({ agentName: input.agentName, callId: input.callId })],
  });
  return token.toJwt();
}
