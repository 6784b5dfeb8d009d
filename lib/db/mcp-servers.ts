import { z } from 'zod';
import { AppError } from '../errors';
import { diffToolCatalog, type CatalogDiff } from '../mcp/catalog-diff';
import { defaultNeedsConfirmation } from '../mcp/confirmation-default';
import { buildFunctionDefinitions, type CatalogTool } from '../mcp/tool-definitions';
import type { McpToolInfo } from '../mcp/types';
import { seal, unseal } from '../seal';
import type { Db } from './client';

/**
 * MCP servers and their tools. Header values are sealed here and nowhere else; what leaves this
 * module for a page carries only header names (`{ name, set: true }`). Plain values come out
 * only through getServerSecrets, for the server code that connects.
 */

export interface ServerHeaderView {
  name: string;
  set: true;
}

export interface ServerRow {
  id: string;
  name: string;
  url: string;
  enabled: boolean;
  headers: ServerHeaderView[];
  transport: string | null;
  lastCheckedAt: string | null;
  lastCheckOk: boolean | null;
  lastCheckMs: number | null;
  lastErrorCode: string | null;
  lastError: string | null;
  /** tools of the latest snapshot */
  toolCount: number;
  enabledToolCount: number;
  lastDiscoveredAt: string | null;
  createdAt: string;
}

export interface CheckRecord {
  ok: boolean;
  ms: number;
  transport?: string | null;
  errorCode?: string | null;
  error?: string | null;
}

const SealedHeaders = z.array(z.object({ name: z.string().min(1), sealed: z.string() }));
type SealedHeader = z.infer<typeof SealedHeaders>[number];

export const TOOL_TIMEOUT_MS = { min: 1_000, max: 300_000 } as const;
export const TOOL_BUDGET_BYTES = { min: 256, max: 262_144 } as const;

/** What an admin may change on a tool; ranges are enforced here, whoever calls. */
export const ToolSettings = z
  .object({
    enabled: z.boolean(),
    needsConfirmation: z.boolean(),
    timeoutMs: z
      .number()
      .int('Use whole milliseconds.')
      .min(TOOL_TIMEOUT_MS.min, 'The time limit must be at least 1 s.')
      .max(TOOL_TIMEOUT_MS.max, 'The time limit can be at most 300 s.'),
    resultBudgetBytes: z
      .number()
      .int('Use whole bytes.')
      .min(TOOL_BUDGET_BYTES.min, 'The result budget must be at least 256 bytes.')
      .max(TOOL_BUDGET_BYTES.max, 'The result budget can be at most 256 KB (262144 bytes).'),
  })
  .partial();
export type ToolSettingsInput = z.infer<typeof ToolSettings>;

function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function sealedHeadersOf(raw: string): SealedHeader[] {
  return SealedHeaders.catch([]).parse(parseJson(raw) ?? []);
}

function sealHeaders(headers: Record<string, string>, sealKey: Buffer): string {
  const sealed: SealedHeader[] = Object.entries(headers).map(([name, value]) => ({
    name,
    sealed: seal(value, sealKey),
  }));
  return JSON.stringify(sealed);
}

type ServerWithCounts = Awaited<ReturnType<typeof findServers>>[number];

function findServers(db: Db, where: { id?: string }) {
  return db.mcpServer.findMany({
    where,
    orderBy: { name: 'asc' },
    include: {
      tools: { where: { removedAt: null }, select: { enabled: true } },
      snapshots: { orderBy: { createdAt: 'desc' }, take: 1, select: { createdAt: true } },
    },
  });
}

function toServerRow(server: ServerWithCounts): ServerRow {
  return {
    id: server.id,
    name: server.name,
    url: server.url,
    enabled: server.enabled,
    // Names only: the sealed values never leave this module.
    headers: sealedHeadersOf(server.headers).map(({ name }) => ({ name, set: true as const })),
    transport: server.transport,
    lastCheckedAt: server.lastCheckedAt?.toISOString() ?? null,
    lastCheckOk: server.lastCheckOk,
    lastCheckMs: server.lastCheckMs,
    lastErrorCode: server.lastErrorCode,
    lastError: server.lastError,
    toolCount: server.tools.length,
    enabledToolCount: server.tools.filter((tool) => tool.enabled).length,
    lastDiscoveredAt: server.snapshots[0]?.createdAt.toISOString() ?? null,
    createdAt: server.createdAt.toISOString(),
  };
}

