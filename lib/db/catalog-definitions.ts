import {
  buildFunctionDefinitions,
  type CatalogTool,
  type FunctionDefinition,
} from '../mcp/tool-definitions';
import { parseJson } from '../json';

/**
 * Tool rows of servers -> the function definitions the Realtime model is given, keyed by tool id.
 * The agent (call-config), the Tools page (mcp-tools) and the profile editor (profile-tool-catalog)
 * all go through here, so the names a call uses are the names the console shows.
 */
export interface CatalogServerRows {
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

export function catalogDefinitions(servers: CatalogServerRows[]): Map<string, FunctionDefinition> {
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
