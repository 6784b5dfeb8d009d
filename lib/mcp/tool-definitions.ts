import { cleanInputSchema } from './schema-clean';

/**
 * What the OpenAI Realtime model is given per enabled tool. Function names must match
 * ^[a-zA-Z0-9_-]{1,64}$ and be unique across all servers of a call, and the parameters must be
 * a JSON Schema object the Realtime API accepts. Pure and order-independent, so the console's
 * preview and the agent's registration always agree on names.
 */

export interface CatalogTool {
  id: string;
  serverId: string;
  serverName: string;
  name: string;
  description: string;
  inputSchema: unknown;
  /** used as the description when the server gives none */
  title?: string;
}

/** A tool as a function the model can call, and where it runs: one per enabled tool. */
export interface ToolFunction {
  toolId: string;
  serverId: string;
  serverName: string;
  mcpName: string;
  /** the function name the model sees */
  functionName: string;
  description: string;
}

export interface FunctionDefinition extends ToolFunction {
  parameters: Record<string, unknown> | null;
  /** non-null: this tool cannot be enabled, and why (for the admin) */
  problem: string | null;
  /** non-null: why functionName differs from the MCP name */
  nameNote: string | null;
  /** what was changed in the schema the model is given (the server's schema is checked in full) */
  schemaNotes: string[];
}

export const MAX_FUNCTION_NAME = 64;
export const MAX_DESCRIPTION = 1024;
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** FNV-1a, base36: a short stable suffix without node:crypto, so this also runs in the browser. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36).padStart(7, '0').slice(0, 6);
}

function sanitize(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_');
  return cleaned.length > 0 ? cleaned : 'tool';
}

export function serverSlug(serverName: string): string {
  const slug = serverName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, 24)
    .replace(/[_-]+$/g, '');
  return slug.length > 0 ? slug : `server_${shortHash(serverName)}`;
}

/** Cuts to 64 with `_<hash>` so two long names that share a prefix stay distinct. */
function fit(name: string, hashSource: string): string {
  if (name.length <= MAX_FUNCTION_NAME) return name;
  const suffix = `_${shortHash(hashSource)}`;
  return name.slice(0, MAX_FUNCTION_NAME - suffix.length) + suffix;
}

function withHash(name: string, hashSource: string): string {
  const suffix = `_${shortHash(hashSource)}`;
  return name.slice(0, MAX_FUNCTION_NAME - suffix.length) + suffix;
}

function describe(tool: CatalogTool): string {
  const raw =
    tool.description?.trim() ||
    tool.title?.trim() ||
    `Tool "${tool.name}" from the MCP server "${tool.serverName}".`;
  if (raw.length <= MAX_DESCRIPTION) return raw;
  // Cut on a code point, not inside a surrogate pair.
  return `${raw.slice(0, MAX_DESCRIPTION - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Draft {
  tool: CatalogTool;
  base: string;
  name: string;
  notes: string[];
  renamed: boolean;
}

export function buildFunctionDefinitions(tools: CatalogTool[]): FunctionDefinition[] {
  const sorted = [...tools].sort(
    (a, b) =>
      compareText(a.serverName, b.serverName) ||
      compareText(a.name, b.name) ||
      compareText(a.serverId, b.serverId) ||
      compareText(a.id, b.id),
  );
  const keyOf = (tool: CatalogTool) => `${tool.serverId}\u0000${tool.name}\u0000${tool.id}`;

  const drafts: Draft[] = sorted.map((tool) => {
    const notes: string[] = [];
    const sanitized = sanitize(tool.name);
    if (sanitized !== tool.name) {
      notes.push(`"${tool.name}" has characters a function name cannot have; they became "_".`);
    }
    const base = fit(sanitized, keyOf(tool));
    if (base !== sanitized) notes.push(`The name was cut to ${MAX_FUNCTION_NAME} characters.`);
    return { tool, base, name: base, notes, renamed: false };
  });

  // Every tool whose name collides gets the server prefix, not just the second one: which one
  // would keep the short name would otherwise depend on which server was added first.
  const byBase = groupBy(drafts, (d) => d.base);
  for (const group of byBase.values()) {
    if (group.length < 2) continue;
    const servers = [...new Set(group.map((d) => d.tool.serverName))].sort(compareText);
    for (const draft of group) {
      draft.name = fit(`${serverSlug(draft.tool.serverName)}__${draft.base}`, keyOf(draft.tool));
      draft.renamed = true;
      const others = servers.filter((s) => s !== draft.tool.serverName);
      draft.notes.push(
        others.length > 0
          ? `Prefixed with the server name: ${others.map((s) => `"${s}"`).join(', ')} also has a tool named "${draft.base}".`
          : `Prefixed with the server name: this server has more than one tool that becomes "${draft.base}".`,
      );
    }
  }

  // A prefixed name can still collide (same server twice, equal slugs, or an existing tool that
  // is literally named "slug__name"): the renamed ones get a stable hash until all are unique.
  for (let round = 0; round < 3; round++) {
    const byName = groupBy(drafts, (d) => d.name);
    let changed = false;
    for (const group of byName.values()) {
      if (group.length < 2) continue;
      const targets = group.some((d) => d.renamed) ? group.filter((d) => d.renamed) : group;
      for (const draft of targets) {
        draft.name = withHash(draft.name, `${keyOf(draft.tool)}#${round}`);
        draft.renamed = true;
        draft.notes.push('A hash was added to keep the name unique.');
        changed = true;
      }
    }
    if (!changed) break;
  }

  return drafts.map((draft) => {
    const { tool } = draft;
    const cleaned = cleanInputSchema(tool.inputSchema);
    const problem =
      cleaned.problem ??
      (FUNCTION_NAME.test(draft.name) ? null : 'No valid function name could be made.');
    return {
      toolId: tool.id,
      serverId: tool.serverId,
      serverName: tool.serverName,
      mcpName: tool.name,
      functionName: draft.name,
      description: describe(tool),
      parameters: problem ? null : cleaned.schema,
      problem,
      nameNote: draft.notes.length > 0 ? draft.notes.join(' ') : null,
      schemaNotes: problem ? [] : cleaned.notes,
    };
  });
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
