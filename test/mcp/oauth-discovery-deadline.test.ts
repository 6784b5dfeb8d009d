import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';

/**
 * A hostile server answers 401 with a Bearer challenge and then never answers the well-known
 * metadata address the console looks up to tell OAuth from a plain token. The lookup must end
 * with the connect's time limit: before, connecting never settled (Test and save stayed on
 * "Testing the connection…").
 */

const policy = { allowPrivate: true, allowList: [] };
let server: Server;
let url: string;
const metadataAsked: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/.well-known/')) {
      metadataAsked.push(req.url);
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
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it(
  'a 401 whose metadata never comes is the plain 401, within the connect time limit',
  { timeout: 30_000 },
  async () => {
    const error = await connectMcp({ url, policy, timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    const mcpError = error as McpError;
    expect(mcpError.code).toBe('auth');
    expect(mcpError.status).toBe(401);
    expect(mcpError.oauth).toBeUndefined();
    expect(mcpError.message).toContain('answered 401');
    // The lookup was made (and then given up), not skipped.
    expect(metadataAsked[0]).toContain('/.well-known/oauth-protected-resource');
  },
);
