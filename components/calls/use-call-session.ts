'use client';

import {
  DisconnectReason,
  MediaDeviceFailure,
  ParticipantKind,
  Room,
  RoomEvent,
  type Participant,
} from 'livekit-client';
import { useCallEventStream } from './use-call-event-stream';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { CHAT_TOPIC, attachCallStreams } from '@/lib/call-events/livekit-adapter';
import { initialCallView, reduceCallEvents } from '@/lib/call-events/reducer';
import { ErrorResponse, StartCallResponse } from '@/lib/call-events/start-call';

/**
 * The call page's LiveKit wiring, kept thin: start a call (token from our API), join the room,
 * map the room's text streams to the reducer (lib/call-events/livekit-adapter) and the room's
 * failures to problems the page can name. Everything shown is derived from `view`.
 */

/** How long the agent may take to join before the page says so. */
export const AGENT_JOIN_TIMEOUT_MS = 8_000;
/** How long an event gap may stay open on the wire before it is given up on. */
const GAP_PATIENCE_MS = 1_500;

export type CallPhase = 'idle' | 'starting' | 'connecting' | 'connected' | 'ended';

export type CallProblem =
  | { kind: 'start_failed'; message: string }
  | { kind: 'livekit_unreachable'; url: string; message: string }
  | { kind: 'microphone'; failure: MediaDeviceFailure | 'Other'; message: string }
  | { kind: 'agent_missing'; seconds: number }
  | { kind: 'reconnecting' }
  | { kind: 'dropped'; reason: string }
  /** the agent left a call it had not ended; `recorded` once the console has closed the call */
  | { kind: 'agent_left'; recorded: boolean | null };

type ProblemKind = CallProblem['kind'];

const isAgent = (p: Participant) => p.kind === ParticipantKind.AGENT;

function disconnectText(reason: DisconnectReason | undefined): string {
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
      return 'the connection ended unexpectedly';
  }
}

