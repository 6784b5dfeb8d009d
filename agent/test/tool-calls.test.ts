import { describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/client';
import { startFixtureServer } from '@/test/fixtures/mcp-fixture-server';
import { listCallEvents, listCallEventsWithDetail } from '@/lib/db/call-events';
import { buildFunctionDefinitions } from '@/lib/mcp/tool-definitions';
import { resultToModelText } from '@/lib/mcp/result-text';
import type { CallEvent, ToolCallEvent } from '@/lib/call-events/schema';
import type { CallHarness } from './support/call-harness';
import { setUpCallTests } from './support/call-tests';
import { callTool, text } from './support/scripted-realtime-server';
import type { SeedServer } from './support/seed';

/**
 * A tool call's life end to end (agent/src/tool-calls.ts): unmodified framework and plugin, AgentSession without a room,
 * the scripted Realtime server as the model, the fixture MCP server (real MCP over HTTP), and a
 * real database.
 */
const calls = setUpCallTests();

const ECHO_SCHEMA = {
  type: 'object',
  properties: { text: { type: 'string' } },
  required: ['text'],
};

function fixtureServer(
  overrides: Partial<Record<string, Partial<SeedServer['tools'][number]>>> = {},
): SeedServer {
  const tool = (name: string, inputSchema: Record<string, unknown>, extra: object = {}) => ({
    name,
    inputSchema,
    ...extra,
    ...overrides[name],
  });
  return {
    name: 'fixture',
    url: calls.fixture.url,
    tools: [
      tool('echo', ECHO_SCHEMA),
      tool('add', {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      }),
      tool(
        'slow',
        { type: 'object', properties: { ms: { type: 'number' } }, required: ['ms'] },
        { timeoutMs: 10_000 },
      ),
      tool('fail', {
        type: 'object',
        properties: { message: { type: 'string' } },
        required: ['message'],
      }),
      tool('huge', {
        type: 'object',
        properties: { bytes: { type: 'integer' } },
        required: ['bytes'],
      }),
      tool('die', { type: 'object', properties: {} }),
      tool(
        'send_email',
        {
          type: 'object',
          properties: {
            to: { type: 'string' },
            subject: { type: 'string' },
            body: { type: 'string' },
          },
        },
        { enabled: false },
      ),
    ],
  };
}

const states = (events: ToolCallEvent[]) => events.map((e) => e.state);

/** the stored row (with detail) of the first event that matches, once the writer stored it */
async function storedEvent(callId: string, predicate: (e: CallEvent) => boolean) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = (await listCallEventsWithDetail({ db: calls.db, callId })).find((e) =>
      predicate(e.event),
    );
    if (found || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function expectStoredMatchesPublished(h: CallHarness) {
  const stored = await listCallEvents({ db: calls.db, callId: h.seeded.callId });
  expect(stored).toEqual(h.published);
  expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i));
}

/** Ends the call while the slow tool call `toolCallId` is still executing. */
async function endWhileExecuting(h: CallHarness, toolCallId: string) {
  h.rt.script(callTool('slow', { ms: 20_000 }, toolCallId), text('never said'));
  h.running.session.generateReply({ userInput: 'long' });
  await h.waitForEvent(
    (e) => e.type === 'tool_call' && e.toolCallId === toolCallId && e.state === 'executing',
  );
  await h.end();
  calls.harness = undefined;
}

