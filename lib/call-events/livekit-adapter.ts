import type { CallViewAction } from './reducer';
import { CALL_EVENTS_TOPIC } from './schema';
import { decodeCallEvents } from './wire';

/**
 * Turns a LiveKit room's text streams into reducer actions: our `console.events` (call events,
 * lib/call-events/wire.ts) and LiveKit's own `lk.transcription` streams (user and agent speech). Framework
 * free: it needs only the slice of livekit-client's Room typed below, so tests drive it with a
 * fake room.
 */

export const TRANSCRIPTION_TOPIC = 'lk.transcription';
export const CHAT_TOPIC = 'lk.chat';
const SEGMENT_ID = 'lk.segment_id';
const TRANSCRIPTION_FINAL = 'lk.transcription_final';

export interface TextStreamReaderLike extends AsyncIterable<string> {
  info: { id: string; topic: string; attributes?: Record<string, string> };
}

export type TextStreamHandlerLike = (
  reader: TextStreamReaderLike,
  participant: { identity: string },
) => void;

export interface RoomLike {
  localParticipant: { identity: string };
  registerTextStreamHandler(topic: string, handler: TextStreamHandlerLike): void;
  unregisterTextStreamHandler(topic: string): void;
}

export interface AdapterProblem {
  topic: string;
  reason: string;
}

export interface CallStreamOptions {
  room: RoomLike;
  dispatch: (action: CallViewAction) => void;
  /** an event that is not JSON or fails the contract; it is also counted as rejected */
  onProblem?: (problem: AdapterProblem) => void;
}

/** Registers the handlers; the returned function unregisters them. */
export function attachCallStreams({ room, dispatch, onProblem }: CallStreamOptions): () => void {
  let attached = true;
  const send = (action: CallViewAction) => {
    if (attached) dispatch(action);
  };

  room.registerTextStreamHandler(CALL_EVENTS_TOPIC, (reader) => {
    void readAll(reader).then(
      (text) => {
        const { events, problems } = decodeCallEvents(text);
        for (const event of events) send({ type: 'event', event });
        for (const reason of problems) {
          send({ type: 'rejected' });
          onProblem?.({ topic: CALL_EVENTS_TOPIC, reason });
        }
      },
      (error: unknown) =>
        onProblem?.({ topic: CALL_EVENTS_TOPIC, reason: `the stream failed: ${String(error)}` }),
    );
  });

  room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader, participant) => {
    const attributes = reader.info.attributes ?? {};
    const segmentId = attributes[SEGMENT_ID] ?? reader.info.id;
    const role = participant.identity === room.localParticipant.identity ? 'user' : 'agent';
    const finalAttribute = attributes[TRANSCRIPTION_FINAL] === 'true';
    void (async () => {
      // Chunks are deltas within one stream; a segment's interim results come as separate
      // streams with the same segment id, each carrying the whole text so far.
      let text = '';
      try {
        for await (const chunk of reader) {
          text += chunk;
          send({ type: 'live_segment', segment: { role, segmentId, text, final: finalAttribute } });
        }
      } catch (error) {
        onProblem?.({ topic: TRANSCRIPTION_TOPIC, reason: `the stream failed: ${String(error)}` });
      }
      // The agent's speech is one delta stream per segment, closed when the segment ends.
      const final = finalAttribute || role === 'agent';
      if (text) send({ type: 'live_segment', segment: { role, segmentId, text, final } });
    })();
  });

  return () => {
    attached = false;
    room.unregisterTextStreamHandler(CALL_EVENTS_TOPIC);
    room.unregisterTextStreamHandler(TRANSCRIPTION_TOPIC);
  };
}

async function readAll(reader: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of reader) text += chunk;
  return text;
}
