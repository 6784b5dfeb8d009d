import { describe, expect, it } from 'vitest';
import {
  claimsOf,
  foldCallEvents,
  reduceCallEvents,
  summarizeClaims,
  type TranscriptEntry,
} from '@/lib/call-events/reducer';
import { safeParseCallEvent } from '@/lib/call-events/schema';
import { callEvents } from './events';

const events = () =>
  callEvents('call-1', [
    { type: 'call_state', state: 'started' },
    {
      type: 'transcript',
      role: 'user',
      segmentId: 'item_u1',
      text: 'Email Ann and add 2 and 3',
      final: true,
    },
    // a check of the streaming text may come before the segment's final transcript
    {
      type: 'claim_check',
      segmentId: 'item_a1',
      text: "I've sent the email to Ann",
      verdict: 'unsupported',
      tool: 'send_email',
      toolCallIds: [],
      action: 'corrected',
      correction: false,
      fact: 'no send_email call ran in this call',
    },
    {
      type: 'transcript',
      role: 'agent',
      segmentId: 'item_a1',
      text: "I've sent the email to Ann.",
      final: true,
    },
    {
      type: 'tool_call',
      toolCallId: 'call_s',
      tool: 'get-sum',
      server: 'everything',
      state: 'done',
    },
    {
      type: 'transcript',
      role: 'agent',
      segmentId: 'item_a2',
      text: 'Sorry, I have not sent it. 2 plus 3 is 5.',
      final: true,
    },
    {
      type: 'claim_check',
      segmentId: 'item_a2',
      text: '2 plus 3 is 5',
      verdict: 'supported',
      tool: 'get-sum',
      toolCallIds: ['call_s'],
      action: 'recorded',
      correction: true,
    },
  ]);

describe('claim_check events', () => {
  it('are part of the contract, and a bad one is refused', () => {
    for (const e of events()) expect(safeParseCallEvent(e).success).toBe(true);
    const bad = { ...events()[2]!, verdict: 'maybe' };
    expect(safeParseCallEvent(bad).success).toBe(false);
    const noSegment = { ...events()[2]!, segmentId: '' };
    expect(safeParseCallEvent(noSegment).success).toBe(false);
  });

  it('mark the agent bubble they were found in, even when they arrive before its text', () => {
    const view = foldCallEvents(events());
    const bubbles = view.entries.filter(
      (e): e is TranscriptEntry => e.kind === 'transcript' && e.role === 'agent',
    );
    expect(bubbles.map((b) => claimsOf(view, b).map((c) => [c.verdict, c.tool, c.action]))).toEqual(
      [[['unsupported', 'send_email', 'corrected']], [['supported', 'get-sum', 'recorded']]],
    );
    expect(claimsOf(view, bubbles[1]!)[0]).toMatchObject({
      toolCallIds: ['call_s'],
      correction: true,
    });
    const user = view.entries.find(
      (e): e is TranscriptEntry => e.kind === 'transcript' && e.role === 'user',
    )!;
    expect(claimsOf(view, user)).toEqual([]);
  });

  it('are counted by verdict for the review summary, and a duplicate seq counts once', () => {
    const all = events();
    let view = foldCallEvents(all);
    view = reduceCallEvents(view, { type: 'event', event: all[2]! });
    expect(summarizeClaims(view)).toEqual({
      total: 2,
      supported: 1,
      unsupported: 1,
      contradicted: 0,
      corrected: 1,
    });
  });
});
