import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCallEventsWithDetail } from '@/lib/db/call-events';
import {
  startCredentialEchoServer,
  type CredentialEchoServer,
} from '@/test/fixtures/credential-echo-server';
import { setUpCallTests } from './support/call-tests';
import { callTool, text } from './support/scripted-realtime-server';

/**
 * A server that echoes the stored credential in a normal result and in an isError text
 * (issue 14 item 5): the model never hears it, and no event, published or stored, carries it.
 * The redaction itself lives in lib/mcp (test/mcp/redaction.test.ts); this proves the agent
 * gets it.
 */
const TOKEN = `agent-tok-${Math.random().toString(36).slice(2)}`;
const calls = setUpCallTests({ fixture: false });
let echo: CredentialEchoServer;

beforeAll(async () => {
  echo = await startCredentialEchoServer();
});
afterAll(async () => {
  await echo?.close();
});

describe('an MCP server echoing the credential back to the agent', () => {
  it.each([
    ['a normal result', {}, 'done'],
    ['an isError text', { mode: 'is-error' }, 'failed'],
    ['a JSON-RPC error', { mode: 'rpc-error' }, 'failed'],
  ])('in %s: redacted before the model, the events and the store', async (_, args, state) => {
    const h = await calls.start({
      servers: [
        {
          name: 'echo',
          url: echo.url,
          headers: { Authorization: `Bearer ${TOKEN}` },
          tools: [{ name: 'leak', inputSchema: { type: 'object', properties: { mode: {} } } }],
        },
      ],
    });
    h.rt.script(callTool('leak', args, 'call_leak'), text('Done.'));
    h.running.session.generateReply({ userInput: 'leak it' });
    const outcome = await h.waitForToolOutcome('call_leak');
    expect(outcome.state).toBe(state);

    const output = await h.rt.waitForFunctionCallOutput('call_leak');
    expect(output.output).toContain('[redacted]');
    const stored = await listCallEventsWithDetail({ db: calls.db, callId: h.seeded.callId });
    for (const seen of [output, h.published, stored, h.logs]) {
      expect(JSON.stringify(seen).toLowerCase()).not.toContain(TOKEN.toLowerCase());
    }
  });
});
