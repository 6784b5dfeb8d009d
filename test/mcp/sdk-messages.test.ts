import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMcp } from '@/lib/mcp/client';
import { McpError, toMcpError } from '@/lib/mcp/errors';
import { SDK_TEXT } from '@/lib/mcp/sdk-text';
import type { McpErrorCode, UrlPolicy } from '@/lib/mcp/types';

/**
 * Every pattern the MCP client reads SDK words with (SDK_TEXT in lib/mcp/sdk-text.ts), against the
 * installed SDK: the template must stand in the SDK's source as written, and the message it
 * renders must be classified as intended. Where the SDK can be made to say it for real, it is.
 * An upgrade that rewords a message fails here.
 */
const SDK = path.join(process.cwd(), 'node_modules/@modelcontextprotocol/sdk/dist/esm');
const EVENTSOURCE = path.join(process.cwd(), 'node_modules/eventsource/dist/index.js');
const source = (file: string) => readFileSync(file, 'utf8');
type SseEvent = ConstructorParameters<typeof SseError>[2];

const rows: Array<{
  pattern: keyof typeof SDK_TEXT;
  file: string;
  template: string;
  rendered: Error;
  code?: McpErrorCode;
}> = [
  {
    pattern: 'ssePostStatus',
    file: `${SDK}/client/sse.js`,
    template: 'new Error(`Error POSTing to endpoint (HTTP ${response.status}): ',
    rendered: new Error('Error POSTing to endpoint (HTTP 503): down'),
    code: 'server_error',
  },
  {
    pattern: 'otherOrigin',
    file: `${SDK}/client/sse.js`,
    template: '`Endpoint origin does not match connection origin: ${this._endpoint.origin}`',
    rendered: new Error('Endpoint origin does not match connection origin: http://127.0.0.2:9'),
    code: 'url_not_allowed',
  },
  {
    pattern: 'protocolVersion',
    file: `${SDK}/client/index.js`,
    template: "`Server's protocol version is not supported: ${result.protocolVersion}`",
    rendered: new Error("Server's protocol version is not supported: 2099-01-01"),
    code: 'protocol_version',
  },
  {
    pattern: 'notConnected',
    file: `${SDK}/shared/protocol.js`,
    template: "new Error('Not connected')",
    rendered: new Error('Not connected'),
    code: 'connection_lost',
  },
  {
    pattern: 'streamDisconnected',
    file: `${SDK}/client/streamableHttp.js`,
    template: '`SSE stream disconnected: ${error}`',
    rendered: new Error('SSE stream disconnected: TypeError: terminated'),
    code: 'connection_lost',
  },
  {
    pattern: 'reconnectFailed',
    file: `${SDK}/client/streamableHttp.js`,
    template: '`Maximum reconnection attempts (${maxRetries}) exceeded.`',
    rendered: new Error('Maximum reconnection attempts (2) exceeded.'),
  },
  {
    pattern: 'reconnectFailed',
    file: `${SDK}/client/streamableHttp.js`,
    template: '`Failed to reconnect SSE stream: ${',
    rendered: new Error('Failed to reconnect SSE stream: fetch failed'),
  },
  {
    pattern: 'reconnectFailed',
    file: `${SDK}/client/streamableHttp.js`,
    template: '`Failed to reconnect: ${',
    rendered: new Error('Failed to reconnect: fetch failed'),
  },
  {
    pattern: 'sseContentType',
    file: EVENTSOURCE,
    template: '\'Invalid content type, expected "text/event-stream"\'',
    // the event is not read; the SDK's own rendering is in 'said by the SDK itself' below
    rendered: new SseError(
      200,
      'Invalid content type, expected "text/event-stream"',
      {} as SseEvent,
    ),
    code: 'not_mcp_endpoint',
  },
];

describe('the SDK messages the client reads words from', () => {
  it.each(rows.map((row) => [`${row.pattern}: ${row.template}`, row] as const))('%s', (_, row) => {
    expect(source(row.file)).toContain(row.template);
    expect(SDK_TEXT[row.pattern].test(row.rendered.message)).toBe(true);
    if (row.code)
      expect(toMcpError(row.rendered, { url: 'http://127.0.0.1:9/mcp' }).code).toBe(row.code);
  });

  it('"Unexpected content type" is read from its code: the Streamable HTTP transport uses -1 for it alone', () => {
    const text = source(`${SDK}/client/streamableHttp.js`);
    expect(text.match(/new StreamableHTTPError\(-1\b/g)).toHaveLength(1);
    expect(text).toContain(
      'new StreamableHTTPError(-1, `Unexpected content type: ${contentType}`)',
    );
    const error = new StreamableHTTPError(-1, 'Unexpected content type: text/html');
    expect(toMcpError(error, { url: 'http://127.0.0.1:9/mcp' }).code).toBe('not_mcp_endpoint');
  });

  it('covers every pattern', () => {
    expect(new Set(rows.map((row) => row.pattern))).toEqual(new Set(Object.keys(SDK_TEXT)));
  });
});

let server: Server | undefined;
afterEach(async () => {
  // Most tests start no server: a close promise would then never settle (the hook hung 60 s
  // per test, 12 minutes for the file).
  const started = server;
  server = undefined;
  if (!started) return;
  started.closeAllConnections();
  await new Promise((resolve) => started.close(resolve));
});

const policy: UrlPolicy = { allowPrivate: true, allowList: [] };

describe('said by the SDK itself', () => {
  it('a request before connect: "Not connected", read as connection_lost', async () => {
    const client = new Client({ name: 't', version: '1' });
    const error = await client.listTools().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe('Not connected');
    expect(toMcpError(error).code).toBe('connection_lost');
  });

  it('an SSE stream that is a web page: SseError, "Invalid content type", not_mcp_endpoint', async () => {
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sse`;
    const transport = new SSEClientTransport(new URL(url));
    const error = await transport.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    await transport.close();
    expect(error).toBeInstanceOf(SseError);
    expect(SDK_TEXT.sseContentType.test((error as Error).message)).toBe(true);
    expect(toMcpError(error, { url }).code).toBe('not_mcp_endpoint');
  });

  it('an SSE server refusing the POSTed message: its status read from the words', async () => {
    // Streamable HTTP POST refused the way SSE-only servers do; the SSE stream names a message
    // endpoint that answers 403.
    server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/mcp') return void res.writeHead(405).end();
      if (req.method === 'POST') {
        req.resume();
        return void res.writeHead(403, { 'content-type': 'text/plain' }).end('no entry');
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: endpoint\ndata: /messages\n\n');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    const error = await connectMcp({ url, policy, timeoutMs: 5_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe('auth');
    expect((error as McpError).status).toBe(403);
    expect((error as McpError).message).toContain('no entry');
  });
});
