import { DisconnectReason, MediaDeviceFailure } from 'livekit-client';

/** What can go wrong in a call, in words the call page shows. */
export type CallProblem =
  | { kind: 'start_failed'; message: string }
  | { kind: 'livekit_unreachable'; url: string; message: string }
  | { kind: 'microphone'; failure: MediaDeviceFailure | 'Other'; message: string }
  | { kind: 'agent_missing'; seconds: number }
  | { kind: 'reconnecting' }
  | { kind: 'dropped'; reason: string }
  /** the agent left a call it had not ended; `recorded` once the console has closed the call */
  | { kind: 'agent_left'; recorded: boolean | null };

export type ProblemKind = CallProblem['kind'];

export function disconnectText(
  reason: DisconnectReason | undefined,
  { afterReconnecting = false }: { afterReconnecting?: boolean } = {},
): string {
  switch (reason) {
    case DisconnectReason.SERVER_SHUTDOWN:
      return 'the LiveKit server shut down';
    case DisconnectReason.PARTICIPANT_REMOVED:
      return 'you were removed from the room';
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return 'the room was closed';
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'you joined this call from another tab';
    case DisconnectReason.SIGNAL_CLOSE:
      return 'the connection to the LiveKit server was lost';
    case DisconnectReason.JOIN_FAILURE:
      return 'joining the room failed';
    default:
      // The client tried to reconnect and gave up: the server went away (stopped, or the network).
      return afterReconnecting
        ? 'the connection to the LiveKit server was lost and could not be restored'
        : 'the connection ended unexpectedly';
  }
}

export function microphoneProblem(error: unknown): CallProblem {
  const failure = MediaDeviceFailure.getFailure(error) ?? 'Other';
  const detail = error instanceof Error ? error.message : String(error);
  const message =
    failure === MediaDeviceFailure.PermissionDenied
      ? 'The browser did not allow the microphone. Allow it for this site (the icon in the address bar), then choose "Retry microphone". You can still type to the agent.'
      : failure === MediaDeviceFailure.NotFound
        ? 'No microphone was found. Connect one and choose "Retry microphone", or type to the agent.'
        : failure === MediaDeviceFailure.DeviceInUse
          ? 'The microphone is in use by another application. Close it and choose "Retry microphone".'
          : `The microphone could not be started: ${detail}`;
  return { kind: 'microphone', failure, message };
}

/** Tells the console the agent is gone, so it ends the call (it asks LiveKit before it does). */
export async function reportAgentLeft(callId: string): Promise<boolean> {
  try {
    const response = await fetch(`/api/calls/${encodeURIComponent(callId)}/agent-left`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    return response.ok;
  } catch {
    return false;
  }
}
