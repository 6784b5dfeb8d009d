import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { McpError } from '@/lib/mcp/errors';
import { createManagedMcpServer, type ManagedMcpServer } from '@/lib/mcp/managed-connection';
import type { UrlPolicy } from '@/lib/mcp/types';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';

const policy: UrlPolicy = { allowPrivate: true, allowList: [] };

async function failure(work: () => Promise<unknown>): Promise<McpError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).hint).toBeTruthy();
    return error as McpError;
  }
  throw new Error('expected an McpError, but the call succeeded');
}

describe('managed MCP connection', () => {
  let server: FixtureServer;
  let managed: ManagedMcpServer;

  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterEach(async () => {
    await managed?.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  function callsOf(tool: string): number {
    return server.received.filter((call) => call.tool === tool).length;
  }

  it('connects, lists and calls', async () => {
    managed = createManagedMcpServer({ name: 'fixture', url: server.url, policy });
    expect(managed.connected).toBe(false);
    await managed.connect();
    expect(managed.connected).toBe(true);
    expect(managed.transport).toBe('streamable-http');
    expect((await managed.listTools()).tools).toHaveLength(7);
    const result = await managed.callTool('echo', { text: 'hello' }, { timeoutMs: 5_000 });
    expect(result.content).toEqual([{ type: 'text', text: 'hello' }]);
  });

  it('connects lazily on the first call', async () => {
    managed = createManagedMcpServer({ name: 'fixture', url: server.url, policy });
    const result = await managed.callTool('add', { a: 1, b: 1 }, { timeoutMs: 5_000 });
    expect(result.structuredContent).toEqual({ sum: 2 });
    expect(managed.connected).toBe(true);
  });

  it('after the server forgot the session (404 on the session id) re-sends the call once on a fresh session', async () => {
    managed = createManagedMcpServer({ name: 'fixture', url: server.url, policy });
    const streams = server.eventStreamsOpened;
    await managed.connect();
    // The client opens its event stream just after connecting; let that settle first.
    await expect.poll(() => server.eventStreamsOpened).toBe(streams + 1);
    const sessions = server.sessionsCreated;
    const notFound = server.sessionNotFound;
    const echoes = callsOf('echo');
    await server.restart({ silent: true });
    expect(managed.connected).toBe(true); // nothing tells the client until it sends
    // The old session id gets 404 (never processed), so the call is safe to re-send.
    const result = await managed.callTool('echo', { text: 'after restart' }, { timeoutMs: 5_000 });
    expect(result.content).toEqual([{ type: 'text', text: 'after restart' }]);
    expect(server.sessionNotFound).toBe(notFound + 1);
    expect(server.sessionsCreated).toBe(sessions + 1);
    // The tool ran exactly once: the rejected attempt never reached it.
    expect(callsOf('echo')).toBe(echoes + 1);
  });

  it('after a restart that closes the streams, notices it between calls and reconnects for the next one', async () => {
    managed = createManagedMcpServer({ name: 'fixture', url: server.url, policy });
    await managed.connect();
    await server.restart();
    // The standalone event stream ends; its reconnect gets 404 and marks the session broken.
    await expect.poll(() => managed.connected, { timeout: 5_000 }).toBe(false);
    const result = await managed.callTool('echo', { text: 'next' }, { timeoutMs: 5_000 });
    expect(result.content).toEqual([{ type: 'text', text: 'next' }]);
    expect(managed.connected).toBe(true);
  });

  it('never re-sends a call that timed out; the next call reconnects and succeeds', async () => {
    managed = createManagedMcpServer({ name: 'fixture', url: server.url, policy });
    await managed.connect();
    const slowCalls = callsOf('slow');
    const sessions = server.sessionsCreated;
    const error = await failure(() => managed.callTool('slow', { ms: 2_000 }, { timeoutMs: 150 }));
    expect(error.code).toBe('timeout');
    expect(error.notDelivered).toBe(false);
    // Give a wrongly re-sent call time to show up.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(callsOf('slow')).toBe(slowCalls + 1);
    const result = await managed.callTool('echo', { text: 'still works' }, { timeoutMs: 5_000 });
    expect(result.content).toEqual([{ type: 'text', text: 'still works' }]);
    expect(server.sessionsCreated).toBe(sessions + 1);
  });

  it('never re-sends a call whose connection dropped mid-call (send_email-like side effects)', async () => {
    managed = createManagedMcpServer({ name: 'fixture', url: server.url, policy });
    await managed.connect();
    const dies = callsOf('die');
    const error = await failure(() => managed.callTool('die', {}, { timeoutMs: 5_000 }));
    expect(error.code).toBe('connection_lost');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(callsOf('die')).toBe(dies + 1);
    expect(managed.connected).toBe(false);
    const emails = server.emails.length;
    const result = await managed.callTool(
      'send_email',
      { to: 'a@example.com', subject: 'Hi', body: 'Once' },
      { timeoutMs: 5_000 },
    );
    expect(result.content).toEqual([{ type: 'text', text: 'Email sent to a@example.com' }]);
    expect(server.emails.length).toBe(emails + 1);
  });

  it('fails with a typed error when the server is gone, and nothing ran', async () => {
    const own = await startFixtureServer();
    managed = createManagedMcpServer({ name: 'own', url: own.url, policy, timeoutMs: 2_000 });
    await managed.connect();
    await own.close();
    const error = await failure(() =>
      managed.callTool('echo', { text: 'x' }, { timeoutMs: 2_000 }),
    );
    expect(['connection_refused', 'connection_lost', 'session_expired']).toContain(error.code);
    expect(own.received.length).toBe(0);
  });

  it('over the old HTTP+SSE transport, reconnects after a restart drops the event stream', async () => {
    const own = await startFixtureServer({ sseOnly: true });
    try {
      managed = createManagedMcpServer({ name: 'sse', url: own.url, policy });
      await managed.connect();
      expect(managed.transport).toBe('sse');
      await own.restart();
      await expect.poll(() => managed.connected, { timeout: 5_000 }).toBe(false);
      const result = await managed.callTool('echo', { text: 'sse again' }, { timeoutMs: 5_000 });
      expect(result.content).toEqual([{ type: 'text', text: 'sse again' }]);
      expect(own.received.filter((call) => call.tool === 'echo')).toHaveLength(1);
    } finally {
      await managed.close();
      await own.close();
    }
  });

  it('close() while connecting leaves nothing open', async () => {
    managed = createManagedMcpServer({ name: 'fixture', url: server.url, policy });
    const connecting = managed.connect();
    await managed.close();
    await expect(connecting).rejects.toMatchObject({ code: 'cancelled' });
    expect(managed.connected).toBe(false);
  });
});
