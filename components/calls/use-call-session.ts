'use client';

import {
  DisconnectReason,
  ParticipantKind,
  Room,
  RoomEvent,
  type Participant,
} from 'livekit-client';
import {
  disconnectText,
  microphoneProblem,
  reportAgentLeft,
  type CallProblem,
  type ProblemKind,
} from './call-problems';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { CHAT_TOPIC, attachCallStreams } from '@/lib/call-events/livekit-adapter';
import { GAP_PATIENCE_MS, initialCallView, reduceCallEvents } from '@/lib/call-events/reducer';
import {
  ErrorResponse,
  StartCallResponse,
  StoredEventsResponse,
} from '@/lib/call-events/start-call';

/**
 * The call page's LiveKit wiring, kept thin: start a call (token from our API), join the room,
 * map the room's text streams to the reducer (lib/call-events/livekit-adapter) and the room's
 * failures to problems the page can name. Everything shown is derived from `view`.
 */

/** How long the agent may take to join before the page says so. */
export const AGENT_JOIN_TIMEOUT_MS = 8_000;

export type { CallProblem } from './call-problems';

const isAgent = (p: Participant) => p.kind === ParticipantKind.AGENT;

export type CallPhase = 'idle' | 'starting' | 'connecting' | 'connected' | 'ended';

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
      let afterReconnecting = false;
      const onDisconnected = (reason?: DisconnectReason) => {
        clearTimeout(timers.agent);
        setPhase('ended');
        clear('reconnecting', 'agent_missing');
        if (connected && !leaving.current && reason !== DisconnectReason.CLIENT_INITIATED)
          raise({ kind: 'dropped', reason: disconnectText(reason, { afterReconnecting }) });
      };
      next
        .on(RoomEvent.ParticipantConnected, onParticipant)
        .on(RoomEvent.ParticipantDisconnected, onParticipantLeft)
        .on(RoomEvent.Disconnected, onDisconnected)
        .on(RoomEvent.Reconnecting, () => {
          afterReconnecting = true;
          raise({ kind: 'reconnecting' });
        })
        .on(RoomEvent.Reconnected, () => {
          afterReconnecting = false;
          clear('reconnecting');
        })
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
  // on the way). One read of the stored log fills those in when the room is joined, and one more
  // only when a gap stays open; the reducer merges them by seq without duplicates.
  const catchUp = useCallback(async (id: string, after: number) => {
    try {
      const response = await fetch(
        `/api/calls/${encodeURIComponent(id)}/events/stored?after=${after}`,
        { cache: 'no-store' },
      );
      const parsed = StoredEventsResponse.safeParse(await response.json());
      if (parsed.success) dispatch({ type: 'events', events: parsed.data.events });
    } catch {
      // The room still carries what comes next; a held gap is given up on below.
    }
  }, []);
  useEffect(() => {
    if (callId !== null && joined) void catchUp(callId, -1);
  }, [callId, joined, catchUp]);

  // A gap on the wire: read the stored log once for it, then give up on what is still missing.
  const heldCount = view.held.length;
  const nextSeq = view.nextSeq;
  useEffect(() => {
    if (heldCount === 0 || callId === null) return;
    const timer = setTimeout(() => {
      void catchUp(callId, nextSeq - 1).then(() => dispatch({ type: 'flush_gaps' }));
    }, GAP_PATIENCE_MS);
    return () => clearTimeout(timer);
  }, [heldCount, nextSeq, callId, catchUp]);

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