export async function listServers({ db }: { db: Db }): Promise<ServerRow[]> {
  return (await findServers(db, {})).map(toServerRow);
}

export async function getServer({ db, id }: { db: Db; id: string }): Promise<ServerRow | null> {
  const [server] = await findServers(db, { id });
  return server ? toServerRow(server) : null;
}

async function requireServerRecord(db: Db, id: string) {
  const server = await db.mcpServer.findUnique({ where: { id } });
  if (!server) throw new AppError('not_found', 'That MCP server no longer exists.');
  return server;
}

/** The plain header values, for connecting. Never pass the result to a page or a log. */
export async function getServerSecrets({
  db,
  id,
  sealKey,
}: {
  db: Db;
  id: string;
  sealKey: Buffer;
}): Promise<{ id: string; name: string; url: string; headers: Record<string, string> }> {
  const server = await requireServerRecord(db, id);
  const headers: Record<string, string> = {};
  try {
    for (const { name, sealed } of sealedHeadersOf(server.headers))
      headers[name] = unseal(sealed, sealKey);
  } catch {
    throw new AppError(
      'unavailable',
      'The stored header values of this server cannot be unsealed (was SEAL_KEY changed?). Edit the server and enter them again.',
    );
  }
  return { id: server.id, name: server.name, url: server.url, headers };
}

export type HeaderInput = { name: string; value: string } | { name: string; keep: true };

/** The headers an edit asks for: kept ones take their current value, the rest their new one. */
export function mergeHeaderInputs({
  current,
  inputs,
}: {
  current: Record<string, string>;
  inputs: HeaderInput[];
}): Record<string, string> {
  const byLowerName = new Map(Object.entries(current).map(([name, v]) => [name.toLowerCase(), v]));
  const merged: Record<string, string> = {};
  for (const input of inputs) {
    if ('keep' in input) {
      const value = byLowerName.get(input.name.toLowerCase());
      if (value === undefined) {
        throw new AppError('invalid_input', `There is no stored value for "${input.name}".`, {
          field: 'headers',
        });
      }
      merged[input.name] = value;
    } else merged[input.name] = input.value;
  }
  return merged;
}

async function assertNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  const existing = await db.mcpServer.findUnique({ where: { name } });
  if (existing && existing.id !== exceptId) {
    throw new AppError('conflict', 'A server with this name already exists.', { field: 'name' });
  }
}

function checkFields(check: CheckRecord, at: Date) {
  return {
    lastCheckedAt: at,
    lastCheckOk: check.ok,
    lastCheckMs: Math.round(check.ms),
    lastErrorCode: check.ok ? null : (check.errorCode ?? null),
    lastError: check.ok ? null : (check.error ?? null),
    ...(check.transport ? { transport: check.transport } : {}),
  };
}

export async function createServer({
  db,
  name,
  url,
  headers,
  sealKey,
  check,
}: {
  db: Db;
  name: string;
  url: string;
  headers: Record<string, string>;
  sealKey: Buffer;
  /** the connection test that preceded saving */
  check?: CheckRecord;
}): Promise<ServerRow> {
  await assertNameFree(db, name);
  const created = await db.mcpServer.create({
    data: {
      name,
      url,
      headers: sealHeaders(headers, sealKey),
      ...(check ? checkFields(check, new Date()) : {}),
    },
  });
  return (await getServer({ db, id: created.id }))!;
}

export async function updateServer({
  db,
  id,
  name,
  url,
  enabled,
  headers,
  sealKey,
  check,
}: {
  db: Db;
  id: string;
  name?: string;
  url?: string;
  enabled?: boolean;
  /** the complete new set of headers (plain); omitted: unchanged */
  headers?: Record<string, string>;
  sealKey: Buffer;
  check?: CheckRecord;
}): Promise<ServerRow> {
  await requireServerRecord(db, id);
  if (name !== undefined) await assertNameFree(db, name, id);
  await db.mcpServer.update({
    where: { id },
    data: {
      ...(name !== undefined ? { name } : {}),
      ...(url !== undefined ? { url } : {}),
      ...(enabled !== undefined ? { enabled } : {}),
      ...(headers !== undefined ? { headers: sealHeaders(headers, sealKey) } : {}),
      ...(check ? checkFields(check, new Date()) : {}),
    },
  });
  return (await getServer({ db, id }))!;
}

