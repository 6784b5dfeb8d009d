import type { McpToolInfo } from './types';

/**
 * What changed in a server's tool list since the admin last reviewed it, so a tool whose
 * schema or description changed under us is noticed instead of silently used.
 */

export type CatalogField = 'description' | 'inputSchema' | 'annotations' | 'title';

export interface CatalogDiff {
  added: string[];
  removed: string[];
  changed: Array<{ name: string; fields: CatalogField[] }>;
}

const FIELDS: CatalogField[] = ['description', 'inputSchema', 'annotations', 'title'];

/** JSON with object keys sorted, so key order never counts as a change. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function diffToolCatalog(previous: McpToolInfo[], next: McpToolInfo[]): CatalogDiff {
  const before = new Map(previous.map((tool) => [tool.name, tool]));
  const after = new Map(next.map((tool) => [tool.name, tool]));
  const added = [...after.keys()].filter((name) => !before.has(name)).sort();
  const removed = [...before.keys()].filter((name) => !after.has(name)).sort();
  const changed: CatalogDiff['changed'] = [];
  for (const name of [...after.keys()].sort()) {
    const old = before.get(name);
    const now = after.get(name);
    if (!old || !now) continue;
    const fields = FIELDS.filter(
      (field) => canonicalJson(old[field]) !== canonicalJson(now[field]),
    );
    if (fields.length > 0) changed.push({ name, fields });
  }
  return { added, removed, changed };
}
