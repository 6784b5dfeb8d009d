import { describe, expect, it } from 'vitest';
import { describeClaimSummary, markClaims } from '@/lib/call-events/claim-marks';
import { foldCallEvents, summarizeClaims, type CallView } from '@/lib/call-events/reducer';
import type { CallEventBody } from '@/lib/call-events/schema';
import { callEvents } from './events';

const agent = (segmentId: string, text: string): CallEventBody => ({
  type: 'transcript',
  role: 'agent',
  segmentId,
  text,
  final: true,
});
const user = (segmentId: string, text: string): CallEventBody => ({
  type: 'transcript',
  role: 'user',
  segmentId,
  text,
  final: true,
});
const claim = (
  segmentId: string,
  fields: Partial<Extract<CallEventBody, { type: 'claim_check' }>> &
    Pick<Extract<CallEventBody, { type: 'claim_check' }>, 'text' | 'verdict' | 'tool'>,
): CallEventBody => ({
  type: 'claim_check',
  segmentId,
  toolCallIds: [],
  action: fields.verdict === 'supported' ? 'recorded' : 'flagged',
  correction: false,
  ...fields,
});

const keyOf = (view: CallView, segmentId: string) =>
  view.entries.find((e) => e.kind === 'transcript' && e.segmentIds.includes(segmentId))!.key;

describe('markClaims: what an agent bubble shows of its claims', () => {
  it('an unbacked claim with no call says so, and the next agent bubble is its correction', () => {
    const view = foldCallEvents(
      callEvents('c', [
        user('u1', 'Email Ann the agenda'),
        agent('a1', "I've sent the email to Ann."),
        claim('a1', {
          text: "I've sent the email to Ann",
          verdict: 'unsupported',
          tool: 'send_email',
          action: 'corrected',
          fact: 'no "send_email" call ran in this call',
        }),
        user('u2', 'Thanks'),
        agent('a2', "Sorry, I haven't sent it yet. Shall I send it now?"),
        agent('a3', 'Anything else?'),
      ]),
    );
    const marks = markClaims(view);
    const first = marks.get(keyOf(view, 'a1'))!;
    expect(first.notes).toEqual([
      {
        key: expect.any(String),
        verdict: 'unsupported',
        backed: false,
        words: "I've sent the email to Ann",
        reason: 'no send_email call ran',
        toolCalls: [],
        action: 'corrected',
      },
    ]);
    expect(first.correction).toBe(false);
    expect(first.correctedBy).toBe(keyOf(view, 'a2'));
    // the correction claims nothing, and is still shown as a correction of a1
    expect(marks.get(keyOf(view, 'a2'))).toEqual({
      notes: [],
      correction: true,
      corrects: keyOf(view, 'a1'),
    });
    // neither the user's bubbles nor a later plain reply are marked
    expect(marks.has(keyOf(view, 'u1'))).toBe(false);
    expect(marks.has(keyOf(view, 'a3'))).toBe(false);
  });

  it('a contradicted claim names the failure of the call it contradicts, as it was then', () => {
    const view = foldCallEvents(
      callEvents('c', [
        {
          type: 'tool_call',
          toolCallId: 'f1',
          tool: 'send_email',
          server: 'Mail',
          state: 'requested',
        },
        {
          type: 'tool_call',
          toolCallId: 'f1',
          tool: 'send_email',
          server: 'Mail',
          state: 'failed',
          error: { code: 'timeout', message: 'the mail server did not answer in 10 s' },
        },
        {
          type: 'tool_call',
          toolCallId: 'd1',
          tool: 'reserveTable',
          server: 'Book',
          state: 'requested',
        },
        {
          type: 'tool_call',
          toolCallId: 'd1',
          tool: 'reserveTable',
          server: 'Book',
          state: 'failed',
          error: { code: 'denied', message: 'the caller said no' },
        },
        agent('a1', "Done, I've sent it, and your table's booked for 7."),
        claim('a1', {
          text: "Done, I've sent it",
          verdict: 'contradicted',
          tool: 'send_email',
          toolCallIds: ['f1'],
          action: 'corrected',
        }),
        claim('a1', {
          text: "your table's booked for 7",
          verdict: 'contradicted',
          tool: 'reserveTable',
          toolCallIds: ['d1'],
          action: 'corrected',
        }),
      ]),
    );
    const notes = markClaims(view).get(keyOf(view, 'a1'))!.notes;
    expect(notes.map((n) => [n.backed, n.reason])).toEqual([
      [false, 'send_email failed (timeout): the mail server did not answer in 10 s'],
      [false, 'reserveTable was denied'],
    ]);
    expect(notes[0]!.toolCalls).toEqual([
      { entryKey: 'tool:f1', toolCallId: 'f1', tool: 'send_email', state: 'failed' },
    ]);
  });

  it('a backed claim points at the calls it rests on; an unfinished one is unbacked', () => {
    const view = foldCallEvents(
      callEvents('c', [
        { type: 'tool_call', toolCallId: 's1', tool: 'get-sum', server: 'E', state: 'requested' },
        { type: 'tool_call', toolCallId: 's1', tool: 'get-sum', server: 'E', state: 'done' },
        {
          type: 'tool_call',
          toolCallId: 'w1',
          tool: 'get_weather',
          server: 'W',
          state: 'executing',
        },
        agent('a1', "2 plus 3 is 5, and it's 18 degrees in Lyon."),
        claim('a1', {
          text: '2 plus 3 is 5',
          verdict: 'supported',
          tool: 'get-sum',
          toolCallIds: ['s1'],
        }),
        claim('a1', {
          text: "it's 18 degrees in Lyon",
          verdict: 'unsupported',
          tool: 'get_weather',
        }),
        // the weather call finishes after the claim: the mark keeps what the claim was held against
        { type: 'tool_call', toolCallId: 'w1', tool: 'get_weather', server: 'W', state: 'done' },
      ]),
    );
    const notes = markClaims(view).get(keyOf(view, 'a1'))!.notes;
    expect(notes[0]).toMatchObject({
      backed: true,
      reason: 'backed by the get-sum call',
      toolCalls: [{ entryKey: 'tool:s1', toolCallId: 's1', tool: 'get-sum', state: 'done' }],
    });
    expect(notes[1]).toMatchObject({ backed: false, reason: 'get_weather had not finished' });
  });

  it('distinguishes a call awaiting confirmation, and a done call that did something else', () => {
    const view = foldCallEvents(
      callEvents('c', [
        {
          type: 'tool_call',
          toolCallId: 'p1',
          tool: 'pay',
          server: 'P',
          state: 'awaiting_confirmation',
        },
        { type: 'tool_call', toolCallId: 'w1', tool: 'get_weather', server: 'W', state: 'done' },
        agent('a1', "You've paid, and it's sunny in Lyon."),
        claim('a1', { text: "You've paid", verdict: 'unsupported', tool: 'pay' }),
        claim('a1', { text: "it's sunny in Lyon", verdict: 'unsupported', tool: 'get_weather' }),
      ]),
    );
    expect(
      markClaims(view)
        .get(keyOf(view, 'a1'))!
        .notes.map((n) => n.reason),
    ).toEqual([
      "pay was still waiting for the caller's confirmation",
      'no get_weather call did that',
    ]);
  });

  it("falls back to the agent's ledger fact when the view lacks the calls (a gap)", () => {
    const events = callEvents('c', [
      { type: 'tool_call', toolCallId: 's1', tool: 'get-sum', server: 'E', state: 'done' },
      agent('a1', 'It is 5.'),
      claim('a1', {
        text: 'It is 5',
        verdict: 'supported',
        tool: 'get-sum',
        toolCallIds: ['s1'],
        fact: '"get-sum" ran and is done in this call (s1)',
      }),
    ]);
    const view = foldCallEvents(events.slice(1));
    expect(view.missing).toEqual([0]);
    expect(markClaims(view).get(keyOf(view, 'a1'))!.notes[0]).toMatchObject({
      backed: true,
      reason: '"get-sum" ran and is done in this call (s1)',
      toolCalls: [],
    });
  });

  it("marks a correction by the claim's own flag, even with no flagged bubble before it", () => {
    const view = foldCallEvents(
      callEvents('c', [
        agent('a1', 'Actually, it is sent.'),
        claim('a1', {
          text: 'it is sent',
          verdict: 'unsupported',
          tool: 'send_email',
          correction: true,
        }),
      ]),
    );
    const mark = markClaims(view).get(keyOf(view, 'a1'))!;
    expect(mark.correction).toBe(true);
    expect(mark.corrects).toBeUndefined();
    expect(mark.notes[0]).toMatchObject({ action: 'flagged', reason: 'no send_email call ran' });
  });
});