describe('a tool call the model asks for', () => {
  it('reaches the MCP server with exactly the model arguments, and the model gets the real result', async () => {
    const h = await calls.start({ servers: [fixtureServer()] });
    const before = calls.fixture.received.length;
    h.rt.script(
      callTool('echo', { text: 'hello from the model' }, 'call_echo_1'),
      text('It said hello.'),
    );
    h.running.session.generateReply({ userInput: 'Please echo "hello from the model".' });

    const outcome = await h.waitForToolOutcome('call_echo_1');
    expect(outcome.state).toBe('done');
    expect(calls.fixture.received.slice(before)).toEqual([
      { tool: 'echo', args: { text: 'hello from the model' }, at: expect.any(Number) },
    ]);

    const output = await h.rt.waitForFunctionCallOutput('call_echo_1');
    const detail = (
      await storedEvent(h.seeded.callId, (e) => e.type === 'tool_call' && e.state === 'done')
    )?.detail as { result: Parameters<typeof resultToModelText>[0] };
    const expected = resultToModelText(detail.result, 8192).text;
    expect(JSON.parse(output.output)).toBe(expected);
    expect(expected).toContain('hello from the model');

    const events = h.toolEvents('call_echo_1');
    expect(states(events)).toEqual(['requested', 'executing', 'done']);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    expect(events[0]).toMatchObject({
      tool: 'echo',
      server: 'fixture',
      args: { text: '{"text":"hello from the model"}', truncated: false },
    });
    expect(events[2]).toMatchObject({
      result: { text: expected, truncated: false },
      durationMs: expect.any(Number),
    });
    expect(events[2]!.resultCut).toBeUndefined();

    await h.waitForEvent(
      (e) => e.type === 'transcript' && e.role === 'agent' && e.text === 'It said hello.',
    );
    await h.end();
    calls.harness = undefined;
    const kinds = h.published.map((e) =>
      e.type === 'call_state' ? `call_state:${e.state}` : e.type,
    );
    expect(kinds[0]).toBe('call_state:started');
    expect(kinds.at(-1)).toBe('call_state:ended');
    expect(h.published).toContainEqual(
      expect.objectContaining({
        type: 'transcript',
        role: 'user',
        text: 'Please echo "hello from the model".',
        final: true,
      }),
    );
    await expectStoredMatchesPublished(h);
    const rows = await calls.db.callEvent.findMany({
      where: { callId: h.seeded.callId, type: 'tool_call' },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((r) => [r.toolCallId, r.state])).toEqual([
      ['call_echo_1', 'requested'],
      ['call_echo_1', 'executing'],
      ['call_echo_1', 'done'],
    ]);
    const call = await calls.db.call.findUniqueOrThrow({ where: { id: h.seeded.callId } });
    expect(call).toMatchObject({ status: 'ended', endReason: 'user_initiated' });
    expect(call.startedAt).toBeInstanceOf(Date);
    expect(call.endedAt).toBeInstanceOf(Date);
  });

  it('works from a spoken user turn, with the transcript as an event', async () => {
    const h = await calls.start({ servers: [fixtureServer()] });
    const before = calls.fixture.received.length;
    h.rt.script(callTool('add', { a: 2, b: 40 }, 'call_add_1'), text('Two plus forty is 42.'));
    await h.rt.userSays('What is two plus forty?');
    expect((await h.waitForToolOutcome('call_add_1')).state).toBe('done');
    expect(calls.fixture.received.slice(before)).toEqual([
      { tool: 'add', args: { a: 2, b: 40 }, at: expect.any(Number) },
    ]);
    const output = await h.rt.waitForFunctionCallOutput('call_add_1');
    expect(JSON.parse(output.output)).toContain('42');
    const userLine = await h.waitForEvent((e) => e.type === 'transcript' && e.role === 'user');
    expect(userLine).toMatchObject({ text: 'What is two plus forty?', final: true });
    expect(userLine.seq).toBeLessThan(h.toolEvents('call_add_1')[0]!.seq);
  });

  it('gives the model exactly the enabled tools, with cleaned definitions (third session.update)', async () => {
    const h = await calls.start({
      servers: [
        fixtureServer({ huge: { removed: true } }),
        {
          name: 'off',
          url: 'http://127.0.0.1:9/mcp',
          enabled: false,
          tools: [{ name: 'echo', inputSchema: ECHO_SCHEMA }],
        },
      ],
    });
    await h.rt.waitFor(
      (e) => e.type === 'session.update' && Array.isArray((e.session as { tools?: unknown }).tools),
    );
    const updates = h.rt.sessionUpdates();
    expect(updates.length).toBeGreaterThanOrEqual(3);
    const third = (updates[2]!.session as { tools: unknown[] }).tools;

    const servers = await calls.db.mcpServer.findMany({
      where: { enabled: true },
      include: { tools: { where: { removedAt: null } } },
    });
    const all = buildFunctionDefinitions(
      servers.flatMap((s) =>
        s.tools.map((tool) => ({
          id: tool.id,
          serverId: s.id,
          serverName: s.name,
          name: tool.name,
          description: tool.description,
          inputSchema: JSON.parse(tool.inputSchema) as unknown,
        })),
      ),
    );
    const enabledIds = new Set(
      servers.flatMap((s) => s.tools.filter((tool) => tool.enabled).map((tool) => tool.id)),
    );
    const expected = all
      .filter((d) => enabledIds.has(d.toolId) && d.problem === null)
      .map((d) => ({
        type: 'function',
        name: d.functionName,
        description: d.description,
        parameters: d.parameters,
      }));
    expect(new Set(third.map((x) => (x as { name: string }).name))).toEqual(
      new Set(['echo', 'add', 'slow', 'fail', 'die']),
    );
    expect(third).toEqual(expect.arrayContaining(expected));
    expect(third).toHaveLength(expected.length);
    // the instructions carry the honesty rule
    expect(String((updates[1]!.session as { instructions: string }).instructions)).toContain(
      'Never say that an action was done',
    );
  });
});

describe('a tool call that fails tells the model the truth', () => {
  it('isError from the tool: failed tool_error, the model gets the error text', async () => {
    const h = await calls.start({ servers: [fixtureServer()] });
    h.rt.script(callTool('fail', { message: 'mailbox is full' }, 'call_fail'), text('It failed.'));
    h.running.session.generateReply({ userInput: 'try it' });
    const outcome = await h.waitForToolOutcome('call_fail');
    expect(states(h.toolEvents('call_fail'))).toEqual(['requested', 'executing', 'failed']);
    expect(outcome.error?.code).toBe('tool_error');
    expect(outcome.error?.message).toContain('mailbox is full');
    const output = await h.rt.waitForFunctionCallOutput('call_fail');
    expect(output.output).toMatch(/^tool_error: .*mailbox is full/);
  });

  it('a timeout: failed timeout, the model is told the server did not answer in time', async () => {
    const h = await calls.start({ servers: [fixtureServer({ slow: { timeoutMs: 300 } })] });
    h.rt.script(callTool('slow', { ms: 3000 }, 'call_slow'), text('It timed out.'));
    h.running.session.generateReply({ userInput: 'do the slow thing' });
    const outcome = await h.waitForToolOutcome('call_slow');
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'timeout' } });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(250);
    expect(outcome.durationMs).toBeLessThan(2500);
    const output = await h.rt.waitForFunctionCallOutput('call_slow');
    expect(output.output).toMatch(/^timeout: fixture did not answer "slow" within 300 ms/);
  });

  it('a server down at call start: a notice, instructions that say so, and server_unreachable on use', async () => {
    const down = await startFixtureServer();
    const url = down.url;
    await down.close();
    const h = await calls.start({
      mcpConnectTimeoutMs: 1500,
      servers: [
        fixtureServer(),
        { name: 'mailer', url, tools: [{ name: 'notify', inputSchema: ECHO_SCHEMA }] },
      ],
    });
    const notice = await h.waitForEvent((e) => e.type === 'notice');
    expect(notice).toMatchObject({ level: 'error', code: 'mcp_server_unavailable' });
    expect(notice.type === 'notice' && notice.message).toMatch(/"mailer".*connection_refused/);
    const instructions = await h.rt.waitFor(
      (e) =>
        e.type === 'session.update' &&
        typeof (e.session as { instructions?: unknown }).instructions === 'string',
    );
    expect((instructions.session as { instructions: string }).instructions).toMatch(
      /mailer \(tools: notify\): connection_refused/,
    );

    h.rt.script(callTool('notify', { text: 'hi' }, 'call_mail'), text('The mailer is down.'));
    h.running.session.generateReply({ userInput: 'send it' });
    const outcome = await h.waitForToolOutcome('call_mail');
    expect(outcome).toMatchObject({
      state: 'failed',
      server: 'mailer',
      error: { code: 'server_unreachable' },
    });
    const output = await h.rt.waitForFunctionCallOutput('call_mail');
    expect(output.output).toMatch(
      /^server_unreachable: mailer could not be reached \(connection_refused\)/,
    );
  });

  it('a server dying mid-call: failed, sent once, never re-sent; the next call reconnects', async () => {
    const h = await calls.start({ servers: [fixtureServer()] });
    const before = calls.fixture.received.length;
    h.rt.script(callTool('die', {}, 'call_die'), text('The server dropped.'));
    h.running.session.generateReply({ userInput: 'die' });
    const outcome = await h.waitForToolOutcome('call_die');
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'server_unreachable' } });
    expect(outcome.error?.message).toMatch(/dropped.*may or may not have happened/);
    expect(calls.fixture.received.slice(before).filter((r) => r.tool === 'die')).toHaveLength(1);
    expect((await h.rt.waitForFunctionCallOutput('call_die')).output).toMatch(
      /^server_unreachable: the connection to fixture dropped/,
    );

    // the server forgets every session; the next call gets a fresh one
    await h.waitForEvent((e) => e.type === 'transcript' && e.text === 'The server dropped.');
    await calls.fixture.restart();
    h.rt.script(callTool('echo', { text: 'after restart' }, 'call_after'), text('ok'));
    h.running.session.generateReply({ userInput: 'again' });
    expect((await h.waitForToolOutcome('call_after')).state).toBe('done');
    expect(calls.fixture.received.slice(before).filter((r) => r.tool === 'echo')).toHaveLength(1);
  });

  it('a placeholder argument ("[Recipient\'s Email]"): requested -> failed invalid_arguments, the model told to ask, nothing reaches the server', async () => {
    const h = await calls.start({
      servers: [fixtureServer({ send_email: { enabled: true, needsConfirmation: false } })],
    });
    const before = calls.fixture.received.length;
    h.rt.script(
      callTool(
        'send_email',
        { to: "[Recipient's Email]", subject: 'Notes', body: 'Hi' },
        'call_ph',
      ),
      text('Who should I send it to?'),
    );
    h.running.session.generateReply({ userInput: 'send the notes to my boss' });
    const outcome = await h.waitForToolOutcome('call_ph');
    expect(states(h.toolEvents('call_ph'))).toEqual(['requested', 'failed']);
    expect(outcome.error?.code).toBe('invalid_arguments');
    const told = (await h.rt.waitForFunctionCallOutput('call_ph')).output;
    expect(told).toMatch(/^invalid_arguments: the argument "to" is a template placeholder/);
    expect(told).toMatch(/Ask the caller for the real value/);
    expect(calls.fixture.received.length).toBe(before);

    // ordinary text with brackets in it still goes through
    h.rt.script(
      callTool('echo', { text: 'Agenda [draft], see <attached>' }, 'call_ok'),
      text('ok'),
    );
    h.running.session.generateReply({ userInput: 'echo it' });
    expect((await h.waitForToolOutcome('call_ok')).state).toBe('done');
    expect(calls.fixture.received.slice(before).map((r) => r.tool)).toEqual(['echo']);
    expect(calls.fixture.emails).toHaveLength(0);
  });

  it('invalid arguments: requested -> failed, nothing reaches the server', async () => {
    const h = await calls.start({ servers: [fixtureServer()] });
    const before = calls.fixture.received.length;
    h.rt.script(
      {
        kind: 'function_calls',
        calls: [{ name: 'echo', arguments: { text: 42 }, callId: 'call_bad' }],
      },
      text('Bad arguments.'),
    );
    h.running.session.generateReply({ userInput: 'echo 42' });
    const outcome = await h.waitForToolOutcome('call_bad');
    expect(states(h.toolEvents('call_bad'))).toEqual(['requested', 'failed']);
    expect(outcome.error?.code).toBe('invalid_arguments');
    expect((await h.rt.waitForFunctionCallOutput('call_bad')).output).toMatch(
      /^invalid_arguments: .*nothing was sent to fixture/,
    );

    // arguments that are not JSON (even after the framework's repair) never reach execute:
    // reconciled from function_tools_executed
    h.rt.script(
      { kind: 'function_calls', calls: [{ name: 'echo', arguments: '{:}', callId: 'call_json' }] },
      text('Bad JSON.'),
    );
    h.running.session.generateReply({ userInput: 'again' });
    const second = await h.waitForToolOutcome('call_json');
    expect(states(h.toolEvents('call_json'))).toEqual(['requested', 'failed']);
    expect(second).toMatchObject({ server: 'fixture', error: { code: 'invalid_arguments' } });
    expect((await h.rt.waitForFunctionCallOutput('call_json')).output).toMatch(
      /^Invalid arguments for echo/,
    );
    expect(calls.fixture.received.length).toBe(before);
  });

  it('an unknown or disabled tool: requested -> failed, the model is told it does not exist', async () => {
    const h = await calls.start({ servers: [fixtureServer()] });
    const before = calls.fixture.received.length;
    h.rt.script(
      {
        kind: 'function_calls',
        calls: [
          { name: 'search_web', arguments: { q: 'x' }, callId: 'call_unknown' },
          {
            name: 'send_email',
            arguments: { to: 'a@b.c', subject: 's', body: 'b' },
            callId: 'call_disabled',
          },
        ],
      },
      text('I cannot do that.'),
    );
    h.running.session.generateReply({ userInput: 'search and mail' });
    for (const id of ['call_unknown', 'call_disabled']) {
      const outcome = await h.waitForToolOutcome(id);
      expect(states(h.toolEvents(id))).toEqual(['requested', 'failed']);
      expect(outcome).toMatchObject({ server: null, error: { code: 'invalid_arguments' } });
      expect(outcome.error?.message).toMatch(/unknown tool/);
      expect((await h.rt.waitForFunctionCallOutput(id)).output).toMatch(/^Unknown function/);
    }
    expect(calls.fixture.received.length).toBe(before);
    expect(calls.fixture.emails).toHaveLength(0);
  });

  it('a huge result is cut to the budget, and both the model and the event say so', async () => {
    const h = await calls.start({
      servers: [fixtureServer({ huge: { resultBudgetBytes: 1000 } })],
    });
    h.rt.script(callTool('huge', { bytes: 50_000 }, 'call_huge'), text('That was long.'));
    h.running.session.generateReply({ userInput: 'big' });
    const outcome = await h.waitForToolOutcome('call_huge');
    expect(outcome.state).toBe('done');
    expect(outcome.resultCut?.originalBytes).toBeGreaterThanOrEqual(50_000);
    expect(outcome.resultCut?.keptBytes).toBeLessThanOrEqual(1000);
    const output = JSON.parse((await h.rt.waitForFunctionCallOutput('call_huge')).output) as string;
    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(1000);
    expect(output).toMatch(/cut|truncated/i);
    const done = await storedEvent(
      h.seeded.callId,
      (e) => e.type === 'tool_call' && e.state === 'done',
    );
    expect(JSON.stringify(done?.detail).length).toBeGreaterThan(50_000);
  });
});

