import { describe, expect, it } from 'vitest';
import { listCallEventsWithDetail } from '@/lib/db/call-events';
import { isAlive, stdioFixture } from '@/test/support/stdio-fixture';
import { setUpCallTests } from './support/call-tests';
import { callTool, text } from './support/scripted-realtime-server';
import type { SeedServer } from './support/seed';

/**
 * Calls through a local (stdio) MCP server: the worker starts the command at call start (one
 * process per call), the model's calls go over its stdin/stdout, and the call's end stops it.
 */
const SECRET = `stdio-env-${Math.random().toString(36).slice(2)}`;
const calls = setUpCallTests({ fixture: false });

const NAME_SCHEMA = {
  type: 'object',
  properties: { name: { type: 'string' } },
  required: ['name'],
};
const EMPTY_SCHEMA = { type: 'object', properties: {} };

function localServer(): SeedServer {
  return {
    name: 'local',
    stdio: stdioFixture('good', { FIXTURE_TOKEN: SECRET }),
    tools: [
      { name: 'env', inputSchema: NAME_SCHEMA },
      { name: 'pid', inputSchema: EMPTY_SCHEMA },
      { name: 'crash', inputSchema: EMPTY_SCHEMA },
    ],
  };
}

/** A call with the local server, stdio on; a connect limit generous for a loaded machine. */
function startLocalCall(
  limits: { mcpConnectTimeoutMs?: number; mcpStdioConnectTimeoutMs?: number } = {},
) {
  return calls.start({
    mcpStdioEnabled: true,
    mcpConnectTimeoutMs: 20_000,
    ...limits,
    servers: [localServer()],
  });
}

describe('a call using a local (stdio) MCP server', () => {
  it('runs the tool in a process of its own, redacts its env values, and stops it at the end', async () => {
    const h = await startLocalCall();
    h.rt.script(
      callTool('pid', {}, 'call_pid'),
      text('Got it.'),
      callTool('env', { name: 'FIXTURE_TOKEN' }, 'call_env'),
      text('Done.'),
    );
    h.running.session.generateReply({ userInput: 'which process are you' });
    expect(await h.waitForToolOutcome('call_pid')).toMatchObject({
      state: 'done',
      server: 'local',
    });
    const pid = Number((await h.rt.waitForFunctionCallOutput('call_pid')).output.match(/\d+/)?.[0]);
    expect(isAlive(pid)).toBe(true);

    h.running.session.generateReply({ userInput: 'what is your token' });
    expect(await h.waitForToolOutcome('call_env')).toMatchObject({ state: 'done' });
    const output = await h.rt.waitForFunctionCallOutput('call_env');
    expect(output.output).toContain('FIXTURE_TOKEN=[redacted]');
    const stored = await listCallEventsWithDetail({ db: calls.db, callId: h.seeded.callId });
    for (const seen of [output, h.published, stored, h.logs]) {
      expect(JSON.stringify(seen)).not.toContain(SECRET);
    }

    await h.end();
    calls.harness = undefined;
    expect(isAlive(pid)).toBe(false);
  });

  it('a process that exits mid-call: failed with why, and the model is told', async () => {
    const h = await startLocalCall();
    h.rt.script(callTool('crash', {}, 'call_crash'), text('It crashed.'));
    h.running.session.generateReply({ userInput: 'crash' });
    expect(await h.waitForToolOutcome('call_crash')).toMatchObject({
      state: 'failed',
      error: { code: 'server_unreachable' },
    });
    const output = await h.rt.waitForFunctionCallOutput('call_crash');
    expect(output.output).toMatch(/^server_unreachable: the local server local stopped/);
    expect(output.output).toContain('exited with code 7');
    expect(output.output).toContain('crashing on purpose');
  });

  it('a local server has its own connect limit, not the remote one (its process starts first)', async () => {
    // The fixture takes about 1 s to answer initialize: past a 200 ms remote limit.
    const h = await startLocalCall({ mcpConnectTimeoutMs: 200, mcpStdioConnectTimeoutMs: 20_000 });
    h.rt.script(callTool('pid', {}, 'call_slow_start'), text('Got it.'));
    h.running.session.generateReply({ userInput: 'which process are you' });
    expect(await h.waitForToolOutcome('call_slow_start')).toMatchObject({ state: 'done' });
    expect(h.published.some((e) => e.type === 'notice')).toBe(false);
  });

  it('a local server that does not start within its limit: a notice that says so', async () => {
    const h = await startLocalCall({ mcpStdioConnectTimeoutMs: 200 });
    const notice = await h.waitForEvent((e) => e.type === 'notice');
    expect(notice).toMatchObject({ level: 'error', code: 'mcp_server_unavailable' });
    expect(notice.type === 'notice' && notice.message).toMatch(/timeout/);
  });

  it('with local servers turned off on the worker: not started, and the call says why', async () => {
    const h = await calls.start({ mcpStdioEnabled: false, servers: [localServer()] });
    const notice = await h.waitForEvent((e) => e.type === 'notice');
    expect(notice).toMatchObject({ level: 'error', code: 'mcp_server_unavailable' });
    expect(notice.type === 'notice' && notice.message).toContain('MCP_STDIO_ENABLED=true');
    h.rt.script(callTool('pid', {}, 'call_off'), text('Local tools are off.'));
    h.running.session.generateReply({ userInput: 'which process' });
    expect(await h.waitForToolOutcome('call_off')).toMatchObject({
      state: 'failed',
      error: { code: 'server_unreachable' },
    });
  });
});
