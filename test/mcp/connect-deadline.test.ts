import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';
import { createManagedMcpServer } from '@/lib/mcp/managed-connection';
import type { UrlPolicy } from '@/lib/mcp/types';

const policy: UrlPolicy = { allowPrivate: true, allowList: [] };
const LIMIT_MS = 3_000;
const REFUSE_AFTER_MS = 1_500;
const STEP_MS = 50;

let server: Server | undefined;
async function serve(handler: RequestListener): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

/**
 * An SSE-only server that is slow to say so: the Streamable HTTP POST is refused with 405 after
 * REFUSE_AFTER_MS (so the client falls back to SSE), and the SSE stream then never sends its
 * endpoint event. Before one deadline flowed through the connect, the fallback got a full limit
 * of its own: REFUSE_AFTER_MS + LIMIT_MS in all.
 */
function slowSseOnlyServer(seen: { post?: () => void; get?: () => void }): Promise<string> {
  return serve((req, res) => {
    if (req.method === 'POST') {
      req.resume();
      setTimeout(() => res.writeHead(405).end(), REFUSE_AFTER_MS);
      seen.post?.();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    seen.get?.();
    // never sends the endpoint event
  });
}

afterEach(async () => {
  vi.useRealTimers();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function outcome(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('connectMcp time limit', () => {
  it('is one deadline for the Streamable HTTP attempt and the SSE fallback together', async () => {
    // Time is a fake clock that moves only when the server has seen what it waits for, so the
    // figures below are exact however loaded the machine (sockets and the event loop are real).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const seen: { post?: () => void; get?: () => void } = {};
    const posted = new Promise<void>((resolve) => (seen.post = resolve));
    const streamOpened = new Promise<void>((resolve) => (seen.get = resolve));
    const url = await slowSseOnlyServer(seen);
    const started = performance.now();
    let settledAt: number | undefined;
    const settled = outcome(connectMcp({ url, policy, timeoutMs: LIMIT_MS })).finally(() => {
      settledAt = performance.now() - started;
    });
    await posted;
    await vi.advanceTimersByTimeAsync(REFUSE_AFTER_MS); // the 405: the client falls back to SSE
    await streamOpened;
    // The SSE stream never names its endpoint: step the clock until the connect gives up.
    while (
      settledAt === undefined &&
      performance.now() - started < 2 * (LIMIT_MS + REFUSE_AFTER_MS)
    )
      await vi.advanceTimersByTimeAsync(STEP_MS);
    const error = await settled;
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe('timeout');
    // The message names the caller's limit, not what was left for the last step.
    expect((error as McpError).message).toContain(`after ${LIMIT_MS} ms`);
    // The old code gave the fallback a full limit after the refusal: it ended at
    // REFUSE_AFTER_MS + LIMIT_MS. One deadline ends at LIMIT_MS (give or take one step).
    expect(settledAt).toBeGreaterThanOrEqual(LIMIT_MS);
    expect(settledAt).toBeLessThanOrEqual(LIMIT_MS + STEP_MS);
  });
});

describe('a managed connect whose OAuth token is refused', () => {
  it('ends at its own limit when the refresh never does (the agent sets no timer on top)', async () => {
    // The fake clock moves only once the refresh was asked for, so the limit always passes
    // during the refresh, however slow the 401 was to come.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    // Every request is refused as an expired token: the managed connection asks for a new one.
    const url = await serve((req, res) => {
      req.resume();
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
    });
    let refreshes = 0;
    let refreshAsked: () => void = () => {};
    const asked = new Promise<void>((resolve) => (refreshAsked = resolve));
    const managed = createManagedMcpServer({
      name: 'stalled-refresh',
      url,
      headers: { Authorization: 'Bearer expired' },
      oauthGrant: true,
      policy,
      timeoutMs: 1_000,
      // the authorization server (or the process holding the refresh lease) never answers
      refreshCredentials: () => {
        refreshes++;
        refreshAsked();
        return new Promise<never>(() => {});
      },
    });
    let error: unknown = 'never settled';
    const settled = outcome(managed.connect()).then((e) => (error = e));
    await asked;
    // Before, the refresh had no limit: the connect never settled, and only the agent's own
    // timer around it ended the wait. Ten times the limit tells that apart from a late end.
    await vi.advanceTimersByTimeAsync(10_000);
    vi.useRealTimers();
    await managed.close();
    expect(refreshes).toBe(1);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe('timeout');
    expect((error as McpError).message).toContain('Connecting to stalled-refresh timed out');
    await settled;
  });
});
