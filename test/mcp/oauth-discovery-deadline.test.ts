import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';

/**
 * A hostile server answers 401 with a Bearer challenge and then never answers the well-known
 * metadata address the console looks up to tell OAuth from a plain token. The lookup must end
 * with the connect's time limit: before, connecting never settled (Test and save stayed on
 * "Testing the connection…").
 *
 * The limit is counted on a fake clock that moves only once the lookup has reached the server,
 * so the lookup always starts with time left, however loaded the machine: on the real clock, a
 * slow 401 could leave discovery no time at all (the connect's one deadline covers the 401's
 * request too), and the test would not be about a stalled lookup any more.
 */

const policy = { allowPrivate: true, allowList: [] };
const LIMIT_MS = 1_000;
let server: Server;
let url: string;
const metadataAsked: string[] = [];
let metadataReached: () => void = () => {};

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/.well-known/')) {
      metadataAsked.push(req.url);
      metadataReached();
      return; // never answers
    }
    res.writeHead(401, {
      'content-type': 'application/json',
      'www-authenticate': 'Bearer realm="stall"',
    });
    res.end('{"error":"unauthorized"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('a 401 whose metadata never comes is the plain 401, within the connect time limit', async () => {
  // Only the timers (the deadline's, the SDK's request timeout, the abort's) and the deadline's
  // clock are fake: sockets, immediates and the event loop run for real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  const reached = new Promise<void>((resolve) => (metadataReached = resolve));
  const settled = connectMcp({ url, policy, timeoutMs: LIMIT_MS }).then(
    () => undefined,
    (e: unknown) => e,
  );
  await reached;
  // The lookup was made, and is now left hanging by the server: the limit passes.
  await vi.advanceTimersByTimeAsync(LIMIT_MS);
  const error = await settled;
  expect(error).toBeInstanceOf(McpError);
  const mcpError = error as McpError;
  expect(mcpError.code).toBe('auth');
  expect(mcpError.status).toBe(401);
  expect(mcpError.oauth).toBeUndefined();
  expect(mcpError.message).toContain('answered 401');
  expect(metadataAsked[0]).toContain('/.well-known/oauth-protected-resource');
});
