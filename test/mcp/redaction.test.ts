/**
 * Credentials echoed back by an MCP server (issue 13 item 3, issue 14 item 5): one redaction in
 * lib/mcp for everything that comes back, applied by the client itself, so the console's test
 * connection, tool catalog and try-a-tool get it as much as the agent does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callToolOnce, probeServer } from '@/server/mcp-operations';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';
import { createRedactor, REDACTED, secretsOf } from '@/lib/mcp/redact';
import type { UrlPolicy } from '@/lib/mcp/types';
import {
  startCredentialEchoServer,
  type CredentialEchoServer,
} from '@/test/fixtures/credential-echo-server';

const policy: UrlPolicy = { allowPrivate: true, allowList: [] };
const TOKEN = `tok-${Math.random().toString(36).slice(2)}-Secret`;
const headers = { Authorization: `Bearer ${TOKEN}` };

/** No form of the token, in any letter case, anywhere in what was returned. */
function expectNoToken(value: unknown): void {
  const text = JSON.stringify(value).toLowerCase();
  expect(text).not.toContain(TOKEN.toLowerCase());
  expect(text).toContain(REDACTED);
}

let server: CredentialEchoServer;
beforeAll(async () => {
  server = await startCredentialEchoServer();
});
afterAll(async () => {
  await server?.close();
});

describe('createRedactor', () => {
  it('replaces secrets in values and keys, in any letter case, keeping colliding keys apart', () => {
    const redact = createRedactor(secretsOf({ Authorization: 'Bearer a.b*c(d)' }));
    expect(redact.text('x A.B*C(D) y a.b*c(d)')).toBe(`x ${REDACTED} y ${REDACTED}`);
    expect(redact.value({ 'a.b*c(d)': 1, 'A.B*C(D)': 2, list: ['a.b*c(d)'] })).toEqual({
      [REDACTED]: 1,
      [`${REDACTED} (2)`]: 2,
      list: [REDACTED],
    });
    // The whole header value goes as one, not only the credential inside it.
    expect(redact.text('Bearer a.b*c(d)')).toBe(REDACTED);
    // ...and its URL-encoded form, as a server may echo it inside a link.
    const keyed = createRedactor(secretsOf({ 'X-Api-Key': 'p@ss/w0rd' }));
    expect(keyed.text('https://x.example/?k=p%40ss%2Fw0rd')).toBe(
      `https://x.example/?k=${REDACTED}`,
    );
  });

  it('leaves everything alone when there is nothing to hide', () => {
    const value = { a: ['b'] };
    expect(createRedactor([]).value(value)).toBe(value);
    expect(createRedactor(['ab']).text('ab')).toBe('ab');
  });
});

describe('the MCP client redacts what a server echoes', () => {
  it('in server info, tool names, titles, descriptions, schemas and annotations', async () => {
    const connection = await connectMcp({ url: server.url, headers, policy });
    try {
      expectNoToken(connection.serverInfo);
      const { tools, refused } = await connection.listTools();
      expect(refused).toEqual([]);
      expect(tools).toHaveLength(1);
      expectNoToken(tools);
      expect(Object.keys(tools[0]!.inputSchema.properties as object)).toEqual([`key_${REDACTED}`]);
    } finally {
      await connection.close();
    }
  });

  it('in result values and object keys, isError texts and JSON-RPC errors', async () => {
    const connection = await connectMcp({ url: server.url, headers, policy });
    try {
      const result = await connection.callTool('leak', {}, { timeoutMs: 5_000 });
      expectNoToken(result);
      expect(Object.keys(result.structuredContent ?? {})).toHaveLength(2);

      const isError = await connection.callTool('leak', { mode: 'is-error' }, { timeoutMs: 5_000 });
      expect(isError.isError).toBe(true);
      expectNoToken(isError);

      const failure = await connection
        .callTool('leak', { mode: 'rpc-error' }, { timeoutMs: 5_000 })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(McpError);
      expectNoToken({ message: (failure as McpError).message, hint: (failure as McpError).hint });
    } finally {
      await connection.close();
    }
  });

  it('for the console: the test connection, the tool catalog it stores, and try-a-tool', async () => {
    const probe = await probeServer({ url: server.url, headers, policy });
    expect(probe.ok).toBe(true);
    expectNoToken(probe);
    for (const mode of [undefined, 'is-error', 'rpc-error']) {
      const tried = await callToolOnce({
        url: server.url,
        headers,
        policy,
        tool: 'leak',
        args: mode ? { mode } : {},
        timeoutMs: 5_000,
      });
      expectNoToken(tried);
    }
  });

  it('a URL with a password is refused without showing the password', async () => {
    const url = server.url.replace('http://', 'http://admin:hunter2secret@');
    const probe = await probeServer({ url, headers: {}, policy });
    expect(probe).toMatchObject({ ok: false, code: 'invalid_url' });
    expect(JSON.stringify(probe)).not.toContain('hunter2secret');
  });
});
