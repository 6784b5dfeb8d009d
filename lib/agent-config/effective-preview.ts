import {
  buildEffectiveInstructions,
  type InstructionTool,
  type UnavailableServer,
} from './instructions';

/**
 * The instructions a call would get with this prompt and tool choice, as the admin's profile
 * page shows them. The agent builds the real ones at call start from the same function
 * (buildEffectiveInstructions); here the servers whose last connection test failed stand in for
 * the ones that would fail to connect. Pure, so it runs in the browser as the admin types.
 */

/** An enabled tool of an enabled server, with the function name the model sees. */
export interface CatalogToolOption {
  id: string;
  serverId: string;
  serverName: string;
  mcpName: string;
  functionName: string;
  description: string;
}

export interface CatalogServerState {
  id: string;
  name: string;
  /** null: never tested */
  lastCheckOk: boolean | null;
  lastErrorCode: string | null;
  lastError: string | null;
  lastCheckedAt: string | null;
}

export interface InstructionsPreview {
  text: string;
  tools: CatalogToolOption[];
  unavailable: UnavailableServer[];
}

export function toolsForSelection({
  catalog,
  allTools,
  toolIds,
}: {
  catalog: CatalogToolOption[];
  allTools: boolean;
  toolIds: readonly string[];
}): CatalogToolOption[] {
  if (allTools) return catalog;
  const chosen = new Set(toolIds);
  return catalog.filter((tool) => chosen.has(tool.id));
}

export function unavailableReason(server: CatalogServerState): string {
  return `${server.lastErrorCode ?? 'check_failed'}: ${server.lastError ?? 'the last connection test failed'}`;
}

/** A profile as the editor holds it: its prompt and tool choice, and the catalog's state. */
export interface InstructionsPreviewInput {
  prompt: string;
  allTools: boolean;
  toolIds: readonly string[];
  catalog: CatalogToolOption[];
  servers: CatalogServerState[];
}

export function previewEffectiveInstructions({
  prompt,
  allTools,
  toolIds,
  catalog,
  servers,
}: InstructionsPreviewInput): InstructionsPreview {
  const tools = toolsForSelection({ catalog, allTools, toolIds });
  const used = new Set(tools.map((t) => t.serverId));
  const unavailable = servers
    .filter((s) => used.has(s.id) && s.lastCheckOk === false)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => ({ server: s.name, reason: unavailableReason(s) }));
  const instructionTools: InstructionTool[] = tools.map((t) => ({
    name: t.functionName,
    server: t.serverName,
  }));
  return {
    text: buildEffectiveInstructions({ prompt, unavailable, tools: instructionTools }),
    tools,
    unavailable,
  };
}