export async function deleteServer({ db, id }: { db: Db; id: string }): Promise<void> {
  await requireServerRecord(db, id);
  await db.mcpServer.delete({ where: { id } });
}

export async function recordCheck({
  db,
  id,
  check,
}: {
  db: Db;
  id: string;
  check: CheckRecord;
}): Promise<void> {
  await db.mcpServer.update({ where: { id }, data: checkFields(check, new Date()) });
}

/** The tools of a server's latest snapshot, as stored; [] before the first discovery. */
export async function latestSnapshotTools({
  db,
  serverId,
}: {
  db: Db;
  serverId: string;
}): Promise<McpToolInfo[] | null> {
  const snapshot = await db.toolSnapshot.findFirst({
    where: { serverId },
    orderBy: { createdAt: 'desc' },
  });
  if (!snapshot) return null;
  const tools = parseJson(snapshot.tools);
  return Array.isArray(tools) ? (tools as McpToolInfo[]) : [];
}

export interface DiscoveryResult {
  snapshotId: string;
  /** null on a server's first discovery */
  diff: CatalogDiff | null;
  toolCount: number;
  /** enabled tools whose new definition has a problem, so they were switched off */
  disabled: string[];
}

/**
 * Stores what tools/list returned: a snapshot, then one McpTool per tool. New tools start
 * disabled, with the confirmation default from their annotations; tools no longer listed get
 * removedAt (call history still points at them); a tool listed again keeps its settings.
 */
export async function saveDiscovery({
  db,
  serverId,
  tools,
}: {
  db: Db;
  serverId: string;
  tools: McpToolInfo[];
}): Promise<DiscoveryResult> {
  await requireServerRecord(db, serverId);
  const previous = await latestSnapshotTools({ db, serverId });
  const now = new Date();
  const names = tools.map((tool) => tool.name);
  const snapshotId = await db.$transaction(async (tx) => {
    const snapshot = await tx.toolSnapshot.create({
      data: { serverId, tools: JSON.stringify(tools) },
    });
    for (const tool of tools) {
      const fields = {
        title: tool.title ?? null,
        description: tool.description ?? '',
        inputSchema: JSON.stringify(tool.inputSchema ?? {}),
        annotations: tool.annotations ? JSON.stringify(tool.annotations) : null,
      };
      await tx.mcpTool.upsert({
        where: { serverId_name: { serverId, name: tool.name } },
        create: {
          serverId,
          name: tool.name,
          ...fields,
          enabled: false,
          needsConfirmation: defaultNeedsConfirmation(tool.annotations),
        },
        update: { ...fields, removedAt: null },
      });
    }
    await tx.mcpTool.updateMany({
      where: { serverId, removedAt: null, name: { notIn: names } },
      data: { removedAt: now },
    });
    return snapshot.id;
  });

  // A changed schema can make an enabled tool unusable; keep "cannot be enabled" true in the data.
  const definitions = await definitionsFor({ db, serverId });
  const broken = await db.mcpTool.findMany({
    where: {
      serverId,
      enabled: true,
      removedAt: null,
      id: { in: [...definitions.values()].filter((d) => d.problem).map((d) => d.toolId) },
    },
  });
  if (broken.length > 0) {
    await db.mcpTool.updateMany({
      where: { id: { in: broken.map((tool) => tool.id) } },
      data: { enabled: false },
    });
  }

  return {
    snapshotId,
    diff: previous ? diffToolCatalog(previous, tools) : null,
    toolCount: tools.length,
    disabled: broken.map((tool) => tool.name).sort(),
  };
}

/**
 * Function definitions as the agent computes them: over every current tool of enabled servers
 * (loadCallConfig in call-config.ts), plus the given server's tools when it is disabled, so its
 * tools can be previewed as they would be.
 */
async function definitionsFor({ db, serverId }: { db: Db; serverId?: string }) {
  const servers = await db.mcpServer.findMany({
    where: serverId ? { OR: [{ enabled: true }, { id: serverId }] } : { enabled: true },
    include: { tools: { where: { removedAt: null } } },
  });
  const catalog: CatalogTool[] = servers.flatMap((server) =>
    server.tools.map((tool) => ({
      id: tool.id,
      serverId: server.id,
      serverName: server.name,
      name: tool.name,
      ...(tool.title ? { title: tool.title } : {}),
      description: tool.description,
      inputSchema: parseJson(tool.inputSchema) ?? {},
    })),
  );
  return new Map(buildFunctionDefinitions(catalog).map((d) => [d.toolId, d]));
}

