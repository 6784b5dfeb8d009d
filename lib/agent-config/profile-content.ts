/**
 * What one agent profile version holds, apart from who saved it and when. Pure, so the editor
 * (is the form dirty?), the save rule and the database module agree on what "the same" means.
 */

/** What the agent does about a claim no tool call backs (issue 11): mark it, or mark it and correct it. */
export const UNBACKED_CLAIMS = ['correct', 'flag'] as const;
export type UnbackedClaims = (typeof UNBACKED_CLAIMS)[number];
export const UNBACKED_CLAIMS_LABELS: Record<UnbackedClaims, string> = {
  correct: 'Flag and correct',
  flag: 'Flag only',
};

/** Anything but a known value (an older row, a hand edit) is the default: flag and correct. */
export function parseUnbackedClaims(value: unknown): UnbackedClaims {
  return value === 'flag' ? 'flag' : 'correct';
}

export interface ProfileContent {
  prompt: string;
  model: string;
  voice: string;
  /** true: every enabled tool; false: only the enabled tools in toolIds */
  allTools: boolean;
  toolIds: string[];
  /** missing: the default, 'correct' */
  unbackedClaims?: UnbackedClaims;
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
    unbackedClaims: parseUnbackedClaims(content.unbackedClaims),
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
    x.unbackedClaims === y.unbackedClaims &&
    x.toolIds.length === y.toolIds.length &&
    x.toolIds.every((id, i) => id === y.toolIds[i])
  );
}
