import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RESULT_BUDGET_BYTES, RESULT_HARD_CAP_BYTES } from '@/lib/mcp/client-defaults';
import { McpError } from '@/lib/mcp/errors';
import { createManagedMcpServer } from '@/lib/mcp/managed-connection';
import { connectStdioMcp } from '@/lib/mcp/stdio-client';
import type { McpConnection } from '@/lib/mcp/types';
import { isAlive, SERVER_EVERYTHING_STDIO, stdioFixture } from '@/test/support/stdio-fixture';

/** Local (stdio) MCP servers: real processes started by lib/mcp, good and failing ones. */

const open: McpConnection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
});

async function connect(...args: Parameters<typeof connectStdioMcp>) {
  const connection = await connectStdioMcp(...args);
  open.push(connection);
  return connection;
}

async function failureOf(work: Promise<unknown>): Promise<McpError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('stdio MCP servers', () => {
  it('starts the command, lists its tools and calls one', async () => {
    const connection = await connect({ stdio: stdioFixture('good'), timeoutMs: 20_000 });
    expect(connection.transport).toBe('stdio');
    expect(connection.serverInfo).toEqual({ name: 'stdio-fixture', version: '1.0.0' });
    const list = await connection.listTools();
    expect(list.tools.map((tool) => tool.name)).toEqual([
      'echo',
      'env',
      'pid',
      'crash',
      'huge',
      'sleep',
    ]);
    const result = await connection.callTool('echo', { text: 'over stdin' }, { timeoutMs: 5_000 });
    expect(result.content).toEqual([{ type: 'text', text: 'over stdin' }]);
  });

  it('gives the process its environment, and redacts the values when the server echoes them', async () => {
    const secret = 'sk-stdio-secret-4242';
    process.env.I14S_PARENT_ONLY = 'the parent process keeps this';
    const connection = await connect({
      stdio: stdioFixture('good', { FIXTURE_TOKEN: secret }),
      timeoutMs: 20_000,
    });
    const result = await connection.callTool(
      'env',
      { name: 'FIXTURE_TOKEN' },
      { timeoutMs: 5_000 },
    );
    expect(result.content).toEqual([{ type: 'text', text: 'FIXTURE_TOKEN=[redacted]' }]);
    // The console's and the worker's own variables are not passed on.
    const inherited = await connection.callTool(
      'env',
      { name: 'I14S_PARENT_ONLY' },
      { timeoutMs: 5_000 },
    );
    expect(inherited.content).toEqual([{ type: 'text', text: 'I14S_PARENT_ONLY=(unset)' }]);
  });

  it('says a command that does not exist could not start', async () => {
    const error = await failureOf(
      connect({ stdio: { command: 'no-such-mcp-command-here', args: [], env: {} } }),
    );
    expect(error.code).toBe('process_failed');
    expect(error.message).toContain('could not start (not found)');
    expect(error.hint).toContain('without a shell');
    expect(error.notDelivered).toBe(true);
  });

  it('says a process exited, with its code and the end of its stderr (redacted)', async () => {
    const error = await failureOf(
      connect({
        stdio: stdioFixture('exit', { FIXTURE_TOKEN: 'FIXTURE_TOKEN' }),
        timeoutMs: 20_000,
      }),
    );
    expect(error.code).toBe('process_failed');
    expect(error.message).toContain('exited with code 3 before answering');
    expect(error.message).toContain('is not accepted by the upstream API');
    expect(error.message).not.toContain('FIXTURE_TOKEN');
  });

  it('stops a process that does not answer within the deadline, with everything it started', async () => {
    const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stdio-hang-')), 'child.pid');
    const started = Date.now();
    const error = await failureOf(
      connect({
        stdio: stdioFixture('hang', { FIXTURE_CHILD_PID_FILE: pidFile }),
        timeoutMs: 3_000,
      }),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('timed out after 3000 ms');
    // It ignores SIGTERM: the group is killed, the child it started too.
    expect(Date.now() - started).toBeLessThan(3_000 + 6_000);
    const childPid = Number(fs.readFileSync(pidFile, 'utf8'));
    expect(await waitUntil(() => !isAlive(childPid), 5_000)).toBe(true);
  });

  it('stops a process that writes what is not MCP to stdout', async () => {
    const error = await failureOf(connect({ stdio: stdioFixture('garbage'), timeoutMs: 20_000 }));
    expect(error.code).toBe('not_mcp_endpoint');
    expect(error.message).toContain('Server started on port 3000!');
    expect(error.hint).toContain('only MCP messages to stdout');
  });

  it('fails a call whose process exits mid-call, and the managed server starts a new one', async () => {
    const server = createManagedMcpServer({
      name: 'stdio fixture',
      stdio: stdioFixture('good'),
      timeoutMs: 20_000,
    });
    try {
      const first = await server.callTool('pid', {}, { timeoutMs: 5_000 });
      const error = await failureOf(server.callTool('crash', {}, { timeoutMs: 5_000 }));
      expect(error.code).toBe('process_failed');
      expect(error.message).toContain('exited with code 7');
      expect(error.message).toContain('crashing on purpose');
      // It may have run: never re-sent.
      expect(error.notDelivered).toBe(false);
      const second = await server.callTool('pid', {}, { timeoutMs: 5_000 });
      expect(second.content[0]?.text).not.toEqual(first.content[0]?.text);
    } finally {
      await server.close();
    }
  });

  it('kills a process whose call passes its time limit', async () => {
    const connection = await connect({ stdio: stdioFixture('good'), timeoutMs: 20_000 });
    const pid = Number(
      (await connection.callTool('pid', {}, { timeoutMs: 5_000 })).content[0]?.text,
    );
    const error = await failureOf(connection.callTool('sleep', { ms: 60_000 }, { timeoutMs: 500 }));
    expect(error.code).toBe('timeout');
    expect(await waitUntil(() => !isAlive(pid), 5_000)).toBe(true);
  });

  it('stops reading a 40 MB result at the remote hard cap, stops the process and says so', async () => {
    const server = createManagedMcpServer({
      name: 'stdio fixture',
      stdio: stdioFixture('good'),
      timeoutMs: 20_000,
    });
    try {
      const pid = Number((await server.callTool('pid', {}, { timeoutMs: 5_000 })).content[0]?.text);
      const error = await failureOf(
        server.callTool('huge', { bytes: 40 * 1024 * 1024 }, { timeoutMs: 20_000 }),
      );
      expect(error.code).toBe('result_too_large');
      expect(error.message).toMatch(/passed 4 MB while being read/);
      expect(error.hint).toMatch(/may have run/);
      expect(error.notDelivered).toBe(false);
      expect(await waitUntil(() => !isAlive(pid), 5_000)).toBe(true);
      // The next call gets a new process.
      const echo = await server.callTool('echo', { text: 'still here' }, { timeoutMs: 5_000 });
      expect(echo.content).toEqual([{ type: 'text', text: 'still here' }]);
    } finally {
      await server.close();
    }
  });

  it('reads results under the hard cap whole (one just under it, one over the largest budget)', async () => {
    const connection = await connect({ stdio: stdioFixture('good'), timeoutMs: 20_000 });
    const big = await connection.callTool(
      'huge',
      { bytes: RESULT_HARD_CAP_BYTES - 4_096 },
      { timeoutMs: 20_000 },
    );
    expect(big.content[0]?.text).toHaveLength(RESULT_HARD_CAP_BYTES - 4_096);
    const small = await connection.callTool(
      'huge',
      { bytes: MAX_RESULT_BUDGET_BYTES * 2 },
      { timeoutMs: 5_000 },
    );
    expect(small.content[0]?.text).toHaveLength(MAX_RESULT_BUDGET_BYTES * 2);
  });

  it('runs @modelcontextprotocol/server-everything in its stdio mode', async () => {
    const connection = await connect({ stdio: SERVER_EVERYTHING_STDIO, timeoutMs: 20_000 });
    const { tools, refused } = await connection.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'get-sum']));
    expect(refused).toEqual([]);
    const sum = await connection.callTool('get-sum', { a: 2, b: 3 }, { timeoutMs: 5_000 });
    expect(JSON.stringify(sum.content)).toContain('5');
  });
});