/** What the Realtime model is sent for a tool (session.update tools[]). */
export interface ModelFunction {
  type: 'function';
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ToolRow {
  id: string;
  serverId: string;
  name: string;
  title: string | null;
  description: string;
  inputSchema: unknown;
  annotations: Record<string, unknown> | null;
  enabled: boolean;
  needsConfirmation: boolean;
  timeoutMs: number;
  resultBudgetBytes: number;
  removedAt: string | null;
  /** null when the tool has a problem or was removed */
  modelFunction: ModelFunction | null;
  problem: string | null;
  nameNote: string | null;
  /** whether a call gets this tool now (profiles may still narrow it down) */
  givenToModel: boolean;
}

export async function listTools({
  db,
  serverId,
}: {
  db: Db;
  serverId: string;
}): Promise<ToolRow[]> {
  const server = await requireServerRecord(db, serverId);
  const [tools, definitions] = await Promise.all([
    db.mcpTool.findMany({
      where: { serverId },
      orderBy: [{ removedAt: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }],
    }),
    definitionsFor({ db, serverId }),
  ]);
  return tools.map((tool) => {
    const definition = tool.removedAt ? undefined : definitions.get(tool.id);
    const annotations = parseJson(tool.annotations);
    const modelFunction =
      definition && !definition.problem && definition.parameters
        ? {
            type: 'function' as const,
            name: definition.functionName,
            description: definition.description,
            parameters: definition.parameters,
          }
        : null;
    return {
      id: tool.id,
      serverId,
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: parseJson(tool.inputSchema) ?? {},
      annotations:
        annotations && typeof annotations === 'object'
          ? (annotations as Record<string, unknown>)
          : null,
      enabled: tool.enabled,
      needsConfirmation: tool.needsConfirmation,
      timeoutMs: tool.timeoutMs,
      resultBudgetBytes: tool.resultBudgetBytes,
      removedAt: tool.removedAt?.toISOString() ?? null,
      modelFunction,
      problem: definition?.problem ?? null,
      nameNote: definition?.nameNote ?? null,
      givenToModel: Boolean(server.enabled && tool.enabled && modelFunction),
    };
  });
}

export async function getTool({ db, toolId }: { db: Db; toolId: string }): Promise<ToolRow | null> {
  const tool = await db.mcpTool.findUnique({ where: { id: toolId }, select: { serverId: true } });
  if (!tool) return null;
  return (await listTools({ db, serverId: tool.serverId })).find((t) => t.id === toolId) ?? null;
}

export async function updateToolSettings({
  db,
  toolId,
  settings,
}: {
  db: Db;
  toolId: string;
  settings: ToolSettingsInput;
}): Promise<ToolRow> {
  const input = ToolSettings.parse(settings);
  const tool = await getTool({ db, toolId });
  if (!tool) throw new AppError('not_found', 'That tool no longer exists.');
  if (input.enabled && !tool.enabled) {
    if (tool.removedAt) {
      throw new AppError(
        'invalid_input',
        `"${tool.name}" is no longer listed by its server, so it cannot be enabled.`,
        { field: 'enabled' },
      );
    }
    if (tool.problem) {
      throw new AppError('invalid_input', `"${tool.name}" cannot be enabled: ${tool.problem}`, {
        field: 'enabled',
      });
    }
  }
  await db.mcpTool.update({ where: { id: toolId }, data: input });
  return (await getTool({ db, toolId }))!;
}

export interface McpCatalogCounts {
  servers: number;
  enabledServers: number;
  /** enabled servers whose last connection test failed */
  failedServers: number;
  /** enabled, current tools of enabled servers */
  enabledTools: number;
}

export async function mcpCatalogCounts({ db }: { db: Db }): Promise<McpCatalogCounts> {
  const [servers, enabledServers, failedServers, enabledTools] = await Promise.all([
    db.mcpServer.count(),
    db.mcpServer.count({ where: { enabled: true } }),
    db.mcpServer.count({ where: { enabled: true, lastCheckOk: false } }),
    db.mcpTool.count({ where: { enabled: true, removedAt: null, server: { enabled: true } } }),
  ]);
  return { servers, enabledServers, failedServers, enabledTools };
}
