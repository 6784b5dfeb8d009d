import { randomUUID } from 'node:crypto';
import type { Db } from '@/lib/db/client';
import type { StdioCommand } from '@/lib/mcp/types';
import { seal } from '@/lib/seal';

/** Seeds what the console would have written: MCP servers, their tools, a profile version, a call. */
export interface SeedTool {
  name: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  enabled?: boolean;
  timeoutMs?: number;
  resultBudgetBytes?: number;
  needsConfirmation?: boolean;
  confirmTimeoutMs?: number;
  removed?: boolean;
}

export interface SeedServer {
  name: string;
  /** a remote server's URL; unused with stdio */
  url?: string;
  /** a local server: its command, with plain env values (sealed here, as the console does) */
  stdio?: StdioCommand;
  enabled?: boolean;
  headers?: Record<string, string>;
  tools: SeedTool[];
}

export interface SeedCallInput {
  db: Db;
  sealKey: Buffer;
  servers?: SeedServer[];
  prompt?: string;
  model?: string;
  voice?: string;
  /** false: only the tools named here (server/tool) are chosen by the profile */
  allTools?: boolean;
  selectedTools?: Array<{ server: string; tool: string }>;
  withProfile?: boolean;
  /** the profile's "Unbacked claims" setting; default the schema's ('correct') */
  unbackedClaims?: 'flag' | 'correct';
  /** the caller (Call.userId); default 'user-test' */
  userId?: string;
}

export interface SeededCall {
  callId: string;
  serverIds: Record<string, string>;
  toolIds: Record<string, string>;
}

export async function seedCall(input: SeedCallInput): Promise<SeededCall> {
  const { db, sealKey } = input;
  const serverIds: Record<string, string> = {};
  const toolIds: Record<string, string> = {};
  for (const server of input.servers ?? []) {
    const headers = Object.entries(server.headers ?? {}).map(([name, value]) => ({
      name,
      sealed: seal(value, sealKey),
    }));
    const fields = {
      url: server.url ?? '',
      enabled: server.enabled ?? true,
      headers: JSON.stringify(headers),
      ...(server.stdio
        ? {
            kind: 'stdio',
            command: server.stdio.command,
            args: JSON.stringify(server.stdio.args),
            env: JSON.stringify(
              Object.entries(server.stdio.env).map(([name, value]) => ({
                name,
                sealed: seal(value, sealKey),
              })),
            ),
          }
        : {}),
    };
    const row = await db.mcpServer.upsert({
      where: { name: server.name },
      create: { name: server.name, ...fields },
      update: fields,
    });
    serverIds[server.name] = row.id;
    for (const tool of server.tools) {
      const data = {
        description: tool.description ?? `The ${tool.name} tool`,
        inputSchema: JSON.stringify(tool.inputSchema ?? { type: 'object', properties: {} }),
        outputSchema: tool.outputSchema ? JSON.stringify(tool.outputSchema) : null,
        enabled: tool.enabled ?? true,
        timeoutMs: tool.timeoutMs ?? 5000,
        resultBudgetBytes: tool.resultBudgetBytes ?? 8192,
        needsConfirmation: tool.needsConfirmation ?? false,
        confirmTimeoutMs: tool.confirmTimeoutMs ?? 30_000,
        removedAt: tool.removed ? new Date() : null,
      };
      const t = await db.mcpTool.upsert({
        where: { serverId_name: { serverId: row.id, name: tool.name } },
        create: { serverId: row.id, name: tool.name, ...data },
        update: data,
      });
      toolIds[`${server.name}/${tool.name}`] = t.id;
    }
  }
  let profileVersionId: string | null = null;
  if (input.withProfile ?? true) {
    const profile = await db.agentProfile.create({ data: { name: `profile-${randomUUID()}` } });
    const version = await db.agentProfileVersion.create({
      data: {
        profileId: profile.id,
        version: 1,
        prompt: input.prompt ?? 'You are the test agent.',
        ...(input.unbackedClaims ? { unbackedClaims: input.unbackedClaims } : {}),
        model: input.model ?? 'gpt-realtime',
        voice: input.voice ?? 'marin',
        allTools: input.allTools ?? true,
        toolIds: JSON.stringify(
          (input.selectedTools ?? []).map((s) => toolIds[`${s.server}/${s.tool}`]),
        ),
      },
    });
    profileVersionId = version.id;
  }
  const call = await db.call.create({
    data: {
      userId: input.userId ?? 'user-test',
      roomName: `room-${randomUUID()}`,
      profileVersionId,
    },
  });
  return { callId: call.id, serverIds, toolIds };
}
