import { describe, expect, it } from 'vitest';
import { listCallEvents } from '@/lib/db/call-events';
import type { CallEvent, ClaimCheckEvent } from '@/lib/call-events/schema';
import type { CallHarness } from './support/call-harness';
import { setUpCallTests } from './support/call-tests';
import { callTool, text, type ClientEvent } from './support/scripted-realtime-server';

/**
 * The claims check live (issue 11), end to end: the unmodified framework and plugin,
 * AgentSession without a room, the scripted Realtime server as the model, the fixture MCP server
 * (real MCP over HTTP; it records what it received), a real database.
 */
const calls = setUpCallTests();

async function startCall(unbackedClaims?: 'flag' | 'correct') {
  return calls.start({
    ...(unbackedClaims ? { unbackedClaims } : {}),
    servers: [
      {
        name: 'mail',
        url: calls.fixture.url,
        tools: [
          {
            name: 'send_email',
            description: 'Send an email to a recipient',
            inputSchema: {
              type: 'object',
              properties: {
                to: { type: 'string' },
                subject: { type: 'string' },
                body: { type: 'string' },
              },
              required: ['to'],
            },
          },
        ],
      },
    ],
  });
}

const claimChecks = (h: CallHarness) =>
  h.published.filter((e): e is ClaimCheckEvent => e.type === 'claim_check');
const isCorrectionRequest = (e: ClientEvent) =>
  e.type === 'response.create' && JSON.stringify(e).includes('You just told the caller');
const stored = async (h: CallHarness): Promise<CallEvent[]> =>
  listCallEvents({ db: calls.db, callId: h.seeded.callId });

describe('the agent holds what it says against what ran', () => {
  it('the seed: "I\'ve sent the email to Ann" with send_email never called is unsupported, stored, published and corrected; the correction is checked; the MCP server received nothing', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    h.rt.script(
      text("I've sent the email to Ann."),
      // the correction, which itself claims again: checked and recorded, never corrected again
      text("Sorry, I haven't sent it yet. Actually, it's sent."),
    );
    h.running.session.generateReply({ userInput: 'Email Ann the agenda' });
    const first = (await h.waitForEvent((e) => e.type === 'claim_check')) as ClaimCheckEvent;
    // caught while it was still being said: the words up to the interruption
    expect(first.text).toMatch(/^I've sent/);
    expect(first).toMatchObject({
      verdict: 'unsupported',
      tool: 'send_email',
      toolCallIds: [],
      action: 'corrected',
      correction: false,
      fact: 'no "send_email" call ran in this call',
    });
    const agentSegment = h.published.find(
      (e) => e.type === 'transcript' && e.role === 'agent' && e.segmentId === first.segmentId,
    );
    expect(agentSegment).toMatchObject({ text: expect.stringMatching(/^I've sent/) });

    // the scripted model is told to correct itself, naming the claim and the ledger's fact
    const request = await h.rt.waitFor(isCorrectionRequest);
    expect(JSON.stringify(request)).toContain('You just told the caller \\"I\'ve sent');
    expect(JSON.stringify(request)).toContain('no \\"send_email\\" call ran in this call');

    // the agent's next words are checked: a correction, flagged only
    const second = (await h.waitForEvent(
      (e) => e.type === 'claim_check' && e.correction,
    )) as ClaimCheckEvent;
    expect(second).toMatchObject({ verdict: 'unsupported', action: 'flagged', correction: true });
    expect(second.segmentId).not.toBe(first.segmentId);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.rt.received.filter(isCorrectionRequest)).toHaveLength(1);

    await h.running.emitter.flush();
    const rows = (await stored(h)).filter((e) => e.type === 'claim_check');
    expect(rows.map((e) => [e.verdict, e.action, e.correction])).toEqual([
      ['unsupported', 'corrected', false],
      ['unsupported', 'flagged', true],
    ]);
    expect(calls.fixture.received.length).toBe(before);
  });

  it('a failed send: "Done, I\'ve sent it" is contradicted, pointing at the failed call', async () => {
    const h = await startCall();
    h.rt.script(
      callTool('send_email', { to: 'ann@bounce.example', subject: 'Agenda' }, 'call_fail'),
      text("Done, I've sent the email to Ann."),
      text('Sorry, that email did not go through: the mailbox is unavailable.'),
    );
    h.running.session.generateReply({ userInput: 'Email Ann the agenda' });
    expect((await h.waitForToolOutcome('call_fail')).state).toBe('failed');
    const check = (await h.waitForEvent((e) => e.type === 'claim_check')) as ClaimCheckEvent;
    expect(check).toMatchObject({
      verdict: 'contradicted',
      tool: 'send_email',
      toolCallIds: ['call_fail'],
      action: 'corrected',
    });
    expect(check.fact).toMatch(/^"send_email" failed: tool_error: .*unavailable/);
    const request = await h.rt.waitFor(isCorrectionRequest);
    expect(JSON.stringify(request)).toContain('call_fail');
    // the honest correction claims nothing
    await h.waitForEvent(
      (e) => e.type === 'transcript' && e.role === 'agent' && e.text.startsWith('Sorry'),
    );
    expect(claimChecks(h)).toHaveLength(1);
  });

  it('a done send: the claim is supported, pointing at the call, and nothing is corrected', async () => {
    const h = await startCall();
    h.rt.script(
      callTool('send_email', { to: 'ann@example.com', subject: 'Agenda' }, 'call_ok'),
      text("I've sent the email to Ann."),
    );
    h.running.session.generateReply({ userInput: 'Email Ann the agenda' });
    const check = (await h.waitForEvent((e) => e.type === 'claim_check')) as ClaimCheckEvent;
    expect(check).toMatchObject({
      verdict: 'supported',
      tool: 'send_email',
      toolCallIds: ['call_ok'],
      action: 'recorded',
      correction: false,
    });
    expect(calls.fixture.emails.at(-1)).toMatchObject({ to: 'ann@example.com' });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.rt.received.filter(isCorrectionRequest)).toHaveLength(0);
  });

  it('a profile set to "flag only" marks the claim and asks for no correction', async () => {
    const h = await startCall('flag');
    h.rt.script(text("I've sent the email to Ann."));
    h.running.session.generateReply({ userInput: 'Email Ann the agenda' });
    const check = (await h.waitForEvent((e) => e.type === 'claim_check')) as ClaimCheckEvent;
    expect(check).toMatchObject({ verdict: 'unsupported', action: 'flagged', correction: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.rt.received.filter(isCorrectionRequest)).toHaveLength(0);
  });
});
