import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';
import type { UrlPolicy } from '@/lib/mcp/types';

const policy: UrlPolicy = { allowPrivate: true, allowList: [] };
const LIMIT_MS = 3_000;
const REFUSE_AFTER_MS = 1_500;

/**
 * An SSE-only server that is slow to say so: the Streamable HTTP POST is refused with 405 after
 * REFUSE_AFTER_MS (so the client falls back to SSE), and the SSE stream then never sends its
 * endpoint event. Before one deadline flowed through the connect, the fallback got a full limit
 * of its own: about REFUSE_AFTER_MS + LIMIT_MS in all.
 */
let server: Server | undefined;
async function slowSseOnlyServer(): Promise<string> {
  server = createServer((req, res) => {
    if (req.method === 'POST') {
      req.resume();
      setTimeout(() => res.writeHead(405).end(), REFUSE_AFTER_MS);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    // never sends the endpoint event
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('connectMcp time limit', () => {
  it('is one deadline for the Streamable HTTP attempt and the SSE fallback together', async () => {
    const url = await slowSseOnlyServer();
    const started = performance.now();
    const error = await connectMcp({ url, policy, timeoutMs: LIMIT_MS }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe('timeout');
    // The message names the caller's limit, not what was left for the last step.
    expect((error as McpError).message).toContain(`after ${LIMIT_MS} ms`);
    // The old code gave the fallback a full limit after the refusal, so it always took more
    // than REFUSE_AFTER_MS + LIMIT_MS (6.8 s measured); one deadline ends at LIMIT_MS, plus the
    // closing and a loaded machine's delays (3.7 s measured at load 15).
    expect(elapsed).toBeLessThan(LIMIT_MS + REFUSE_AFTER_MS);
  });
});
