import {
  buildFunctionDefinitions,
  type CatalogTool,
  type FunctionDefinition,
} from '../mcp/tool-definitions';
import { parseJson } from '../json';
import type { Db } from './client';

/**
 * Tool rows of servers -> the function definitions the Realtime model is given, keyed by tool id.
 * The agent (call-config), the Tools page (mcp-tools) and the profile editor (profile-tool-catalog)
 * all read the catalog through loadEnabledCatalog, so the names a call uses are the names the
 * console shows.
 */
interface CatalogServerRows {
  id: string;
  name: string;
  tools: Array<{
    id: string;
    name: string;
    title: string | null;
    description: string;
    inputSchema: string;
  }>;
}

function schemaOf(text: string): unknown {
  // An unreadable stored schema is flagged by the definition builder like any unusable one.
  const value = parseJson(text);
  return value === undefined ? {} : value;
}

function catalogDefinitions(servers: CatalogServerRows[]): Map<string, FunctionDefinition> {
  const catalog: CatalogTool[] = servers.flatMap((server) =>
    server.tools.map((tool) => ({
      id: tool.id,
      serverId: server.id,
      serverName: server.name,
      name: tool.name,
      ...(tool.title ? { title: tool.title } : {}),
      description: tool.description,
      inputSchema: schemaOf(tool.inputSchema),
    })),
  );
  return new Map(
    buildFunctionDefinitions(catalog).map((definition) => [definition.toolId, definition]),
  );
}

/**
 * Every current tool of the enabled servers, by server and tool name, with the definitions a call
 * gives them. Names are computed over all of them (a tool disabled on its own included), so
 * enabling or disabling one tool never renames another. `alsoServerId` adds that server when it
 * is disabled, so its tools can be previewed as they would be.
 */
export async function loadEnabledCatalog({ db, alsoServerId }: { db: Db; alsoServerId?: string }) {
  const servers = await db.mcpServer.findMany({
    where: alsoServerId ? { OR: [{ enabled: true }, { id: alsoServerId }] } : { enabled: true },
    include: { tools: { where: { removedAt: null }, orderBy: { name: 'asc' } } },
    orderBy: { name: 'asc' },
  });
  return { servers, definitions: catalogDefinitions(servers) };
}
