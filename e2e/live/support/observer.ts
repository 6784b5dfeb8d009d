import { randomBytes } from 'node:crypto';
import { Room } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { CALL_EVENTS_TOPIC, type CallEvent } from '@/lib/call-events/schema';
import { decodeCallEvents } from '@/lib/call-events/wire';

export interface ObservedEvent {
  event: CallEvent;
  /** Date.now() when the whole stream had arrived */
  receivedAt: number;
  /** the stream's place among those opened in this room: the order the agent sent them in */
  opened: number;
}

export interface Observer {
  readonly identity: string;
  readonly room: Room;
  /**
   * every console.events stream this participant received, in the order the streams were opened
   * (the order they were sent in): a small stream can finish reading before a larger one opened
   * before it, so completion order is not the wire's order
   */
  readonly events: ObservedEvent[];
  /** streams that were not a valid call event */
  readonly rejected: string[];
  disconnect(): Promise<void>;
}

/**
 * A second participant in a call's room, joined with a token the test mints (not the console's):
 * hidden, so the agent does not take it for the caller, yet it receives what the agent sends to
 * the room (console.events) and can call the agent's RPC methods like any participant could.
 */
export async function joinAsObserver(options: {
  livekit: { url: string; apiKey: string; apiSecret: string };
  roomName: string;
  identity?: string;
  /** default true; LiveKit does not deliver a hidden participant's RPC requests */
  hidden?: boolean;
}): Promise<Observer> {
  const identity = options.identity ?? `observer-${randomBytes(3).toString('hex')}`;
  const token = new AccessToken(options.livekit.apiKey, options.livekit.apiSecret, { identity });
  token.addGrant({
    room: options.roomName,
    roomJoin: true,
    hidden: options.hidden ?? true,
    canSubscribe: true,
    canPublish: false,
    canPublishData: true,
  });
  const room = new Room();
  const { events, rejected } = recordCallEvents(room);
  await room.connect(options.livekit.url, await token.toJwt(), {
    autoSubscribe: false,
    dynacast: false,
  });
  return {
    identity,
    room,
    events,
    rejected,
    disconnect: () => room.disconnect(),
  };
}

/**
 * Records every console.events stream the room receives (register before connecting). `onEvent`
 * runs as each arrives, for a test that must act at once (e.g. kill a worker on an event).
 */
export function recordCallEvents(
  room: Room,
  onEvent?: (event: CallEvent) => void,
): { events: ObservedEvent[]; rejected: string[] } {
  const events: ObservedEvent[] = [];
  const rejected: string[] = [];
  let opened = 0;
  room.registerTextStreamHandler(CALL_EVENTS_TOPIC, (reader) => {
    const place = opened++;
    void reader.readAll().then((text) => {
      const receivedAt = Date.now();
      const decoded = decodeCallEvents(text);
      if (decoded.problems.length > 0) rejected.push(text);
      // A message's events in its order, placed by when its stream opened.
      const at = events.findIndex((e) => e.opened > place);
      events.splice(
        at === -1 ? events.length : at,
        0,
        ...decoded.events.map((event) => ({ event, receivedAt, opened: place })),
      );
      for (const event of decoded.events) onEvent?.(event);
    });
  });
  return { events, rejected };
}