describe('describeClaimSummary: the review page counts claims by verdict', () => {
  it('says how many were backed and how many not, and what kind the unbacked were', () => {
    const view = foldCallEvents(
      callEvents('c', [
        agent('a1', 'x'),
        claim('a1', { text: 'a', verdict: 'supported', tool: 't' }),
        claim('a1', { text: 'b', verdict: 'supported', tool: 't' }),
        claim('a1', { text: 'c', verdict: 'supported', tool: 't' }),
        claim('a1', { text: 'd', verdict: 'unsupported', tool: 't', action: 'corrected' }),
      ]),
    );
    expect(describeClaimSummary(summarizeClaims(view))).toEqual({
      headline: '4 claims: 3 backed by tool results, 1 not.',
      details: ['1 with no tool call behind it', 'the agent was asked to correct itself once'],
    });
  });

  it('words the edge cases', () => {
    const s = (supported: number, unsupported: number, contradicted: number, corrected = 0) => ({
      total: supported + unsupported + contradicted,
      supported,
      unsupported,
      contradicted,
      corrected,
    });
    expect(describeClaimSummary(s(0, 0, 0)).headline).toBe(
      'No claims: the agent said nothing that only a tool could have done or found.',
    );
    expect(describeClaimSummary(s(1, 0, 0))).toEqual({
      headline: '1 claim: backed by a tool result.',
      details: [],
    });
    expect(describeClaimSummary(s(2, 0, 0)).headline).toBe('2 claims: all backed by tool results.');
    expect(describeClaimSummary(s(0, 1, 2, 2))).toEqual({
      headline: '3 claims: none backed by tool results.',
      details: [
        '1 with no tool call behind it',
        '2 contradicted by a tool call',
        'the agent was asked to correct itself 2 times',
      ],
    });
    expect(describeClaimSummary(s(0, 0, 1)).headline).toBe(
      '1 claim: not backed by any tool result.',
    );
  });
});
