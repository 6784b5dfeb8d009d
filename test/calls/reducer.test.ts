import { describe, expect, it } from 'vitest';
import {
  foldCallEvents,
  initialCallView,
  lastAppliedSeq,
  missingSeqs,
  reduceCallEvents,
  summarizeToolCalls,
  type CallView,
  type CallViewAction,
  type ToolCallEntry,
} from '@/lib/call-events/reducer';
import { callEvents, sampleCall } from './events';

const run = (actions: CallViewAction[], start: CallView = initialCallView) =>
  actions.reduce(reduceCallEvents, start);

/** What a reader sees, in order, one line per entry. */
function lines(view: CallView): string[] {
  return view.entries.map((e) => {
    switch (e.kind) {
      case 'tool_call':
        return `tool ${e.tool} ${e.state}`;
      case 'transcript':
        return `${e.role}: ${e.text}`;
      case 'notice':
        return `notice ${e.code}`;
      case 'call_state':
        return `call ${e.state}`;
    }
  });
}

const expectedLines = [
  'call started',
  'user: What is 2 plus 3?',
  'tool get-sum done',
  'tool send_email failed',
  'notice mcp_server_unavailable',
  'agent: It is 5.',
  'call ended',
];

describe('reduceCallEvents on ordered events', () => {
  it('shows one entry per tool call, with its steps, result, error and duration', () => {
    const view = foldCallEvents(sampleCall());
    expect(lines(view)).toEqual(expectedLines);
    const sum = view.entries.find((e) => e.key === 'tool:call_a') as ToolCallEntry;
    expect(sum.steps.map((s) => s.state)).toEqual(['requested', 'executing', 'done']);
    expect(sum.args?.text).toBe('{"a":2,"b":3}');
    expect(sum.result?.text).toBe('The sum of 2 and 3 is 5.');
    expect(sum.durationMs).toBe(4);
    const email = view.entries.find((e) => e.key === 'tool:call_b') as ToolCallEntry;
    expect(email.error).toEqual({
      code: 'invalid_arguments',
      message: 'Unknown function: send_email',
    });
    expect(view.status).toBe('ended');
    expect(view.endReason).toBe('user_left');
    expect(view.nextSeq).toBe(10);
    expect(missingSeqs(view)).toEqual([]);
    expect(summarizeToolCalls(view)).toEqual([
      { toolCallId: 'call_a', tool: 'get-sum', server: 'everything', state: 'done', durationMs: 4 },
      {
        toolCallId: 'call_b',
        tool: 'send_email',
        server: null,
        state: 'failed',
        errorCode: 'invalid_arguments',
        durationMs: 1,
      },
    ]);
  });

  it('moves a tool call through its states one event at a time', () => {
    const events = sampleCall();
    const states: string[] = [];
    let view = initialCallView;
    for (const event of events.slice(0, 5)) {
      view = reduceCallEvents(view, { type: 'event', event });
      const entry = view.entries.find((e) => e.key === 'tool:call_a') as ToolCallEntry | undefined;
      if (entry) states.push(entry.state);
    }
    expect(states).toEqual(['requested', 'executing', 'done']);
    expect(view.lastToolChange).toMatchObject({ key: 'tool:call_a', state: 'done' });
  });

  it('passes through awaiting confirmation and records the decision', () => {
    const view = foldCallEvents(
      callEvents('c', [
        { type: 'tool_call', toolCallId: 't', tool: 'pay', server: 's', state: 'requested' },
        {
          type: 'tool_call',
          toolCallId: 't',
          tool: 'pay',
          server: 's',
          state: 'awaiting_confirmation',
        },
        { type: 'confirmation', toolCallId: 't', decision: 'denied', via: 'button', by: 'u1' },
        {
          type: 'tool_call',
          toolCallId: 't',
          tool: 'pay',
          server: 's',
          state: 'failed',
          error: { code: 'denied', message: 'The caller said no.' },
        },
      ]),
    );
    const entry = view.entries[0] as ToolCallEntry;
    expect(entry.steps.map((s) => s.state)).toEqual([
      'requested',
      'awaiting_confirmation',
      'failed',
    ]);
    expect(entry.confirmation).toMatchObject({ decision: 'denied', via: 'button', by: 'u1' });
  });
});

