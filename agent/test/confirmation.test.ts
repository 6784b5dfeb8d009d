import { describe, expect, it } from 'vitest';
import { listCallEvents } from '@/lib/db/call-events';
import type { CallEvent } from '@/lib/call-events/schema';
import { handleConfirmToolRpc } from '../src/confirm-tool-rpc';
import type { CallHarness } from './support/call-harness';
import { SEND_EMAIL_INPUT_SCHEMA } from '@/test/fixtures/mcp-fixture-server';
import { setUpCallTests } from './support/call-tests';
import { callTool, text, type ClientEvent } from './support/scripted-realtime-server';

/**
 * A tool that needs the caller's confirmation, end to end: the unmodified framework and plugin,
 * AgentSession without a room, the scripted Realtime server as the model, the fixture MCP server
 * (real MCP over HTTP; it records what it received) with send_email marked "needs confirmation",
 * and a real database.
 */
const calls = setUpCallTests();

const CALLER = 'caller-user-1';
const ARGS = { to: 'bob@example.com', subject: 'Lunch moved', body: 'See you at 1 pm.' };
const QUESTION = 'Should I send the email to bob@example.com, subject Lunch moved? Say yes or no.';

async function startCall(confirmTimeoutMs = 30_000) {
  return calls.start({
    userId: CALLER,
    servers: [
      {
        name: 'mail',
        url: calls.fixture.url,
        tools: [
          {
            name: 'send_email',
            inputSchema: SEND_EMAIL_INPUT_SCHEMA,
            needsConfirmation: true,
            confirmTimeoutMs,
          },
          {
            name: 'slow',
            inputSchema: {
              type: 'object',
              properties: { ms: { type: 'number' } },
              required: ['ms'],
            },
            needsConfirmation: true,
            timeoutMs: 10_000,
            confirmTimeoutMs,
          },
          {
            name: 'echo',
            inputSchema: {
              type: 'object',
              properties: { text: { type: 'string' } },
              required: ['text'],
            },
          },
        ],
      },
    ],
  });
}

/** The model asks for send_email; the call waits for the caller, and the agent asks the question. */
async function modelWantsToSend(
  h: CallHarness,
  callId: string,
  call: { name: string; args: Record<string, unknown> } = { name: 'send_email', args: ARGS },
) {
  h.rt.script(callTool(call.name, call.args, callId), text(QUESTION));
  h.running.session.generateReply({ userInput: 'Tell Bob lunch moved to 1 pm, by email.' });
  await h.waitForEvent(
    (e) => e.type === 'tool_call' && e.toolCallId === callId && e.state === 'awaiting_confirmation',
  );
  await h.waitForEvent((e) => e.type === 'transcript' && e.role === 'agent' && e.text === QUESTION);
  await waitFor(() => h.running.session.agentState === 'listening');
}

/** tool_call states and confirmation events of one tool call, in publish order */
function lifecycle(h: CallHarness, toolCallId: string): string[] {
  return h.published.flatMap((e) => {
    if (e.type === 'tool_call' && e.toolCallId === toolCallId) return [e.state];
    if (e.type === 'confirmation' && e.toolCallId === toolCallId)
      return [`confirmation:${e.decision}:${e.via}:${e.by ?? 'null'}`];
    return [];
  });
}

function outcomeOf(h: CallHarness, toolCallId: string) {
  return h.published.find(
    (e): e is Extract<CallEvent, { type: 'tool_call' }> =>
      e.type === 'tool_call' &&
      e.toolCallId === toolCallId &&
      (e.state === 'done' || e.state === 'failed'),
  );
}

const sentEmails = (before: number) =>
  calls.fixture.received.slice(before).filter((r) => r.tool === 'send_email');

function instructionsOf(e: ClientEvent): string {
  return String((e.response as { instructions?: unknown } | undefined)?.instructions ?? '');
}

