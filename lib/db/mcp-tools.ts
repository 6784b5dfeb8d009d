import { z } from 'zod';
import { AppError } from '../errors';
import { diffToolCatalog, type CatalogDiff } from '../mcp/catalog-diff';
import { defaultNeedsConfirmation } from '../mcp/confirmation-default';
import { TOOL_BUDGET_BYTES, TOOL_TIMEOUT_MS } from '../mcp/tool-limits';
import type { McpRefusedTool, McpToolInfo, McpToolList } from '../mcp/types';
import { loadEnabledCatalog } from './catalog-definitions';
import type { Db } from './client';
import { requireServerRecord } from './mcp-servers';
import { parseJson } from '../json';

/**
 * The tools of MCP servers: discovery snapshots, the catalog with its function definitions, and
 * the admin's per-tool settings.
 */

export { TOOL_BUDGET_BYTES, TOOL_TIMEOUT_MS };

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
  /** listed tools the model cannot be given (their schema has a problem), by name */
  unusable: string[];
  /** list entries that cannot be used at all, each with its reason */
  refused: McpRefusedTool[];
  /** set when reading stopped at the page limit while the server offered more */
  stoppedAtPage: number | null;
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
  listing,
}: {
  db: Db;
  serverId: string;
  listing: McpToolList;
}): Promise<DiscoveryResult> {
  const { tools, refused, stoppedAtPage } = listing;
  await requireServerRecord(db, serverId);
  const previous = await latestSnapshotTools({ db, serverId });
  const now = new Date();
  const names = tools.map((tool) => tool.name);
  const snapshotId = await db.$transaction(async (tx) => {
    const snapshot = await tx.toolSnapshot.create({
      data: {
        serverId,
        tools: JSON.stringify(tools),
        refused: JSON.stringify(refused),
        stoppedAtPage,
      },
    });
    for (const tool of tools) {
      const fields = {
        title: tool.title ?? null,
        description: tool.description ?? '',
        inputSchema: JSON.stringify(tool.inputSchema ?? {}),
        outputSchema: tool.outputSchema ? JSON.stringify(tool.outputSchema) : null,
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
  const unusable = [...definitions.values()]
    .filter((d) => d.serverId === serverId && d.problem && names.includes(d.mcpName))
    .map((d) => d.mcpName)
    .sort();
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
    unusable,
    refused,
    stoppedAtPage,
    disabled: broken.map((tool) => tool.name).sort(),
  };
}

const RefusedList = z.array(
  z.object({ name: z.string().nullable(), index: z.number(), reason: z.string() }),
);

/** What the latest discovery could not use, for the server's Tools page. */
export async function latestDiscoveryGaps({
  db,
  serverId,
}: {
  db: Db;
  serverId: string;
}): Promise<{ refused: McpRefusedTool[]; stoppedAtPage: number | null }> {
  const snapshot = await db.toolSnapshot.findFirst({
    where: { serverId },
    orderBy: { createdAt: 'desc' },
    select: { refused: true, stoppedAtPage: true },
  });
  if (!snapshot) return { refused: [], stoppedAtPage: null };
  return {
    refused: RefusedList.catch([]).parse(parseJson(snapshot.refused)),
    stoppedAtPage: snapshot.stoppedAtPage,
  };
}

/** Function definitions as a call computes them, plus the given server's when it is disabled. */
async function definitionsFor({ db, serverId }: { db: Db; serverId?: string }) {
  return (await loadEnabledCatalog({ db, alsoServerId: serverId })).definitions;
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
  outputSchema: Record<string, unknown> | null;
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
  /** what the model's schema leaves out or changes from the server's */
  schemaNotes: string[];
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
      outputSchema: asRecord(parseJson(tool.outputSchema)),
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
      schemaNotes: definition?.schemaNotes ?? [],
      givenToModel: Boolean(server.enabled && tool.enabled && modelFunction),
    };
  });
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
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

export interface BulkToolChange {
  /** tools whose setting now has the asked value */
  changed: string[];
  /** tools left as they were, each with why */
  skipped: Array<{ name: string; reason: string }>;
}

/**
 * One setting for many tools of one server (the Tools page's bulk actions). A tool that cannot
 * be enabled (removed, or its definition has a problem) is skipped with its reason; the others
 * change in one transaction.
 */
export async function updateToolsSettings({
  db,
  serverId,
  toolIds,
  settings,
}: {
  db: Db;
  serverId: string;
  toolIds: string[];
  settings: Pick<ToolSettingsInput, 'enabled' | 'needsConfirmation'>;
}): Promise<BulkToolChange> {
  const input = ToolSettings.pick({ enabled: true, needsConfirmation: true }).parse(settings);
  const wanted = new Set(toolIds);
  const tools = (await listTools({ db, serverId })).filter((tool) => wanted.has(tool.id));
  if (tools.length !== wanted.size) {
    throw new AppError('not_found', 'Some of these tools no longer exist. Reload the page.');
  }
  const skipped: BulkToolChange['skipped'] = [];
  const ok: ToolRow[] = [];
  for (const tool of tools) {
    if (input.enabled && !tool.enabled && tool.removedAt) {
      skipped.push({ name: tool.name, reason: 'no longer listed by its server' });
    } else if (input.enabled && !tool.enabled && tool.problem) {
      skipped.push({ name: tool.name, reason: tool.problem });
    } else ok.push(tool);
  }
  if (ok.length > 0) {
    await db.mcpTool.updateMany({ where: { id: { in: ok.map((t) => t.id) } }, data: input });
  }
  return { changed: ok.map((t) => t.name).sort(), skipped };
}
