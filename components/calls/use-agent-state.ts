'use client';

import type { AgentState } from '@livekit/components-react';
import {
  ConnectionState,
  ParticipantEvent,
  RoomEvent,
  type Participant,
  type Room,
} from 'livekit-client';
import { useCallback, useSyncExternalStore } from 'react';

/** The attribute LiveKit Agents keeps its state in (livekit-client's attribute typings name it). */
const AGENT_STATE_ATTRIBUTE = 'lk.agent.state';

const noUnsubscribe = () => {};

/**
 * The agent's state, decided as useVoiceAssistant decides it, but read so that no change is missed.
 *
 * components-react 2.9.24 builds its attribute and connection-state observables during render,
 * with `startWith(<the value at that render>)`, and subscribes to them in an effect. A change that
 * lands between the two is never seen: the agent going from initializing to listening while the
 * page renders on a busy host left the page saying "connecting" for the whole call (about 1 call
 * in 10 on the live tier). useSyncExternalStore reads the value again once it has subscribed.
 */
export function useAgentState(room: Room, agent: Participant | undefined): AgentState {
  const subscribeToRoom = useCallback(
    (onChange: () => void) => {
      room.on(RoomEvent.ConnectionStateChanged, onChange);
      return () => void room.off(RoomEvent.ConnectionStateChanged, onChange);
    },
    [room],
  );
  const connection = useSyncExternalStore(
    subscribeToRoom,
    () => room.state,
    () => ConnectionState.Disconnected,
  );
  const subscribeToAgent = useCallback(
    (onChange: () => void) => {
      if (!agent) return noUnsubscribe;
      agent.on(ParticipantEvent.AttributesChanged, onChange);
      return () => void agent.off(ParticipantEvent.AttributesChanged, onChange);
    },
    [agent],
  );
  const attribute = useSyncExternalStore(
    subscribeToAgent,
    () => agent?.attributes[AGENT_STATE_ATTRIBUTE],
    () => undefined,
  );
  return agentStateOf({ connection, agentPresent: agent !== undefined, attribute });
}

/** useVoiceAssistant's rule: no room, no agent or no state yet is "connecting"; else the attribute. */
export function agentStateOf({
  connection,
  agentPresent,
  attribute,
}: {
  connection: ConnectionState;
  agentPresent: boolean;
  attribute: string | undefined;
}): AgentState {
  if (connection === ConnectionState.Disconnected) return 'disconnected';
  if (connection === ConnectionState.Connecting || !agentPresent || !attribute) return 'connecting';
  return attribute as AgentState;
}