async function waitFor(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function expectStoredMatchesPublished(h: CallHarness) {
  await h.running.emitter.flush();
  await waitFor(() => h.published.length > 0);
  const deadline = Date.now() + 5000;
  for (;;) {
    const stored = await listCallEvents({ db: calls.db, callId: h.seeded.callId });
    if (stored.length >= h.published.length || Date.now() > deadline) {
      expect(stored).toEqual(h.published);
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a tool that needs the caller’s confirmation, answered by voice', () => {
  it('waits without sending anything, shows the arguments, and tells the model to ask', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    await modelWantsToSend(h, 'call_wait');

    const awaiting = h.toolEvents('call_wait').find((e) => e.state === 'awaiting_confirmation');
    expect(awaiting?.args && JSON.parse(awaiting.args.text)).toEqual(ARGS);
    const output = await h.rt.waitForFunctionCallOutput('call_wait');
    const told = JSON.parse(output.output) as string;
    expect(told).toMatch(/^NOT DONE YET: "send_email" has not run and nothing was sent to mail\./);
    expect(told).toContain(
      'Ask the caller exactly: "Should I run send email on mail with to bob@example.com, subject "Lunch moved", body "See you at 1 pm."? Say yes or no."',
    );
    expect(told).toContain('call confirm_action');
    expect(h.rt.toolsSent().map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['send_email', 'echo', 'confirm_action']),
    );
    expect(lifecycle(h, 'call_wait')).toEqual(['requested', 'awaiting_confirmation']);
    expect(sentEmails(before)).toEqual([]);
  });

  it('a spoken yes runs the tool once, with the arguments shown, and the model gets the real result', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    await modelWantsToSend(h, 'call_yes');

    h.rt.script(callTool('confirm_action', { decision: 'yes' }, 'confirm_yes'), text('Sent.'));
    await h.rt.userSays('Yes, send it.');
    const outcome = await h.waitForToolOutcome('call_yes');

    expect(outcome.state).toBe('done');
    expect(sentEmails(before)).toEqual([
      { tool: 'send_email', args: ARGS, at: expect.any(Number) },
    ]);
    expect(lifecycle(h, 'call_yes')).toEqual([
      'requested',
      'awaiting_confirmation',
      `confirmation:approved:voice:${CALLER}`,
      'executing',
      'done',
    ]);
    const result = await h.rt.waitForFunctionCallOutput('confirm_yes');
    expect(JSON.parse(result.output)).toContain('Email sent to bob@example.com');
    // confirm_action is not an MCP tool call of its own
    expect(h.published.some((e) => e.type === 'tool_call' && e.tool === 'confirm_action')).toBe(
      false,
    );
    await expectStoredMatchesPublished(h);
  });

  it('a spoken no leaves the MCP server untouched; failed (denied), and the model is told', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    await modelWantsToSend(h, 'call_no');

    h.rt.script(
      callTool('confirm_action', { decision: 'no' }, 'confirm_no'),
      text('OK, not sent.'),
    );
    await h.rt.userSays("No, don't send it.");
    const outcome = await h.waitForToolOutcome('call_no');

    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'denied' } });
    expect(lifecycle(h, 'call_no')).toEqual([
      'requested',
      'awaiting_confirmation',
      `confirmation:denied:voice:${CALLER}`,
      'failed',
    ]);
    const told = (await h.rt.waitForFunctionCallOutput('confirm_no')).output;
    expect(told).toMatch(
      /^denied: the caller declined \("No, don't send it\."\); "send_email" was not run/,
    );
    expect(told).toContain('Tell the caller it was not done.');
    expect(sentEmails(before)).toEqual([]);
    await expectStoredMatchesPublished(h);
  });

  it('the model’s yes is not enough: the caller’s own words must be a yes', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    await modelWantsToSend(h, 'call_mixed');

    // The model claims yes, but the caller said no: denied.
    h.rt.script(
      callTool('confirm_action', { decision: 'yes' }, 'confirm_mixed'),
      text('Not sent.'),
    );
    await h.rt.userSays('Nope, stop.');
    await h.waitForToolOutcome('call_mixed');
    expect(outcomeOf(h, 'call_mixed')).toMatchObject({
      state: 'failed',
      error: { code: 'denied' },
    });
    expect((await h.rt.waitForFunctionCallOutput('confirm_mixed')).output).toMatch(/^denied: /);
    expect(sentEmails(before)).toEqual([]);
  });

  it('a yes from the model before the caller answered does not count', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    h.rt.script(
      callTool('send_email', ARGS, 'call_eager'),
      callTool('confirm_action', { decision: 'yes' }, 'confirm_eager'),
      text(QUESTION),
    );
    h.running.session.generateReply({ userInput: 'Email Bob that lunch moved.' });
    const told = JSON.parse((await h.rt.waitForFunctionCallOutput('confirm_eager', 15_000)).output);
    expect(told).toMatch(/^NOT DONE YET: the caller has not answered yet/);
    expect(lifecycle(h, 'call_eager')).toEqual(['requested', 'awaiting_confirmation']);
    expect(sentEmails(before)).toEqual([]);
  });

  it('an unclear answer asks once more; a yes then runs it', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    await modelWantsToSend(h, 'call_unclear');

    h.rt.script(callTool('confirm_action', { decision: 'yes' }, 'confirm_1'), text(QUESTION));
    await h.rt.userSays('Hmm, maybe.');
    const again = JSON.parse((await h.rt.waitForFunctionCallOutput('confirm_1')).output);
    expect(again).toMatch(
      /^NOT DONE YET: the caller's answer \("Hmm, maybe\."\) was not a clear yes or no/,
    );
    expect(again).toContain('Ask once more, exactly: "Should I run send email on mail');
    await h.waitForEvent(
      (e) =>
        e.type === 'transcript' &&
        e.role === 'agent' &&
        e.text === QUESTION &&
        h.published.filter((p) => p.type === 'transcript' && p.text === QUESTION).length === 2,
    );
    await waitFor(() => h.running.session.agentState === 'listening');
    expect(lifecycle(h, 'call_unclear')).toEqual(['requested', 'awaiting_confirmation']);
    expect(sentEmails(before)).toEqual([]);

    h.rt.script(callTool('confirm_action', { decision: 'yes' }, 'confirm_2'), text('Sent.'));
    await h.rt.userSays('Yes.');
    expect((await h.waitForToolOutcome('call_unclear')).state).toBe('done');
    expect(JSON.parse((await h.rt.waitForFunctionCallOutput('confirm_2')).output)).toContain(
      'Email sent to bob@example.com',
    );
    expect(sentEmails(before)).toEqual([
      { tool: 'send_email', args: ARGS, at: expect.any(Number) },
    ]);
    expect(lifecycle(h, 'call_unclear')).toEqual([
      'requested',
      'awaiting_confirmation',
      `confirmation:approved:voice:${CALLER}`,
      'executing',
      'done',
    ]);
  });

  it('once the caller said yes, talking over the agent does not cancel the action; the model hears its result', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    await modelWantsToSend(h, 'call_slow', { name: 'slow', args: { ms: 1500 } });
    h.rt.script(callTool('confirm_action', { decision: 'yes' }, 'confirm_slow'), text('Done.'));
    await h.rt.userSays('Yes.');
    await h.waitForEvent(
      (e) => e.type === 'tool_call' && e.toolCallId === 'call_slow' && e.state === 'executing',
    );
    await h.rt.userStartsSpeaking();

    const outcome = await h.waitForToolOutcome('call_slow', 10_000);
    expect(outcome.state).toBe('done');
    expect(calls.fixture.received.slice(before).filter((r) => r.tool === 'slow')).toHaveLength(1);
    // By confirm_action's output or, had the framework dropped that call, by instructions.
    const told = await h.rt.waitFor(
      (e) =>
        (e.type === 'conversation.item.create' &&
          (e.item as { call_id?: string }).call_id === 'confirm_slow') ||
        (e.type === 'response.create' && instructionsOf(e).includes('The caller said yes')),
    );
    expect(JSON.stringify(told)).toContain('waited 1500 ms');
  });

  it('two unclear answers count as no', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    await modelWantsToSend(h, 'call_unclear2');
    h.rt.script(callTool('confirm_action', { decision: 'unclear' }, 'confirm_u1'), text(QUESTION));
    await h.rt.userSays('What?');
    await h.rt.waitForFunctionCallOutput('confirm_u1');
    await waitFor(
      () => h.published.filter((p) => p.type === 'transcript' && p.text === QUESTION).length === 2,
    );
    await waitFor(() => h.running.session.agentState === 'listening');
    h.rt.script(callTool('confirm_action', { decision: 'unclear' }, 'confirm_u2'), text('OK.'));
    await h.rt.userSays('I am not sure.');
    expect(await h.waitForToolOutcome('call_unclear2')).toMatchObject({
      state: 'failed',
      error: { code: 'denied' },
    });
    expect((await h.rt.waitForFunctionCallOutput('confirm_u2')).output).toMatch(
      /^denied: the caller's answer was unclear twice/,
    );
    expect(lifecycle(h, 'call_unclear2')).toEqual([
      'requested',
      'awaiting_confirmation',
      `confirmation:denied:voice:${CALLER}`,
      'failed',
    ]);
    expect(sentEmails(before)).toEqual([]);
  });
});

