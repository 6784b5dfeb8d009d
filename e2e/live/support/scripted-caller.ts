import { Room } from '@livekit/rtc-node';
import { expect, type APIRequestContext } from '@playwright/test';
import { CHAT_TOPIC } from '@/lib/call-events/livekit-adapter';
import { StartCallResponse } from '@/lib/call-events/start-call';
import type { CallEvent } from '@/lib/call-events/schema';
import { recordCallEvents, type ObservedEvent } from './observer';

export interface ScriptedCaller {
  callId: string;
  roomName: string;
  /** the console that started the call */
  consoleUrl: string;
  room: Room;
  /** every call event the agent published to the room, as this caller received it */
  events: ObservedEvent[];
  rejected: string[];
  /** resolves once the agent's session is listening (it reads typed messages from then on) */
  agentListening(timeoutMs: number): Promise<void>;
  /** a typed message, as the call page's "Type to the agent" sends it */
  type(text: string): Promise<void>;
  hangUp(): Promise<void>;
}

/**
 * A caller without a browser, for many calls at once: the call is started through the console's
 * HTTP API exactly as the call page starts it (`POST /api/calls` as a signed-in user: the
 * console's token, which dispatches the agent), then the room is joined with that token from
 * this process. It publishes no media: what it says, it types.
 */
export async function startScriptedCall(options: {
  request: APIRequestContext;
  consoleUrl: string;
  onEvent?: (event: CallEvent) => void;
}): Promise<ScriptedCaller> {
  const response = await options.request.post(`${options.consoleUrl}/api/calls`, {
    data: {},
    headers: { origin: options.consoleUrl },
  });
  expect(response.status(), `start a call at ${options.consoleUrl}`).toBe(201);
  const started = StartCallResponse.parse(await response.json());
  const room = new Room();
  const { events, rejected } = recordCallEvents(room, options.onEvent);
  await room.connect(started.url, started.token, { autoSubscribe: false, dynacast: false });
  const agentState = () =>
    [...room.remoteParticipants.values()].map((p) => p.attributes['lk.agent.state']).find(Boolean);
  return {
    callId: started.callId,
    roomName: started.roomName,
    consoleUrl: options.consoleUrl,
    room,
    events,
    rejected,
    async agentListening(timeoutMs) {
      await expect
        .poll(agentState, { timeout: timeoutMs, message: `agent listening in ${started.callId}` })
        .toBe('listening');
    },
    async type(text) {
      await room.localParticipant!.sendText(text, { topic: CHAT_TOPIC });
    },
    hangUp: () => room.disconnect(),
  };
}