describe('reduceCallEvents on duplicated events', () => {
  it('ignores an event whose seq was seen, applied or held', () => {
    const events = sampleCall();
    const doubled = events.flatMap((e) => [e, e]);
    const view = foldCallEvents(doubled);
    expect(lines(view)).toEqual(expectedLines);
    expect(view.duplicates).toBe(events.length);
    const held = run([
      { type: 'event', event: events[3]! },
      { type: 'event', event: events[3]! },
    ]);
    expect(held.held).toHaveLength(1);
    expect(held.duplicates).toBe(1);
  });

  it('does not let a replayed older state move a tool call backwards', () => {
    const events = sampleCall();
    const view = foldCallEvents([...events.slice(0, 5), events[2]!, events[3]!]);
    expect((view.entries[2] as ToolCallEntry).state).toBe('done');
  });
});

describe('reduceCallEvents on out-of-order events', () => {
  it('holds events ahead of a gap and applies them in seq order once it fills', () => {
    const events = sampleCall();
    const [e0, e1, e2, e3, e4, ...rest] = events;
    let view = run([e0!, e1!, e4!, e3!].map((event) => ({ type: 'event' as const, event })));
    expect(view.held.map((e) => e.seq)).toEqual([3, 4]);
    expect(missingSeqs(view)).toEqual([2]);
    expect(lines(view)).toEqual(['call started', 'user: What is 2 plus 3?']);
    view = reduceCallEvents(view, { type: 'event', event: e2! });
    expect(view.held).toEqual([]);
    const entry = view.entries[2] as ToolCallEntry;
    expect(entry.steps.map((s) => s.state)).toEqual(['requested', 'executing', 'done']);
    view = run(
      rest.map((event) => ({ type: 'event' as const, event })),
      view,
    );
    expect(lines(view)).toEqual(expectedLines);
  });

  it('gives the same view for any order of the same events', () => {
    const events = sampleCall();
    const reversed = foldCallEvents([...events].reverse());
    const shuffled = foldCallEvents([5, 2, 9, 0, 7, 1, 3, 8, 6, 4].map((i) => events[i]!));
    const ordered = foldCallEvents(events);
    expect(reversed.entries).toEqual(ordered.entries);
    expect(shuffled.entries).toEqual(ordered.entries);
  });
});

describe('reduceCallEvents on gapped events', () => {
  it('reports the missing seqs and shows everything else', () => {
    const events = sampleCall();
    const view = foldCallEvents(events.filter((e) => e.seq !== 3 && e.seq !== 7));
    expect(view.missing).toEqual([3, 7]);
    expect(missingSeqs(view)).toEqual([3, 7]);
    expect(lines(view)).toEqual(expectedLines.filter((l) => l !== 'notice mcp_server_unavailable'));
    const entry = view.entries[2] as ToolCallEntry;
    expect(entry.steps.map((s) => s.state)).toEqual(['requested', 'done']);
  });

  it('applies a missing event that arrives after the gap was given up on, in its place', () => {
    const events = sampleCall();
    let view = foldCallEvents(events.filter((e) => e.seq !== 1 && e.seq !== 3));
    expect(view.missing).toEqual([1, 3]);
    view = reduceCallEvents(view, { type: 'event', event: events[3]! });
    view = reduceCallEvents(view, { type: 'event', event: events[1]! });
    expect(view.missing).toEqual([]);
    expect(lines(view)).toEqual(expectedLines);
    const entry = view.entries[2] as ToolCallEntry;
    expect(entry.state).toBe('done');
    expect(entry.steps.map((s) => s.state)).toEqual(['requested', 'executing', 'done']);
    // And it is a duplicate the second time.
    expect(reduceCallEvents(view, { type: 'event', event: events[1]! }).duplicates).toBe(1);
  });

  it('resumes after the highest applied seq, below any seq given up on', () => {
    const events = sampleCall();
    expect(lastAppliedSeq(foldCallEvents(events.slice(0, 4)))).toBe(3);
    expect(lastAppliedSeq(initialCallView)).toBe(-1);
  });

  it('rejects events of another call', () => {
    const view = run([
      { type: 'reset', callId: 'call-1' },
      { type: 'event', event: sampleCall('call-2')[0]! },
    ]);
    expect(view.entries).toEqual([]);
    expect(view.rejected).toBe(1);
  });
});

