import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';
import { buildFunctionDefinitions } from '@/lib/mcp/tool-definitions';
import { validateToolArgs } from '@/lib/mcp/validate-args';
import type { McpConnection, McpToolInfo } from '@/lib/mcp/types';
import { startServerEverything, type ServerEverything } from '@/test/support/server-everything';

describe('MCP client against @modelcontextprotocol/server-everything', () => {
  let server: ServerEverything;
  let connection: McpConnection;
  let tools: McpToolInfo[];

  beforeAll(async () => {
    server = await startServerEverything();
    connection = await connectMcp({
      url: server.url,
      policy: { allowPrivate: true, allowList: [] },
    });
    ({ tools } = await connection.listTools());
  });
  afterAll(async () => {
    await connection?.close();
    await server?.close();
  });

  it('connects over Streamable HTTP', () => {
    expect(connection.transport).toBe('streamable-http');
    expect(connection.serverInfo.name).toContain('everything');
  });

  it('lists its tools, echo and get-sum among them', () => {
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'get-sum']));
    const sum = tools.find((tool) => tool.name === 'get-sum');
    expect(sum?.inputSchema).toMatchObject({ type: 'object' });
  });

  it('calls get-sum and echo', async () => {
    const sum = await connection.callTool('get-sum', { a: 2, b: 3 }, { timeoutMs: 5_000 });
    expect(sum.isError).toBeFalsy();
    expect(JSON.stringify(sum.content)).toContain('5');
    const echo = await connection.callTool('echo', { message: 'hello' }, { timeoutMs: 5_000 });
    expect(JSON.stringify(echo.content)).toContain('hello');
  });

  it('measures the round trip of a tool call (logged, not asserted)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await connection.callTool('get-sum', { a: i, b: 1 }, { timeoutMs: 5_000 });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.info(
      `[mcp] get-sum round trip over loopback: median ${times[10]!.toFixed(1)} ms, max ${times[19]!.toFixed(1)} ms`,
    );
  });

  it('every tool becomes a function definition the model accepts (or a stated problem)', () => {
    const definitions = buildFunctionDefinitions(
      tools.map((tool) => ({
        id: tool.name,
        serverId: 'everything',
        serverName: 'Everything',
        name: tool.name,
        description: tool.description ?? '',
        inputSchema: tool.inputSchema,
      })),
    );
    for (const definition of definitions) {
      expect(definition.functionName).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      if (definition.problem === null) {
        expect(definition.parameters).toMatchObject({ type: 'object' });
        expect(JSON.stringify(definition.parameters)).not.toContain('$schema');
      }
    }
    expect(definitions.find((d) => d.mcpName === 'get-sum')?.problem).toBeNull();
  });

  it('validates arguments against its real schemas', () => {
    const sum = tools.find((tool) => tool.name === 'get-sum')!;
    expect(validateToolArgs(sum.inputSchema, { a: 1, b: 2 })).toEqual({ ok: true });
    const bad = validateToolArgs(sum.inputSchema, { a: 'one' });
    expect(bad.ok).toBe(false);
  });

  it('an unknown tool comes back as a typed error or an isError result', async () => {
    try {
      const result = await connection.callTool('no-such-tool', {}, { timeoutMs: 5_000 });
      expect(result.isError).toBe(true);
    } catch (error) {
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe('server_error');
    }
  });
});
