// @vitest-environment happy-dom
import {
  ConnectionState,
  Participant,
  ParticipantEvent,
  ParticipantKind,
  Room,
  RoomEvent,
} from 'livekit-client';
import { act, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { agentStateOf, useAgentState } from './use-agent-state';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

type ParticipantInfo = Parameters<Participant['updateInfo']>[0];
let version = 0;

/** What livekit-client does when the server sends the agent's new attributes. */
function announce(agent: Participant, attributes: Record<string, string>) {
  agent.updateInfo({
    sid: agent.sid,
    identity: agent.identity,
    name: agent.name ?? '',
    metadata: '',
    attributes,
    version: ++version,
  } as unknown as ParticipantInfo);
}

function connectedRoom(): Room {
  const room = new Room();
  room.state = ConnectionState.Connected;
  return room;
}

function agentParticipant(attributes: Record<string, string> = {}): Participant {
  return new Participant(
    'PA_agent',
    'agent-AJ_1',
    'agent',
    '',
    attributes,
    undefined,
    ParticipantKind.AGENT,
  );
}

function Probe({ room, agent }: { room: Room; agent: Participant | undefined }) {
  return <p>{useAgentState(room, agent)}</p>;
}

/** Renders after Probe and changes the agent once while rendering: before Probe's effects run. */
function ChangesDuringRender({ agent, to }: { agent: Participant; to: Record<string, string> }) {
  // A lazy initial state runs once, during this component's first render.
  useState(() => announce(agent, to));
  return null;
}

const unmount: (() => void)[] = [];
afterEach(() => {
  for (const u of unmount.splice(0)) act(u);
});

function render(children: React.ReactNode) {
  const container = document.createElement('div');
  const root = createRoot(container);
  act(() => root.render(children));
  unmount.push(() => root.unmount());
  return {
    container,
    rerender: (next: React.ReactNode) => act(() => root.render(next)),
  };
}

describe('useAgentState', () => {
  it('sees a state change that lands between its render and its subscription', () => {
    const room = connectedRoom();
    const agent = agentParticipant({ 'lk.agent.state': 'initializing' });
    const { container } = render(
      <>
        <Probe room={room} agent={agent} />
        <ChangesDuringRender agent={agent} to={{ 'lk.agent.state': 'listening' }} />
      </>,
    );
    expect(container.textContent).toBe('listening');
  });

  it('follows the agent through its states, and a participant that appears later', () => {
    const room = connectedRoom();
    const { container, rerender } = render(<Probe room={room} agent={undefined} />);
    expect(container.textContent).toBe('connecting');

    const agent = agentParticipant();
    rerender(<Probe room={room} agent={agent} />);
    expect(container.textContent).toBe('connecting');
    for (const state of ['initializing', 'listening', 'thinking', 'speaking', 'listening']) {
      act(() => announce(agent, { 'lk.agent.state': state }));
      expect(container.textContent).toBe(state);
    }
  });

  it('follows the room: connecting, connected, disconnected', () => {
    const room = new Room();
    const agent = agentParticipant({ 'lk.agent.state': 'listening' });
    const { container } = render(<Probe room={room} agent={agent} />);
    expect(container.textContent).toBe('disconnected');
    for (const [state, shown] of [
      [ConnectionState.Connecting, 'connecting'],
      [ConnectionState.Connected, 'listening'],
      [ConnectionState.Reconnecting, 'listening'],
      [ConnectionState.Disconnected, 'disconnected'],
    ] as const) {
      act(() => {
        room.state = state;
        room.emit(RoomEvent.ConnectionStateChanged, state);
      });
      expect(container.textContent).toBe(shown);
    }
  });

  it('stops listening to a participant it no longer shows', () => {
    const room = connectedRoom();
    const agent = agentParticipant({ 'lk.agent.state': 'listening' });
    const { rerender } = render(<Probe room={room} agent={agent} />);
    expect(agent.listenerCount(ParticipantEvent.AttributesChanged)).toBe(1);
    rerender(<Probe room={room} agent={undefined} />);
    expect(agent.listenerCount(ParticipantEvent.AttributesChanged)).toBe(0);
  });
});

describe('agentStateOf', () => {
  it('is "connecting" until the room is joined and the agent has said a state', () => {
    const base = {
      connection: ConnectionState.Connected,
      agentPresent: true,
      attribute: 'thinking',
    };
    expect(agentStateOf(base)).toBe('thinking');
    expect(agentStateOf({ ...base, connection: ConnectionState.Disconnected })).toBe(
      'disconnected',
    );
    expect(agentStateOf({ ...base, connection: ConnectionState.Connecting })).toBe('connecting');
    expect(agentStateOf({ ...base, agentPresent: false })).toBe('connecting');
    expect(agentStateOf({ ...base, attribute: undefined })).toBe('connecting');
    expect(agentStateOf({ ...base, attribute: '' })).toBe('connecting');
  });
});
