import { readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';
import { resultErrorText, resultToModelText } from '@/lib/mcp/result-text';
import type { McpConnection, UrlPolicy } from '@/lib/mcp/types';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';

const policy: UrlPolicy = { allowPrivate: true, allowList: [] };

/** A one-off HTTP(S) server on loopback for answers no MCP server would give. */
async function rawServer(
  listener: RequestListener,
  tls = false,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = tls
    ? createHttpsServer(
        {
          key: readFileSync(new URL('../fixtures/self-signed-key.pem', import.meta.url)),
          cert: readFileSync(new URL('../fixtures/self-signed-cert.pem', import.meta.url)),
        },
        listener,
      )
    : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/mcp`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Answers initialize like an MCP server, with the given protocol version. */
const initializeWith =
  (protocolVersion: string): RequestListener =>
  (req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const message = JSON.parse(body || '{}') as { id?: number; method?: string };
      if (message.method !== 'initialize') {
        res.writeHead(202).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: message.id,
          result: {
            protocolVersion,
            capabilities: {},
            serverInfo: { name: 'future', version: '9' },
          },
        }),
      );
    });
  };

/** Runs `work` and returns the McpError it must throw. */
async function failure(work: () => Promise<unknown>): Promise<McpError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(McpError);
    const mcpError = error as McpError;
    expect(mcpError.hint.length).toBeGreaterThan(10);
    return mcpError;
  }
  throw new Error('expected an McpError, but the call succeeded');
}

describe('MCP client against the fixture server (Streamable HTTP)', () => {
  let server: FixtureServer;
  let connection: McpConnection;

  beforeAll(async () => {
    server = await startFixtureServer();
    connection = await connectMcp({ url: server.url, policy });
  });
  afterAll(async () => {
    await connection?.close();
    await server?.close();
  });

  it('connects over Streamable HTTP and reports the server', () => {
    expect(connection.transport).toBe('streamable-http');
    expect(connection.serverInfo.name).toBe('voice-console-fixture');
    expect(connection.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('follows nextCursor through every page of tools/list (page size 3)', async () => {
    const { tools } = await connection.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'echo',
      'add',
      'slow',
      'fail',
      'huge',
      'die',
      'send_email',
    ]);
    const email = tools.find((t) => t.name === 'send_email');
    expect(email?.annotations).toMatchObject({ destructiveHint: true });
    expect(email?.inputSchema).toMatchObject({
      type: 'object',
      required: ['to', 'subject', 'body'],
    });
  });

  it('calls a tool and the server receives exactly the arguments sent', async () => {
    const before = server.received.length;
    const result = await connection.callTool('add', { a: 2, b: 40 }, { timeoutMs: 5_000 });
    expect(result.content).toEqual([{ type: 'text', text: '42' }]);
    expect(result.structuredContent).toEqual({ sum: 42 });
    expect(server.received.slice(before)).toEqual([
      { tool: 'add', args: { a: 2, b: 40 }, at: expect.any(Number) },
    ]);
  });

  it('returns an isError result as a result, with text that says it failed', async () => {
    const result = await connection.callTool(
      'fail',
      { message: 'quota exceeded' },
      { timeoutMs: 5_000 },
    );
    expect(result.isError).toBe(true);
    expect(resultErrorText(result)).toBe('The tool reported an error: quota exceeded');
  });

  it('times out a slow call with the SDK timeout, and the cancellation reaches the server', async () => {
    const cancellations = server.cancellations;
    const aborted = server.abortedCalls;
    const started = Date.now();
    const error = await failure(() =>
      connection.callTool('slow', { ms: 3_000 }, { timeoutMs: 200 }),
    );
    expect(error.code).toBe('timeout');
    expect(error.notDelivered).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect.poll(() => server.cancellations).toBe(cancellations + 1);
    await expect.poll(() => server.abortedCalls).toBe(aborted + 1);
  });

  it('cancels a call when our signal aborts (notifications/cancelled sent)', async () => {
    const cancellations = server.cancellations;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(() =>
      connection.callTool('slow', { ms: 3_000 }, { timeoutMs: 5_000, signal: controller.signal }),
    );
    expect(error.code).toBe('cancelled');
    await expect.poll(() => server.cancellations).toBe(cancellations + 1);
  });

  it('gets a huge result whole, and resultToModelText cuts it to the budget with a marker', async () => {
    const result = await connection.callTool('huge', { bytes: 200_000 }, { timeoutMs: 5_000 });
    const text = (result.content[0] as unknown as { text: string }).text;
    expect(text.length).toBe(200_000);
    const forModel = resultToModelText(result, 4_000);
    expect(forModel.cut).toEqual({ originalBytes: 200_000, keptBytes: expect.any(Number) });
    expect(Buffer.byteLength(forModel.text)).toBeLessThanOrEqual(4_000);
    expect(forModel.cut!.keptBytes).toBeGreaterThan(3_500);
    expect(forModel.text).toMatch(
      /\[result cut: the tool returned 200000 bytes; only the first \d+ bytes are shown/,
    );
  });

  it('reports connection_lost when the server drops the connection mid-call (not a timeout)', async () => {
    const started = Date.now();
    const error = await failure(() => connection.callTool('die', {}, { timeoutMs: 10_000 }));
    expect(error.code).toBe('connection_lost');
    expect(error.notDelivered).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('close() ends the session with DELETE and never throws, also twice', async () => {
    const own = await connectMcp({ url: server.url, policy });
    const deleted = server.sessionsDeleted;
    await own.close();
    await own.close();
    expect(server.sessionsDeleted).toBe(deleted + 1);
    const error = await failure(() => own.callTool('echo', { text: 'x' }, { timeoutMs: 1_000 }));
    expect(error.code).toBe('connection_lost');
  });
});

describe('MCP client: transports and endpoint errors', () => {
  it('falls back to HTTP+SSE when the server only speaks the old transport, and works', async () => {
    const server = await startFixtureServer({ sseOnly: true });
    try {
      const connection = await connectMcp({ url: server.url, policy });
      expect(connection.transport).toBe('sse');
      const { tools } = await connection.listTools();
      expect(tools).toHaveLength(7);
      const result = await connection.callTool('echo', { text: 'over sse' }, { timeoutMs: 5_000 });
      expect(result.content).toEqual([{ type: 'text', text: 'over sse' }]);
      expect(server.received.at(-1)).toMatchObject({ tool: 'echo', args: { text: 'over sse' } });
      await connection.close();
    } finally {
      await server.close();
    }
  });

  it('falls back when the SSE-only server answers 404 to the streamable POST', async () => {
    const server = await startFixtureServer({ sseOnly: true, answerStatus: 404 });
    try {
      const connection = await connectMcp({ url: server.url, policy });
      expect(connection.transport).toBe('sse');
      await connection.close();
    } finally {
      await server.close();
    }
  });

  for (const status of [404, 405] as const) {
    it(`reports not_mcp_endpoint when the URL answers ${status}`, async () => {
      const server = await startFixtureServer({ answerStatus: status });
      try {
        const error = await failure(() => connectMcp({ url: server.url, policy }));
        expect(error.code).toBe('not_mcp_endpoint');
        expect(error.status).toBe(status);
        expect(error.hint).toContain(String(status));
        expect(error.hint).toMatch(/\/mcp or \/sse/);
      } finally {
        await server.close();
      }
    });
  }

  it('reports not_mcp_endpoint for a web page (HTML) at the URL', async () => {
    const page: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome</body></html>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    try {
      const port = (page.address() as AddressInfo).port;
      const error = await failure(() =>
        connectMcp({ url: `http://127.0.0.1:${port}/`, policy, timeoutMs: 3_000 }),
      );
      expect(error.code).toBe('not_mcp_endpoint');
    } finally {
      page.closeAllConnections();
      await new Promise((resolve) => page.close(resolve));
    }
  });

  it('reports not_mcp_endpoint for JSON that is not JSON-RPC', async () => {
    const api: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', items: [] }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const port = (api.address() as AddressInfo).port;
      const error = await failure(() =>
        connectMcp({ url: `http://127.0.0.1:${port}/api`, policy, timeoutMs: 3_000 }),
      );
      expect(error.code).toBe('not_mcp_endpoint');
    } finally {
      api.closeAllConnections();
      await new Promise((resolve) => api.close(resolve));
    }
  });

  it('reports auth without the bearer token, never echoing header values, and connects with it', async () => {
    const server = await startFixtureServer({ requireBearer: 's3cret-token-value' });
    try {
      const error = await failure(() =>
        connectMcp({
          url: server.url,
          policy,
          headers: { Authorization: 'Bearer wrong-token-value' },
        }),
      );
      expect(error.code).toBe('auth');
      expect(error.status).toBe(401);
      expect(JSON.stringify(error.toJSON())).not.toContain('wrong-token-value');
      expect(error.message).not.toContain('wrong-token-value');

      const missing = await failure(() => connectMcp({ url: server.url, policy }));
      expect(missing.code).toBe('auth');

      const connection = await connectMcp({
        url: server.url,
        policy,
        headers: { Authorization: 'Bearer s3cret-token-value' },
      });
      const result = await connection.callTool(
        'echo',
        { text: 'authorized' },
        { timeoutMs: 5_000 },
      );
      expect(result.content).toEqual([{ type: 'text', text: 'authorized' }]);
      await connection.close();
    } finally {
      await server.close();
    }
  });

  it('does not fall back to SSE on auth failures', async () => {
    const server = await startFixtureServer({ requireBearer: 'token', sseOnly: true });
    try {
      const error = await failure(() => connectMcp({ url: server.url, policy }));
      expect(error.code).toBe('auth');
    } finally {
      await server.close();
    }
  });

  it('reports connection_refused with notDelivered for a closed port', async () => {
    const server = await startFixtureServer();
    const url = server.url;
    await server.close();
    const error = await failure(() => connectMcp({ url, policy }));
    expect(error.code).toBe('connection_refused');
    expect(error.notDelivered).toBe(true);
  });

  it('reports dns for a host that does not resolve', async () => {
    const error = await failure(() =>
      connectMcp({
        url: 'http://mcp.does-not-exist.invalid/mcp',
        policy: { allowPrivate: false, allowList: [] },
      }),
    );
    expect(error.code).toBe('dns');
    expect(error.notDelivered).toBe(true);
  });

  it('reports timeout when the server accepts the connection but never answers', async () => {
    const silent: Server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const started = Date.now();
      const error = await failure(() =>
        connectMcp({ url: `http://127.0.0.1:${port}/mcp`, policy, timeoutMs: 300 }),
      );
      expect(error.code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports protocol_version when the server answers with a version we do not speak', async () => {
    const server = await rawServer(initializeWith('2099-01-01'));
    try {
      const error = await failure(() => connectMcp({ url: server.url, policy, timeoutMs: 3_000 }));
      expect(error.code).toBe('protocol_version');
    } finally {
      await server.close();
    }
  });

  it('reports server_error for a 5xx answer', async () => {
    const server = await rawServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
    });
    try {
      const error = await failure(() => connectMcp({ url: server.url, policy, timeoutMs: 3_000 }));
      expect(error.code).toBe('server_error');
      expect(error.status).toBe(503);
    } finally {
      await server.close();
    }
  });

  it('reports tls for a certificate the client does not trust', async () => {
    const server = await rawServer(initializeWith('2025-06-18'), true);
    try {
      const error = await failure(() => connectMcp({ url: server.url, policy, timeoutMs: 3_000 }));
      expect(error.code).toBe('tls');
      expect(error.notDelivered).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('refuses a loopback URL when the policy does not allow private addresses', async () => {
    const error = await failure(() =>
      connectMcp({ url: 'http://127.0.0.1:9/mcp', policy: { allowPrivate: false, allowList: [] } }),
    );
    expect(error.code).toBe('url_not_allowed');
  });
});