describe('the model side', () => {
  it('an error from the model becomes a warning notice in the call events', async () => {
    const h = await calls.start({ servers: [fixtureServer()] });
    h.rt.script({ kind: 'error', code: 'server_error', message: 'The model is overloaded' });
    h.running.session.generateReply({ userInput: 'hello?' });
    const notice = await h.waitForEvent((e) => e.type === 'notice' && e.code === 'model_error');
    expect(notice).toMatchObject({
      level: 'warning',
      message: expect.stringContaining('overloaded'),
    });
  });
});

describe('calls that do not finish', () => {
  it('an interruption cancels the MCP request; failed cancelled, and the model is told', async () => {
    const h = await calls.start({ servers: [fixtureServer()] });
    const cancellationsBefore = calls.fixture.cancellations;
    h.rt.script(callTool('slow', { ms: 20_000 }, 'call_long'), text('Okay, stopping.'));
    h.running.session.generateReply({ userInput: 'do the long thing' });
    await h.waitForEvent(
      (e) => e.type === 'tool_call' && e.toolCallId === 'call_long' && e.state === 'executing',
    );
    await h.rt.userStartsSpeaking();
    const outcome = await h.waitForToolOutcome('call_long', 12_000);
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'cancelled' } });
    const output = await h.rt.waitForFunctionCallOutput('call_long');
    expect(output.output).toMatch(/^cancelled: /);
    await expect
      .poll(() => calls.fixture.cancellations, { timeout: 3000 })
      .toBeGreaterThan(cancellationsBefore);
  }, 30_000);

  it('a call still open when the session ends is closed as failed (cancelled) before call_state ended', async () => {
    const h = await calls.start({ servers: [fixtureServer()] });
    await endWhileExecuting(h, 'call_open');
    const events = h.toolEvents('call_open');
    expect(states(events)).toEqual(['requested', 'executing', 'failed']);
    expect(events[2]!.error?.code).toBe('cancelled');
    const last = h.published.at(-1)!;
    expect(last).toMatchObject({ type: 'call_state', state: 'ended' });
    expect(last.seq).toBeGreaterThan(events[2]!.seq);
    await expectStoredMatchesPublished(h);
  }, 30_000);

  it('the call is marked ended only once all its events are stored, call_state ended included', async () => {
    // The live monitor's stream (lib/db/call-event-stream.ts) reads the status, then the events,
    // and closes once the status says ended: every event must be stored before the status is.
    let storedWhenEnded: CallEvent[] | undefined;
    const db = calls.db.$extends({
      query: {
        call: {
          async updateMany({ args, query }) {
            if (args.data.status === 'ended' && typeof args.where?.id === 'string')
              storedWhenEnded = await listCallEvents({ db: calls.db, callId: args.where.id });
            return query(args);
          },
        },
      },
    }) as unknown as Db;
    const h = await calls.start({ db, servers: [fixtureServer()] });
    await endWhileExecuting(h, 'call_open');
    expect(h.published.at(-1)).toMatchObject({ type: 'call_state', state: 'ended' });
    expect(storedWhenEnded).toEqual(h.published);
    await expectStoredMatchesPublished(h);
  }, 30_000);
});
