/**
 * What one agent profile version holds, apart from who saved it and when. Pure, so the editor
 * (is the form dirty?), the save rule and the database module agree on what "the same" means.
 */

export interface ProfileContent {
  prompt: string;
  model: string;
  voice: string;
  /** true: every enabled tool; false: only the enabled tools in toolIds */
  allTools: boolean;
  toolIds: string[];
}

/**
 * Line endings as \n, tool ids sorted and unique, and no tool ids when every tool is allowed
 * (a selection that is not in force would otherwise make two equal versions look different).
 */
export function normalizeContent(content: ProfileContent): ProfileContent {
  return {
    prompt: content.prompt.replace(/\r\n?/g, '\n'),
    model: content.model,
    voice: content.voice,
    allTools: content.allTools,
    toolIds: content.allTools ? [] : [...new Set(content.toolIds)].sort(),
  };
}

export function sameContent(a: ProfileContent, b: ProfileContent): boolean {
  const x = normalizeContent(a);
  const y = normalizeContent(b);
  return (
    x.prompt === y.prompt &&
    x.model === y.model &&
    x.voice === y.voice &&
    x.allTools === y.allTools &&
    x.toolIds.length === y.toolIds.length &&
    x.toolIds.every((id, i) => id === y.toolIds[i])
  );
}