describe('no answer', () => {
  it('silence past confirmTimeoutMs: failed (denied) with a timeout confirmation, and the model is told', async () => {
    const h = await startCall(1500);
    const before = calls.fixture.received.length;
    h.rt.script(
      callTool('send_email', ARGS, 'call_silent'),
      text(QUESTION),
      text('I did not send it.'),
    );
    h.running.session.generateReply({ userInput: 'Email Bob that lunch moved.' });
    const outcome = await h.waitForToolOutcome('call_silent', 10_000);

    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'denied' } });
    expect(outcome.error?.message).toMatch(
      /did not confirm within 1\.5 s; "send_email" was not run/,
    );
    expect(lifecycle(h, 'call_silent')).toEqual([
      'requested',
      'awaiting_confirmation',
      'confirmation:timeout:system:null',
      'failed',
    ]);
    const told = await h.rt.waitFor(
      (e) => e.type === 'response.create' && instructionsOf(e).includes('did not confirm'),
    );
    expect(instructionsOf(told)).toMatch(
      /"send_email" within 1\.5 seconds, so it was NOT performed/,
    );
    expect(sentEmails(before)).toEqual([]);
    await h.waitForEvent((e) => e.type === 'transcript' && e.text === 'I did not send it.');
    await expectStoredMatchesPublished(h);
  });

  it('the call ending while awaiting: call_ended, failed (denied) before the call ends, nothing sent', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    await modelWantsToSend(h, 'call_hangup');
    await h.running.end();

    const stored = await listCallEvents({ db: calls.db, callId: h.seeded.callId });
    const tail = stored
      .slice(-3)
      .map((e) =>
        e.type === 'confirmation'
          ? `confirmation:${e.decision}:${e.via}:${e.by ?? 'null'}`
          : e.type === 'tool_call'
            ? `${e.state}:${e.error?.code}`
            : `${e.type}:${e.type === 'call_state' ? e.state : ''}`,
      );
    expect(tail).toEqual([
      'confirmation:call_ended:system:null',
      'failed:denied',
      'call_state:ended',
    ]);
    expect(sentEmails(before)).toEqual([]);
    // What the model was told about send_email: only that it was not done.
    const outputs = h.rt.functionCallOutputs().filter((o) => o.call_id === 'call_hangup');
    expect(outputs).toHaveLength(1);
    expect(JSON.parse(outputs[0]!.output)).toMatch(/^NOT DONE YET/);
  });
});

