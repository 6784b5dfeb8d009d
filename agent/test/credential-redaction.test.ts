import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listCallEventsWithDetail } from '@/lib/db/call-events';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import {
  startCredentialEchoServer,
  type CredentialEchoServer,
} from '@/test/fixtures/credential-echo-server';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { startCallHarness, type CallHarness } from './support/call-harness';
import { callTool, text } from './support/scripted-realtime-server';

/**
 * A server that echoes the stored credential in a normal result and in an isError text
 * (issue 14 item 5): the model never hears it, and no event, published or stored, carries it.
 * The redaction itself lives in lib/mcp (test/mcp/redaction.test.ts); this proves the agent
 * gets it.
 */
const TOKEN = `agent-tok-${Math.random().toString(36).slice(2)}`;
const sealKey = parseSealKey(generateSealKey());
let t: TestDb;
let echo: CredentialEchoServer;
let harness: CallHarness | undefined;

beforeAll(async () => {
  t = await createTestDb();
  echo = await startCredentialEchoServer();
});
afterEach(async () => {
  await harness?.end();
  harness = undefined;
});
afterAll(async () => {
  await echo?.close();
  await t?.cleanup();
});

describe('an MCP server echoing the credential back to the agent', () => {
  it.each([
    ['a normal result', {}, 'done'],
    ['an isError text', { mode: 'is-error' }, 'failed'],
    ['a JSON-RPC error', { mode: 'rpc-error' }, 'failed'],
  ])('in %s: redacted before the model, the events and the store', async (_, args, state) => {
    harness = await startCallHarness({
      db: t.db,
      sealKey,
      servers: [
        {
          name: 'echo',
          url: echo.url,
          headers: { Authorization: `Bearer ${TOKEN}` },
          tools: [{ name: 'leak', inputSchema: { type: 'object', properties: { mode: {} } } }],
        },
      ],
    });
    const h = harness;
    h.rt.script(callTool('leak', args, 'call_leak'), text('Done.'));
    h.running.session.generateReply({ userInput: 'leak it' });
    const outcome = await h.waitForToolOutcome('call_leak');
    expect(outcome.state).toBe(state);

    const output = await h.rt.waitForFunctionCallOutput('call_leak');
    expect(output.output).toContain('[redacted]');
    const stored = await listCallEventsWithDetail({ db: t.db, callId: h.seeded.callId });
    for (const seen of [output, h.published, stored, h.logs]) {
      expect(JSON.stringify(seen).toLowerCase()).not.toContain(TOKEN.toLowerCase());
    }
  });
});
