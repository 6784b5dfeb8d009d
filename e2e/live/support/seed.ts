import type { Db } from '@/lib/db/client';

export interface LiveTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  needsConfirmation?: boolean;
  confirmTimeoutMs?: number;
}

/**
 * An MCP server and its enabled tools as the Tools page would have stored them (the default
 * profile uses every enabled tool). Idempotent by server name, so each spec can ask for its own.
 */
export async function registerMcpServer(
  db: Db,
  server: { name: string; url: string; tools: LiveTool[] },
): Promise<{ serverId: string; toolIds: Record<string, string> }> {
  const row = await db.mcpServer.upsert({
    where: { name: server.name },
    create: { name: server.name, url: server.url, headers: '[]' },
    update: { url: server.url, enabled: true },
  });
  const toolIds: Record<string, string> = {};
  for (const tool of server.tools) {
    const data = {
      description: tool.description,
      inputSchema: JSON.stringify(tool.inputSchema),
      enabled: true,
      needsConfirmation: tool.needsConfirmation ?? false,
      confirmTimeoutMs: tool.confirmTimeoutMs ?? 30_000,
    };
    const saved = await db.mcpTool.upsert({
      where: { serverId_name: { serverId: row.id, name: tool.name } },
      create: { serverId: row.id, name: tool.name, ...data },
      update: data,
    });
    toolIds[tool.name] = saved.id;
  }
  return { serverId: row.id, toolIds };
}

/** server-everything's get-sum, as its tools/list describes it. */
export const GET_SUM: LiveTool = {
  name: 'get-sum',
  description: 'Returns the sum of two numbers',
  inputSchema: {
    type: 'object',
    properties: {
      a: { type: 'number', description: 'First number' },
      b: { type: 'number', description: 'Second number' },
    },
    required: ['a', 'b'],
  },
};

/** server-everything's slow tool, as its tools/list describes it: long enough to kill a worker in. */
export const LONG_RUNNING: LiveTool = {
  name: 'trigger-long-running-operation',
  description: 'Demonstrates a long running operation with progress updates.',
  inputSchema: {
    type: 'object',
    properties: {
      duration: { type: 'number', description: 'Duration of the operation in seconds' },
      steps: { type: 'number', description: 'Number of steps in the operation' },
    },
  },
};