function microphoneProblem(error: unknown): CallProblem {
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

const noop = () => {};

/** Tells the console the agent is gone, so it ends the call (it asks LiveKit before it does). */
async function reportAgentLeft(callId: string): Promise<boolean> {
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

export function useCallSession() {
  const [room, setRoom] = useState<Room | null>(null);
  const [phase, setPhase] = useState<CallPhase>('idle');
  const [callId, setCallId] = useState<string | null>(null);
  const [problems, setProblems] = useState<CallProblem[]>([]);
  const [agentJoined, setAgentJoined] = useState(false);
  /** whether the room was ever joined: a failed join is "cannot reach", never "dropped" */
  const [joined, setJoined] = useState(false);
  const [view, dispatch] = useReducer(reduceCallEvents, initialCallView);
  const leaving = useRef(false);
  const cleanup = useRef<(() => void) | null>(null);

  const raise = useCallback((problem: CallProblem) => {
    setProblems((list) => [...list.filter((p) => p.kind !== problem.kind), problem]);
  }, []);
  const clear = useCallback((...kinds: ProblemKind[]) => {
    setProblems((list) => list.filter((p) => !kinds.includes(p.kind)));
  }, []);

  const enableMicrophone = useCallback(
    async (target: Room) => {
      try {
        await target.localParticipant.setMicrophoneEnabled(true);
        clear('microphone');
      } catch (error) {
        raise(microphoneProblem(error));
      }
    },
    [clear, raise],
  );

  // Said at once, even while LiveKit is still being reached: the browser already refused.
  const warnIfMicrophoneBlocked = useCallback(async () => {
    try {
      const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
      if (status.state === 'denied')
        raise(microphoneProblem(new DOMException('Permission denied', 'NotAllowedError')));
    } catch {
      // Browsers without the Permissions API for the microphone find out when it is enabled.
    }
  }, [raise]);

  const start = useCallback(
    async (profileId?: string) => {
      cleanup.current?.();
      leaving.current = false;
      setProblems([]);
      setAgentJoined(false);
      setJoined(false);
      setPhase('starting');

      let started: StartCallResponse;
      try {
        const response = await fetch('/api/calls', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(profileId ? { profileId } : {}),
        });
        const body: unknown = await response.json().catch(() => null);
        if (!response.ok) {
          const failure = ErrorResponse.safeParse(body);
          raise({
            kind: 'start_failed',
            message: failure.success
              ? failure.data.error.message
              : `The console answered ${response.status}.`,
          });
          setPhase('idle');
          return;
        }
        started = StartCallResponse.parse(body);
      } catch (error) {
        raise({ kind: 'start_failed', message: `The call could not be started: ${String(error)}` });
        setPhase('idle');
        return;
      }

      void warnIfMicrophoneBlocked();
      setCallId(started.callId);
      dispatch({ type: 'reset', callId: started.callId });
      const next = new Room({
        audioCaptureDefaults: {
          echoCancellation: true,
          noiseSuppression: true,
          autoGainControl: true,
        },
      });
      let callEnded = false;
      const detach = attachCallStreams({
        room: next,
        dispatch: (action) => {
          dispatch(action);
          // The agent ended the call: leave the room too.
          if (
            action.type === 'event' &&
            action.event.type === 'call_state' &&
            action.event.state === 'ended'
          ) {
            callEnded = true;
            leaving.current = true;
            void next.disconnect();
          }
        },
      });
      const timers: { agent?: ReturnType<typeof setTimeout> } = {};
      let connected = false;
      const onParticipant = (p: Participant) => {
        if (!isAgent(p)) return;
        setAgentJoined(true);
        clear('agent_missing');
      };
      // An agent that ends the call says so first (call_state ended): leaving without it means
      // its worker or job died. The call cannot go on without it; the console closes it.
      const onParticipantLeft = (p: Participant) => {
        if (!isAgent(p) || callEnded || leaving.current) return;
        if ([...next.remoteParticipants.values()].some(isAgent)) return;
        leaving.current = true;
        raise({ kind: 'agent_left', recorded: null });
        void reportAgentLeft(started.callId).then((recorded) => {
          raise({ kind: 'agent_left', recorded });
          void next.disconnect();
        });
      };
      const onDisconnected = (reason?: DisconnectReason) => {
        clearTimeout(timers.agent);
        setPhase('ended');
        clear('reconnecting', 'agent_missing');
        if (connected && !leaving.current && reason !== DisconnectReason.CLIENT_INITIATED)
          raise({ kind: 'dropped', reason: disconnectText(reason) });
      };
      next
        .on(RoomEvent.ParticipantConnected, onParticipant)
        .on(RoomEvent.ParticipantDisconnected, onParticipantLeft)
        .on(RoomEvent.Disconnected, onDisconnected)
        .on(RoomEvent.Reconnecting, () => raise({ kind: 'reconnecting' }))
        .on(RoomEvent.Reconnected, () => clear('reconnecting'))
        .on(RoomEvent.MediaDevicesError, (error: Error) => raise(microphoneProblem(error)));
      cleanup.current = () => {
        clearTimeout(timers.agent);
        detach();
        next.removeAllListeners();
        leaving.current = true;
        void next.disconnect();
      };
      setRoom(next);
      setPhase('connecting');

      try {
        await next.connect(started.url, started.token);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        raise({ kind: 'livekit_unreachable', url: started.url, message });
        cleanup.current?.();
        cleanup.current = null;
        setPhase('ended');
        return;
      }
      connected = true;
      setJoined(true);
      setPhase('connected');
      for (const p of next.remoteParticipants.values()) onParticipant(p);
      timers.agent = setTimeout(() => {
        if (![...next.remoteParticipants.values()].some(isAgent))
          raise({ kind: 'agent_missing', seconds: AGENT_JOIN_TIMEOUT_MS / 1000 });
      }, AGENT_JOIN_TIMEOUT_MS);
      await enableMicrophone(next);
    },
    [clear, enableMicrophone, raise, warnIfMicrophoneBlocked],
  );

  const end = useCallback(async () => {
    leaving.current = true;
    await room?.disconnect();
    setPhase('ended');
  }, [room]);

  const retryMicrophone = useCallback(async () => {
    if (room && phase === 'connected') return enableMicrophone(room);
    // Not in a room: only ask the browser again what it allows.
    clear('microphone');
    await warnIfMicrophoneBlocked();
  }, [room, phase, enableMicrophone, clear, warnIfMicrophoneBlocked]);

  /** Typed input: the agent reads lk.chat; shown at once, merged with the stored transcript. */
  const sendMessage = useCallback(
    async (text: string) => {
      if (!room || !text.trim()) return;
      await room.localParticipant.sendText(text, { topic: CHAT_TOPIC });
      dispatch({
        type: 'live_segment',
        segment: { role: 'user', segmentId: `typed-${Date.now()}`, text, final: true },
      });
    },
    [room],
  );

  // The room carries events as they happen, but not those published before we joined (or lost
  // on the way). The stored log fills those in: the same events by seq, which the reducer merges
  // without duplicates, so the caller's panel misses nothing the agent stored.
  useCallEventStream({
    callId: callId ?? '',
    after: -1,
    enabled: callId !== null && joined,
    dispatch,
    onEnd: noop,
  });

  // A gap on the wire (an event published before we joined, or lost) is given up on after a while.
  const heldCount = view.held.length;
  useEffect(() => {
    if (heldCount === 0) return;
    const timer = setTimeout(() => dispatch({ type: 'flush_gaps' }), GAP_PATIENCE_MS);
    return () => clearTimeout(timer);
  }, [heldCount, view.nextSeq]);

  useEffect(() => () => cleanup.current?.(), []);

  return {
    room,
    phase,
    callId,
    problems,
    agentJoined,
    joined,
    view,
    start,
    end,
    retryMicrophone,
    sendMessage,
  };
}

export type CallSession = ReturnType<typeof useCallSession>;
