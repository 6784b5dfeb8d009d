import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeServer } from '@/server/mcp-operations';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';
import type { UrlPolicy } from '@/lib/mcp/types';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';

const policy: UrlPolicy = { allowPrivate: true, allowList: [] };

async function connectFailure(options: Parameters<typeof connectMcp>[0]): Promise<McpError> {
  try {
    const connection = await connectMcp(options);
    await connection.close();
  } catch (error) {
    expect(error).toBeInstanceOf(McpError);
    return error as McpError;
  }
  throw new Error('expected the connection to fail');
}

describe('a 403 says what the server said', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer({
      forbidden: { error: 'forbidden', message: 'This server only answers the office network' },
    });
  });
  afterAll(async () => server?.close());

  it('with no credentials configured: the server’s words, and no claim that credentials were accepted', async () => {
    const error = await connectFailure({ url: server.url, policy });
    expect(error).toMatchObject({ code: 'auth', status: 403 });
    expect(error.message).toContain('This server only answers the office network');
    expect(error.hint).toMatch(/no credentials are configured/);
    expect(error.hint).not.toMatch(/accepted/);
  });

  it('with credentials configured: says they were sent and refused', async () => {
    const error = await connectFailure({
      url: server.url,
      policy,
      headers: { 'X-Api-Key': 'key-123456' },
    });
    expect(error.message).toContain('This server only answers the office network');
    expect(error.hint).toMatch(/with the credentials configured/);
  });

  it('the console’s connection test shows the same', async () => {
    const probe = await probeServer({ url: server.url, headers: {}, policy });
    expect(probe).toMatchObject({ ok: false, code: 'auth' });
    if (probe.ok) return;
    expect(probe.message).toContain('office network');
    expect(probe.hint).toMatch(/no credentials are configured/);
  });
});

describe('an SSE endpoint event that points at another origin', () => {
  it('is refused with that reason, not the earlier Streamable HTTP 405', async () => {
    const server = await startFixtureServer({
      sseOnly: true,
      sseEndpoint: 'http://127.0.0.2:9/messages?sessionId=x',
    });
    try {
      const error = await connectFailure({ url: server.url, policy });
      expect(error.code).toBe('url_not_allowed');
      expect(error.message).toMatch(/another origin \(http:\/\/127\.0\.0\.2:9\)/);
      expect(error.message).not.toMatch(/405/);
      expect(error.hint).toMatch(/registered origin/);
    } finally {
      await server.close();
    }
  });
});
