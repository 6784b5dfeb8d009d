import { diffLines } from 'diff';
import {
  normalizeContent,
  parseUnbackedClaims,
  UNBACKED_CLAIMS_LABELS,
  type ProfileContent,
} from './profile-content';

/**
 * A readable comparison of two profile versions (or a version and unsaved edits): a line diff
 * of the prompt, plus what changed in model, voice and tools. Pure; runs on the server for the
 * diff page and in the browser for the conflict view.
 */

export type DiffRow =
  | { kind: 'same' | 'added' | 'removed'; text: string; oldLine?: number; newLine?: number }
  /** a run of unchanged lines left out, with how many */
  | { kind: 'skipped'; count: number };

export interface FieldChange {
  field: 'model' | 'voice' | 'tools' | 'unbackedClaims';
  label: string;
  from: string;
  to: string;
}

export interface ProfileDiff {
  identical: boolean;
  promptChanged: boolean;
  rows: DiffRow[];
  added: number;
  removed: number;
  fields: FieldChange[];
  toolsAdded: string[];
  toolsRemoved: string[];
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Keeps `context` unchanged lines around each change; longer unchanged runs become one row. */
function collapse(rows: DiffRow[], context: number): DiffRow[] {
  const changed = rows.map((row) => row.kind === 'added' || row.kind === 'removed');
  const keep = rows.map((_, i) => {
    for (let j = Math.max(0, i - context); j <= Math.min(rows.length - 1, i + context); j++)
      if (changed[j]) return true;
    return false;
  });
  const out: DiffRow[] = [];
  let skipped: DiffRow[] = [];
  const flush = () => {
    // "1 unchanged line" takes as much room as the line itself.
    if (skipped.length === 1) out.push(...skipped);
    else if (skipped.length > 1) out.push({ kind: 'skipped', count: skipped.length });
    skipped = [];
  };
  rows.forEach((row, i) => {
    if (keep[i]) {
      flush();
      out.push(row);
    } else skipped.push(row);
  });
  flush();
  return out;
}

export function diffPrompt(from: string, to: string, context = 3): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldLine = 1;
  let newLine = 1;
  // A last line without a newline would otherwise differ from the same line with one.
  const withEol = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
  for (const change of diffLines(withEol(from), withEol(to))) {
    for (const text of splitLines(change.value)) {
      if (change.added) rows.push({ kind: 'added', text, newLine: newLine++ });
      else if (change.removed) rows.push({ kind: 'removed', text, oldLine: oldLine++ });
      else rows.push({ kind: 'same', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return collapse(rows, context);
}

function toolsLabel(content: ProfileContent, toolName: (toolId: string) => string): string {
  if (content.allTools) return 'All enabled tools';
  if (content.toolIds.length === 0) return 'No tools';
  return `Only: ${content.toolIds.map(toolName).sort().join(', ')}`;
}

export function diffProfileContent({
  from,
  to,
  toolName = (id) => id,
  context = 3,
}: {
  from: ProfileContent;
  to: ProfileContent;
  /** how a tool id is shown; unknown ids fall back to the id */
  toolName?: (toolId: string) => string;
  context?: number;
}): ProfileDiff {
  const a = normalizeContent(from);
  const b = normalizeContent(to);
  const promptChanged = a.prompt !== b.prompt;
  const rows = promptChanged ? diffPrompt(a.prompt, b.prompt, context) : [];
  const fields: FieldChange[] = [];
  if (a.model !== b.model)
    fields.push({ field: 'model', label: 'Model', from: a.model, to: b.model });
  if (a.voice !== b.voice)
    fields.push({ field: 'voice', label: 'Voice', from: a.voice, to: b.voice });
  if (a.unbackedClaims !== b.unbackedClaims)
    fields.push({
      field: 'unbackedClaims',
      label: 'Unbacked claims',
      from: UNBACKED_CLAIMS_LABELS[parseUnbackedClaims(a.unbackedClaims)],
      to: UNBACKED_CLAIMS_LABELS[parseUnbackedClaims(b.unbackedClaims)],
    });

  // Added and removed are listed when both versions choose tools; a switch between "all" and a
  // choice is shown by the labels alone.
  const bothChosen = !a.allTools && !b.allTools;
  const before = new Set(a.toolIds);
  const after = new Set(b.toolIds);
  const toolsAdded = bothChosen ? b.toolIds.filter((id) => !before.has(id)) : [];
  const toolsRemoved = bothChosen ? a.toolIds.filter((id) => !after.has(id)) : [];
  if (a.allTools !== b.allTools || toolsAdded.length > 0 || toolsRemoved.length > 0) {
    fields.push({
      field: 'tools',
      label: 'Tools',
      from: toolsLabel(a, toolName),
      to: toolsLabel(b, toolName),
    });
  }
  return {
    identical: !promptChanged && fields.length === 0,
    promptChanged,
    rows,
    added: rows.filter((r) => r.kind === 'added').length,
    removed: rows.filter((r) => r.kind === 'removed').length,
    fields,
    toolsAdded: toolsAdded.map(toolName).sort(),
    toolsRemoved: toolsRemoved.map(toolName).sort(),
  };
}