describe('live transcription segments', () => {
  it('updates one entry per segment as LiveKit streams it', () => {
    const view = run([
      {
        type: 'live_segment',
        segment: { role: 'agent', segmentId: 'SG_1', text: 'It', final: false },
      },
      {
        type: 'live_segment',
        segment: { role: 'agent', segmentId: 'SG_1', text: 'It is 5.', final: true },
      },
    ]);
    expect(lines(view)).toEqual(['agent: It is 5.']);
    expect(view.entries[0]).toMatchObject({ source: 'live', final: true });
  });

  it('merges a stored transcript with the live segment of the same segment id', () => {
    const [stored] = callEvents('c', [
      { type: 'transcript', role: 'user', segmentId: 'SG_9', text: 'Hello there.', final: true },
    ]);
    const view = run([
      {
        type: 'live_segment',
        segment: { role: 'user', segmentId: 'SG_9', text: 'hello there', final: false },
      },
      { type: 'event', event: stored! },
      {
        type: 'live_segment',
        segment: { role: 'user', segmentId: 'SG_9', text: 'hello there', final: true },
      },
    ]);
    expect(lines(view)).toEqual(['user: Hello there.']);
    expect(view.entries[0]).toMatchObject({ source: 'both', seq: 0 });
  });

  it("reconciles LiveKit's segment ids with the agent's item ids by role and words, either order", () => {
    const events = callEvents('c', [
      {
        type: 'transcript',
        role: 'user',
        segmentId: 'item_1',
        text: 'What is 2 plus 3?',
        final: true,
      },
      { type: 'transcript', role: 'agent', segmentId: 'item_2', text: 'It is 5.', final: true },
    ]);
    // Live first, stored later (the usual order).
    const liveFirst = run([
      {
        type: 'live_segment',
        segment: { role: 'user', segmentId: 'SG_a', text: 'what is 2 plus 3', final: true },
      },
      { type: 'event', event: events[0]! },
      {
        type: 'live_segment',
        segment: { role: 'agent', segmentId: 'SG_b', text: 'It is', final: false },
      },
      {
        type: 'live_segment',
        segment: { role: 'agent', segmentId: 'SG_b', text: 'It is 5.', final: true },
      },
      { type: 'event', event: events[1]! },
    ]);
    expect(lines(liveFirst)).toEqual(['user: What is 2 plus 3?', 'agent: It is 5.']);
    // Stored first, live later, including a live stream still growing towards the stored text.
    const storedFirst = run([
      { type: 'event', event: events[0]! },
      { type: 'event', event: events[1]! },
      {
        type: 'live_segment',
        segment: { role: 'user', segmentId: 'SG_a', text: 'What is 2 plus 3?', final: true },
      },
      {
        type: 'live_segment',
        segment: { role: 'agent', segmentId: 'SG_b', text: 'It', final: false },
      },
      {
        type: 'live_segment',
        segment: { role: 'agent', segmentId: 'SG_b', text: 'It is 5.', final: true },
      },
      {
        type: 'live_segment',
        segment: { role: 'agent', segmentId: 'SG_b', text: 'It is 5.', final: true },
      },
    ]);
    expect(lines(storedFirst)).toEqual(['user: What is 2 plus 3?', 'agent: It is 5.']);
    expect(storedFirst.entries.every((e) => e.kind === 'transcript' && e.source === 'both')).toBe(
      true,
    );
  });

  it('keeps different words apart, and the same words from different speakers apart', () => {
    const [stored] = callEvents('c', [
      { type: 'transcript', role: 'agent', segmentId: 'item_2', text: 'Yes.', final: true },
    ]);
    const view = run([
      {
        type: 'live_segment',
        segment: { role: 'user', segmentId: 'SG_u', text: 'Yes.', final: true },
      },
      { type: 'event', event: stored! },
      {
        type: 'live_segment',
        segment: { role: 'agent', segmentId: 'SG_x', text: 'No.', final: true },
      },
    ]);
    expect(lines(view)).toEqual(['user: Yes.', 'agent: Yes.', 'agent: No.']);
  });
});
