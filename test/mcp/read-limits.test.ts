import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';
import { RESULT_HARD_CAP_BYTES, MAX_RESULT_BUDGET_BYTES } from '@/lib/mcp/policy-fetch';
import type { UrlPolicy } from '@/lib/mcp/types';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';

const policy: UrlPolicy = { allowPrivate: true, allowList: [] };
const FORTY_MB = 40 * 1024 * 1024;

async function rejection(work: Promise<unknown>): Promise<McpError> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(McpError);
    return error as McpError;
  }
  throw new Error('expected the call to fail');
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the hard cap on a result while it is read', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => server?.close());

  it('is a multiple of the largest result budget', () => {
    expect(RESULT_HARD_CAP_BYTES).toBe(16 * MAX_RESULT_BUDGET_BYTES);
  });

  it('stops reading a 40 MB result, cancels the request, says so, and the session goes on', async () => {
    const connection = await connectMcp({ url: server.url, policy });
    try {
      const before = server.cancellations;
      const error = await rejection(
        connection.callTool('huge', { bytes: FORTY_MB }, { timeoutMs: 20_000 }),
      );
      expect(error.code).toBe('result_too_large');
      expect(error.message).toMatch(/passed 4 MB while being read/);
      expect(error.hint).toMatch(/may have run/);
      await until(() => server.cancellations > before);
      // The same session still answers.
      const echo = await connection.callTool('echo', { text: 'still here' }, { timeoutMs: 5_000 });
      expect(echo.content).toEqual([{ type: 'text', text: 'still here' }]);
    } finally {
      await connection.close();
    }
  });

  it('lets a result just over the largest budget through whole (it is cut to budget later)', async () => {
    const connection = await connectMcp({ url: server.url, policy });
    try {
      const bytes = MAX_RESULT_BUDGET_BYTES * 2;
      const result = await connection.callTool('huge', { bytes }, { timeoutMs: 10_000 });
      expect(String(result.content[0]?.text)).toHaveLength(bytes);
    } finally {
      await connection.close();
    }
  });
});

describe('the cap over the old HTTP+SSE transport', () => {
  it('a 40 MB event on the session stream fails the call instead of filling memory', async () => {
    const server = await startFixtureServer({ sseOnly: true });
    const connection = await connectMcp({ url: server.url, policy });
    try {
      expect(connection.transport).toBe('sse');
      const error = await rejection(
        connection.callTool('huge', { bytes: FORTY_MB }, { timeoutMs: 20_000 }),
      );
      expect(['connection_lost', 'result_too_large']).toContain(error.code);
    } finally {
      await connection.close();
      await server.close();
    }
  });
});
