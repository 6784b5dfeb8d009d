import 'server-only';
import { RoomServiceClient, TwirpError, type ParticipantInfo } from 'livekit-server-sdk';
import { livekitApiUrl } from '@/lib/livekit-url';

/** `ParticipantInfo_Kind.AGENT` in @livekit/protocol (the server SDK does not re-export the enum). */
const AGENT_KIND = 4 as ParticipantInfo['kind'];

export interface LiveKitApi {
  url: string;
  apiKey: string;
  apiSecret: string;
}

/**
 * Whether an agent participant is in the room now, asked of the LiveKit server itself (what a
 * browser says about the room is not proof). A room LiveKit no longer has holds no agent.
 */
export async function agentInRoom({
  livekit,
  roomName,
}: {
  livekit: LiveKitApi;
  roomName: string;
}): Promise<boolean> {
  const rooms = new RoomServiceClient(
    livekitApiUrl(livekit.url),
    livekit.apiKey,
    livekit.apiSecret,
  );
  try {
    const participants = await rooms.listParticipants(roomName);
    return participants.some((p) => p.kind === AGENT_KIND);
  } catch (error) {
    if (error instanceof TwirpError && error.status === 404) return false;
    throw error;
  }
}
