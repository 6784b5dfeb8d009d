import { z } from 'zod';
import { parseUnbackedClaims, type UnbackedClaims } from '../agent-config/profile-content';
import { AppError } from '../errors';
import { unseal } from '../seal';
import { catalogDefinitions } from './catalog-definitions';
import type { Db } from './client';

/**
 * What the agent needs to run one call: the prompt, model and voice of the call's profile
 * version, and its tools (enabled tools of enabled servers, as the profile chose them) with
 * their settings, function definitions and the servers' unsealed headers.
 */
export const DEFAULT_CALL_PROMPT =
  'You are a helpful voice assistant. Keep answers short and clear.';
export const DEFAULT_REALTIME_MODEL = 'gpt-realtime';

export interface CallServerConfig {
  id: string;
  name: string;
  url: string;
  /** plain header values; never log or send these anywhere but the MCP server */
  headers: Record<string, string>;
  /** set when the server cannot be used as configured (e.g. its headers cannot be unsealed) */
  problem: string | null;
}

/** One tool of a call, as the agent runs it (agent/src/tool-calls.ts) and offers it to the model. */
export interface CallToolConfig {
  toolId: string;
  serverId: string;
  serverName: string;
  mcpName: string;
  /** the function name the model sees */
  functionName: string;
  description: string;
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

const SealedHeaders = z.array(z.object({ name: z.string().min(1), sealed: z.string() }));
const ToolIds = z.array(z.string());

function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function schemaRecord(text: string | null | undefined): Record<string, unknown> | undefined {
  const value = parseJson(text);
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function unsealHeaders(
  raw: string,
  sealKey: Buffer,
): { headers: Record<string, string>; problem: string | null } {
  const parsed = SealedHeaders.safeParse(parseJson(raw) ?? []);
  if (!parsed.success)
    return { headers: {}, problem: 'its stored headers are not in the expected format' };
  const headers: Record<string, string> = {};
  try {
    for (const { name, sealed } of parsed.data) headers[name] = unseal(sealed, sealKey);
  } catch {
    return {
      headers: {},
      problem: 'its auth headers could not be unsealed (was SEAL_KEY changed?)',
    };
  }
  return { headers, problem: null };
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

  const servers = await db.mcpServer.findMany({
    where: { enabled: true },
    include: { tools: { where: { removedAt: null }, orderBy: { name: 'asc' } } },
    orderBy: { name: 'asc' },
  });

  // Names are computed over every current tool of enabled servers, so enabling or disabling one
  // tool never renames another.
  const definitions = catalogDefinitions(servers);

  const chosen =
    version && !version.allTools
      ? new Set(ToolIds.catch([]).parse(parseJson(version.toolIds)))
      : null;
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
    .map((s) => ({ id: s.id, name: s.name, url: s.url, ...unsealHeaders(s.headers, sealKey) }));

  return {
    callerId: call.userId,
    prompt: version?.prompt ?? DEFAULT_CALL_PROMPT,
    model: version?.model || DEFAULT_REALTIME_MODEL,
    unbackedClaims: parseUnbackedClaims(version?.unbackedClaims),
    voice: version?.voice || undefined,
    servers: serverConfigs,
    tools,
  };
}
