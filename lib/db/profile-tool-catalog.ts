import type { CatalogServerState, CatalogToolOption } from '../agent-config/effective-preview';
import { loadEnabledCatalog } from './catalog-definitions';
import type { Db } from './client';

export interface ToolCatalogForProfiles {
  /** enabled, current tools of enabled servers, with the function names calls give them */
  tools: CatalogToolOption[];
  /** enabled servers with at least one such tool, with their last connection test */
  servers: CatalogServerState[];
}

/** The catalog a profile chooses from, computed the way a call computes it (lib/db/call-config). */
export async function loadToolCatalogForProfiles({
  db,
}: {
  db: Db;
}): Promise<ToolCatalogForProfiles> {
  const { servers, definitions } = await loadEnabledCatalog({ db });
  const tools: CatalogToolOption[] = [];
  for (const server of servers)
    for (const tool of server.tools) {
      const definition = definitions.get(tool.id);
      if (!tool.enabled || !definition || definition.problem !== null) continue;
      tools.push({
        id: tool.id,
        serverId: server.id,
        serverName: server.name,
        mcpName: tool.name,
        functionName: definition.functionName,
        description: definition.description,
      });
    }
  const used = new Set(tools.map((t) => t.serverId));
  return {
    tools,
    servers: servers
      .filter((s) => used.has(s.id))
      .map((s) => ({
        id: s.id,
        name: s.name,
        lastCheckOk: s.lastCheckOk,
        lastErrorCode: s.lastErrorCode,
        lastError: s.lastError,
        lastCheckedAt: s.lastCheckedAt?.toISOString() ?? null,
      })),
  };
}

/** "server / tool" for tool ids a version names, including tools since disabled or removed. */
export async function toolLabelsById({
  db,
  ids,
}: {
  db: Db;
  ids: string[];
}): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const tools = await db.mcpTool.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, name: true, server: { select: { name: true } } },
  });
  return Object.fromEntries(tools.map((t) => [t.id, `${t.server.name} / ${t.name}`]));
}
