import { describe, expect, it } from 'vitest';
import {
  attachCallStreams,
  type AdapterProblem,
  type RoomLike,
  type TextStreamHandlerLike,
  type TextStreamReaderLike,
} from '@/lib/call-events/livekit-adapter';
import {
  foldCallEvents,
  initialCallView,
  reduceCallEvents,
  type CallView,
  type CallViewAction,
} from '@/lib/call-events/reducer';
import { encodeCallEvents } from '@/lib/call-events/wire';
import { sampleCall } from './events';

/** A stand-in for livekit-client's Room: only the text-stream surface the adapter uses. */
class FakeRoom implements RoomLike {
  localParticipant = { identity: 'user-1' };
  handlers = new Map<string, TextStreamHandlerLike>();
  private nextId = 0;

  registerTextStreamHandler(topic: string, handler: TextStreamHandlerLike) {
    if (this.handlers.has(topic))
      throw new Error(`A text stream handler for topic "${topic}" has already been set.`);
    this.handlers.set(topic, handler);
  }
  unregisterTextStreamHandler(topic: string) {
    this.handlers.delete(topic);
  }

  /** Sends one text stream in chunks; resolves when the last chunk was read. */
  async stream(
    topic: string,
    from: string,
    chunks: string[],
    attributes: Record<string, string> = {},
  ) {
    const handler = this.handlers.get(topic);
    if (!handler) return;
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const reader: TextStreamReaderLike = {
      info: { id: `stream-${this.nextId++}`, topic, attributes },
      async *[Symbol.asyncIterator]() {
        for (const chunk of chunks) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          yield chunk;
        }
        release();
      },
    };
    handler(reader, { identity: from });
    await done;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function harness() {
  const room = new FakeRoom();
  const actions: CallViewAction[] = [];
  const problems: AdapterProblem[] = [];
  const detach = attachCallStreams({
    room,
    dispatch: (a) => actions.push(a),
    onProblem: (p) => problems.push(p),
  });
  const view = (): CallView => actions.reduce(reduceCallEvents, initialCallView);
  return { room, actions, problems, detach, view };
}

describe('the LiveKit adapter', () => {
  it('turns console.events streams into contract events, in any chunking', async () => {
    const { room, view } = harness();
    const events = sampleCall();
    for (const event of events) {
      const json = JSON.stringify(event);
      await room.stream('console.events', 'agent-1', [json.slice(0, 10), json.slice(10)]);
    }
    expect(view().entries).toEqual(foldCallEvents(events).entries);
  });

  it('takes several events in one stream (what one write stored), in their order', async () => {
    const { room, view, actions } = harness();
    const events = sampleCall();
    const half = Math.ceil(events.length / 2);
    for (const part of [events.slice(0, half), events.slice(half)]) {
      const json = encodeCallEvents(part);
      await room.stream('console.events', 'agent-1', [json.slice(0, 7), json.slice(7)]);
    }
    expect(actions.map((a) => (a.type === 'event' ? a.event.seq : a.type))).toEqual(
      events.map((e) => e.seq),
    );
    expect(view().entries).toEqual(foldCallEvents(events).entries);
  });

  it('keeps the valid events of a message and counts each part that breaks the contract', async () => {
    const { room, view, problems } = harness();
    const [first, second] = sampleCall();
    await room.stream('console.events', 'agent-1', [
      JSON.stringify([first, { v: 1, type: 'tool_call' }, second]),
    ]);
    await room.stream('console.events', 'agent-1', ['[]']);
    expect(problems.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^the event does not match the contract/),
      'the message holds no event',
    ]);
    expect(view().rejected).toBe(2);
    expect(view().entries).toEqual(foldCallEvents([first!, second!]).entries);
  });

  it('reports events that are not JSON or break the contract, and counts them', async () => {
    const { room, view, problems } = harness();
    await room.stream('console.events', 'agent-1', ['{not json']);
    await room.stream('console.events', 'agent-1', [JSON.stringify({ v: 1, type: 'tool_call' })]);
    expect(problems.map((p) => p.reason)).toEqual([
      'the event is not JSON',
      expect.stringMatching(/^the event does not match the contract/),
    ]);
    expect(view().rejected).toBe(2);
    expect(view().entries).toEqual([]);
  });

  it("maps lk.transcription streams to live segments: the agent's deltas and the user's interim results", async () => {
    const { room, actions, view } = harness();
    // The agent's speech: one delta stream per segment.
    await room.stream('lk.transcription', 'agent-1', ['It ', 'is ', '5.'], {
      'lk.segment_id': 'SG_a',
      'lk.transcription_final': 'false',
    });
    // The user's speech, transcribed by the agent on the user's behalf: a stream per interim result.
    await room.stream('lk.transcription', 'user-1', ['what is'], {
      'lk.segment_id': 'SG_u',
      'lk.transcription_final': 'false',
    });
    await room.stream('lk.transcription', 'user-1', ['what is two plus three'], {
      'lk.segment_id': 'SG_u',
      'lk.transcription_final': 'true',
    });
    const segments = actions.flatMap((a) => (a.type === 'live_segment' ? [a.segment] : []));
    expect(segments.at(0)).toEqual({ role: 'agent', segmentId: 'SG_a', text: 'It ', final: false });
    expect(segments.filter((s) => s.segmentId === 'SG_a').at(-1)).toEqual({
      role: 'agent',
      segmentId: 'SG_a',
      text: 'It is 5.',
      final: true,
    });
    expect(segments.filter((s) => s.segmentId === 'SG_u').at(-1)).toEqual({
      role: 'user',
      segmentId: 'SG_u',
      text: 'what is two plus three',
      final: true,
    });
    expect(
      view().entries.map((e) => (e.kind === 'transcript' ? `${e.role}: ${e.text}` : e.kind)),
    ).toEqual(['agent: It is 5.', 'user: what is two plus three']);
  });

  it('shows speech once when the stored events follow the live transcription', async () => {
    const { room, view } = harness();
    await room.stream('lk.transcription', 'user-1', ['What is 2 plus 3?'], {
      'lk.segment_id': 'SG_u',
      'lk.transcription_final': 'true',
    });
    for (const event of sampleCall())
      await room.stream('console.events', 'agent-1', [JSON.stringify(event)]);
    await room.stream('lk.transcription', 'agent-1', ['It is ', '5.'], { 'lk.segment_id': 'SG_a' });
    const transcripts = view().entries.filter((e) => e.kind === 'transcript');
    expect(transcripts.map((e) => `${e.role}: ${e.text}`)).toEqual([
      'user: What is 2 plus 3?',
      'agent: It is 5.',
    ]);
  });

  it('unregisters its handlers and drops what arrives after detaching', async () => {
    const { room, actions, detach } = harness();
    expect([...room.handlers.keys()].sort()).toEqual(['console.events', 'lk.transcription']);
    detach();
    expect(room.handlers.size).toBe(0);
    await room.stream('console.events', 'agent-1', [JSON.stringify(sampleCall()[0])]);
    expect(actions).toEqual([]);
  });
});