describe('Approve / Deny in the panel (the console.confirm_tool RPC)', () => {
  it('an approval from someone who is not the caller is refused and changes nothing', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    await modelWantsToSend(h, 'call_intruder');
    const eventsBefore = h.published.length;

    const refused = handleConfirmToolRpc(h.running.confirmations, {
      callerIdentity: 'someone-else',
      payload: JSON.stringify({ toolCallId: 'call_intruder', decision: 'approve' }),
    });
    expect(refused).toEqual({
      ok: false,
      code: 403,
      message: 'Only the caller of this call can approve or deny its actions.',
    });
    await new Promise((r) => setTimeout(r, 300));
    await h.running.emitter.flush();
    expect(h.published.length).toBe(eventsBefore);
    expect(sentEmails(before)).toEqual([]);

    expect(
      handleConfirmToolRpc(h.running.confirmations, {
        callerIdentity: CALLER,
        payload: '{"toolCallId": "call_intruder", "decision": "yes please"}',
      }),
    ).toMatchObject({ ok: false, code: 400 });
    expect(
      handleConfirmToolRpc(h.running.confirmations, {
        callerIdentity: CALLER,
        payload: JSON.stringify({ toolCallId: 'call_other', decision: 'approve' }),
      }),
    ).toMatchObject({ ok: false, code: 409 });
    expect(lifecycle(h, 'call_intruder')).toEqual(['requested', 'awaiting_confirmation']);

    // Still waiting for the caller: the caller's own approval is accepted and runs it once.
    h.rt.script(text('Sent.'));
    expect(
      handleConfirmToolRpc(h.running.confirmations, {
        callerIdentity: CALLER,
        payload: JSON.stringify({ toolCallId: 'call_intruder', decision: 'approve' }),
      }),
    ).toEqual({ ok: true, response: { toolCallId: 'call_intruder', decision: 'approved' } });
    expect((await h.waitForToolOutcome('call_intruder')).state).toBe('done');
    expect(sentEmails(before)).toEqual([
      { tool: 'send_email', args: ARGS, at: expect.any(Number) },
    ]);
  });

  it('an approval from the caller runs the tool once, records who and how, and tells the model', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    await modelWantsToSend(h, 'call_button');
    h.rt.script(text('Done, the email to Bob was sent.'));

    const accepted = handleConfirmToolRpc(h.running.confirmations, {
      callerIdentity: CALLER,
      payload: JSON.stringify({ toolCallId: 'call_button', decision: 'approve' }),
    });
    expect(accepted).toEqual({
      ok: true,
      response: { toolCallId: 'call_button', decision: 'approved' },
    });
    expect((await h.waitForToolOutcome('call_button')).state).toBe('done');
    expect(sentEmails(before)).toEqual([
      { tool: 'send_email', args: ARGS, at: expect.any(Number) },
    ]);
    expect(lifecycle(h, 'call_button')).toEqual([
      'requested',
      'awaiting_confirmation',
      `confirmation:approved:button:${CALLER}`,
      'executing',
      'done',
    ]);
    const told = await h.rt.waitFor(
      (e) => e.type === 'response.create' && instructionsOf(e).includes('pressed Approve'),
    );
    expect(instructionsOf(told)).toContain('Email sent to bob@example.com');
    // a second press is refused: already decided
    expect(
      handleConfirmToolRpc(h.running.confirmations, {
        callerIdentity: CALLER,
        payload: JSON.stringify({ toolCallId: 'call_button', decision: 'approve' }),
      }),
    ).toEqual({ ok: false, code: 409, message: 'This action was already decided.' });
    await h.waitForEvent((e) => e.type === 'transcript' && e.text.startsWith('Done, the email'));
    expect(sentEmails(before)).toHaveLength(1);
    await expectStoredMatchesPublished(h);
  });

  it('Deny from the caller: failed (denied), nothing sent, the model is told', async () => {
    const h = await startCall();
    const before = calls.fixture.received.length;
    await modelWantsToSend(h, 'call_deny');
    h.rt.script(text('OK, I did not send it.'));

    expect(
      handleConfirmToolRpc(h.running.confirmations, {
        callerIdentity: CALLER,
        payload: JSON.stringify({ toolCallId: 'call_deny', decision: 'deny' }),
      }),
    ).toMatchObject({ ok: true, response: { decision: 'denied' } });
    expect(await h.waitForToolOutcome('call_deny')).toMatchObject({
      state: 'failed',
      error: { code: 'denied' },
    });
    expect(lifecycle(h, 'call_deny')).toEqual([
      'requested',
      'awaiting_confirmation',
      `confirmation:denied:button:${CALLER}`,
      'failed',
    ]);
    const told = await h.rt.waitFor(
      (e) => e.type === 'response.create' && instructionsOf(e).includes('pressed Deny'),
    );
    expect(instructionsOf(told)).toContain('NOT performed');
    expect(sentEmails(before)).toEqual([]);
  });
});
