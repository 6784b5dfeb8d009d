import { DEFAULT_MODEL, DEFAULT_PROMPT } from '../agent-config/defaults';
import { parseUnbackedClaims, type UnbackedClaims } from '../agent-config/profile-content';
import { AppError } from '../errors';
import type { ToolFunction } from '../mcp/tool-definitions';
import type { StdioCommand } from '../mcp/types';
import { parseToolIds } from './agent-profiles';
import { readSealedPairs, unsealPairs } from './sealed-pairs';
import { loadEnabledCatalog } from './catalog-definitions';
import { argsOf } from './mcp-servers';
import type { Db } from './client';
import { parseJson } from '../json';

/**
 * What the agent needs to run one call: the prompt, model and voice of the call's profile
 * version, and its tools (enabled tools of enabled servers, as the profile chose them) with
 * their settings, function definitions and the servers' unsealed headers.
 */

export interface CallServerConfig {
  id: string;
  name: string;
  url: string;
  /** plain header values; never log or send these anywhere but the MCP server */
  headers: Record<string, string>;
  /** a local server: the command the agent starts for the call (plain env values: never log) */
  stdio: StdioCommand | null;
  /** set when the server cannot be used as configured (e.g. its headers cannot be unsealed) */
  problem: string | null;
}

/** One tool of a call, as the agent runs it (agent/src/tool-calls.ts) and offers it to the model. */
export interface CallToolConfig extends ToolFunction {
  /** what the model is given (schema-clean.ts) */
  parameters: Record<string, unknown>;
  /** the server's own input schema: arguments are checked against this, under its draft */
  inputSchema: Record<string, unknown>;
  /** the server's declared output schema, when it has one */
  outputSchema?: Record<string, unknown>;
  timeoutMs: number;
  /** the most the model gets of a result */
  resultBudgetBytes: number;
  /** the admin wants the caller to confirm each call (agent/src/confirmation-gate.ts) */
  needsConfirmation: boolean;
  /** how long the caller has to answer before the call is denied */
  confirmTimeoutMs: number;
}

export interface CallConfig {
  /** the call's caller (Call.userId): the LiveKit identity the console minted for them */
  callerId: string;
  prompt: string;
  model: string;
  /** undefined: the Realtime plugin's default voice */
  voice: string | undefined;
  /** what the agent does about an unbacked claim (the profile's "Unbacked claims" setting) */
  unbackedClaims: UnbackedClaims;
  /** servers with at least one tool in this call */
  servers: CallServerConfig[];
  tools: CallToolConfig[];
}

function schemaRecord(text: string | null | undefined): Record<string, unknown> | undefined {
  const value = parseJson(text);
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The plain secrets a server is connected with, or why they cannot be had. */
function unsealServer(
  server: {
    kind: string;
    headers: string;
    command: string | null;
    args: string;
    env: string;
  },
  sealKey: Buffer,
): Pick<CallServerConfig, 'headers' | 'stdio' | 'problem'> {
  if (!readSealedPairs(server.headers) || !readSealedPairs(server.env))
    return {
      headers: {},
      stdio: null,
      problem: 'its stored secrets are not in the expected format',
    };
  try {
    const headers = unsealPairs(server.headers, sealKey);
    if (server.kind !== 'stdio') return { headers, stdio: null, problem: null };
    const stdio: StdioCommand = {
      command: server.command ?? '',
      args: argsOf(server.args),
      env: unsealPairs(server.env, sealKey),
    };
    return { headers, stdio, problem: null };
  } catch {
    return {
      headers: {},
      stdio: null,
      problem: 'its stored headers or environment could not be unsealed (was SEAL_KEY changed?)',
    };
  }
}

export async function loadCallConfig({
  db,
  callId,
  sealKey,
}: {
  db: Db;
  callId: string;
  sealKey: Buffer;
}): Promise<CallConfig> {
  const call = await db.call.findUnique({
    where: { id: callId },
    include: { profileVersion: true },
  });
  if (!call) throw new AppError('not_found', `Call ${callId} does not exist.`);
  const version = call.profileVersion;

  const { servers, definitions } = await loadEnabledCatalog({ db });

  const chosen = version && !version.allTools ? new Set(parseToolIds(version.toolIds)) : null;
  const tools: CallToolConfig[] = [];
  for (const server of servers) {
    for (const tool of server.tools) {
      if (!tool.enabled) continue;
      if (chosen && !chosen.has(tool.id)) continue;
      const definition = definitions.get(tool.id);
      if (!definition || definition.problem !== null || !definition.parameters) continue;
      tools.push({
        toolId: tool.id,
        serverId: server.id,
        serverName: server.name,
        mcpName: tool.name,
        functionName: definition.functionName,
        description: definition.description,
        parameters: definition.parameters,
        inputSchema: schemaRecord(tool.inputSchema) ?? {},
        ...(schemaRecord(tool.outputSchema)
          ? { outputSchema: schemaRecord(tool.outputSchema) }
          : {}),
        timeoutMs: tool.timeoutMs,
        resultBudgetBytes: tool.resultBudgetBytes,
        needsConfirmation: tool.needsConfirmation,
        confirmTimeoutMs: tool.confirmTimeoutMs,
      });
    }
  }

  const usedServerIds = new Set(tools.map((t) => t.serverId));
  const serverConfigs: CallServerConfig[] = servers
    .filter((s) => usedServerIds.has(s.id))
    .map((s) => ({ id: s.id, name: s.name, url: s.url, ...unsealServer(s, sealKey) }));

  return {
    callerId: call.userId,
    prompt: version?.prompt ?? DEFAULT_PROMPT,
    model: version?.model || DEFAULT_MODEL,
    unbackedClaims: parseUnbackedClaims(version?.unbackedClaims),
    voice: version?.voice || undefined,
    servers: serverConfigs,
    tools,
  };
}
