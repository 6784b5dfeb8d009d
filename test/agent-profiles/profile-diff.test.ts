import { describe, expect, it } from 'vitest';
import { diffProfileContent, diffPrompt } from '@/lib/agent-config/profile-diff';

const base = {
  prompt: 'a\nb\nc',
  model: 'gpt-realtime',
  voice: 'marin',
  allTools: true,
  toolIds: [],
};

describe('diffProfileContent', () => {
  it('shows a line diff of the prompt with line numbers', () => {
    const diff = diffProfileContent({ from: base, to: { ...base, prompt: 'a\nB\nc\nd' } });
    expect(diff.promptChanged).toBe(true);
    expect(diff.rows).toEqual([
      { kind: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'removed', text: 'b', oldLine: 2 },
      { kind: 'added', text: 'B', newLine: 2 },
      { kind: 'same', text: 'c', oldLine: 3, newLine: 3 },
      { kind: 'added', text: 'd', newLine: 4 },
    ]);
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
  });

  it('collapses long unchanged runs around the changes', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const changed = [...lines];
    changed[10] = 'changed';
    const rows = diffPrompt(lines.join('\n'), changed.join('\n'), 2);
    expect(rows[0]).toEqual({ kind: 'skipped', count: 8 });
    expect(rows.at(-1)).toEqual({ kind: 'skipped', count: 7 });
    expect(rows.filter((r) => r.kind === 'same')).toHaveLength(4);
  });

  it('does not mark the last line changed when only lines are added after it', () => {
    const rows = diffPrompt('a\nb', 'a\nb\nc');
    expect(rows).toEqual([
      { kind: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'same', text: 'b', oldLine: 2, newLine: 2 },
      { kind: 'added', text: 'c', newLine: 3 },
    ]);
  });

  it('shows a single unchanged line between changes instead of collapsing it', () => {
    const lines = Array.from({ length: 9 }, (_, i) => `line ${i + 1}`);
    const changed = lines.map((l, i) => (i === 1 || i === 7 ? `${l}!` : l));
    const rows = diffPrompt(lines.join('\n'), changed.join('\n'), 2);
    expect(rows.some((r) => r.kind === 'skipped')).toBe(false);
    expect(rows.filter((r) => r.kind === 'same')).toHaveLength(7);
  });

  it('lists changed model, voice and tools with readable names', () => {
    const names: Record<string, string> = { t1: 'mail / send', t2: 'web / search' };
    const diff = diffProfileContent({
      from: { ...base, allTools: false, toolIds: ['t1'] },
      to: { ...base, model: 'gpt-realtime-mini', voice: 'alloy', allTools: false, toolIds: ['t2'] },
      toolName: (id) => names[id] ?? id,
    });
    expect(diff.promptChanged).toBe(false);
    expect(diff.fields).toEqual([
      { field: 'model', label: 'Model', from: 'gpt-realtime', to: 'gpt-realtime-mini' },
      { field: 'voice', label: 'Voice', from: 'marin', to: 'alloy' },
      { field: 'tools', label: 'Tools', from: 'Only: mail / send', to: 'Only: web / search' },
    ]);
    expect(diff.toolsAdded).toEqual(['web / search']);
    expect(diff.toolsRemoved).toEqual(['mail / send']);
  });

  it('shows a switch between all tools and a choice', () => {
    const diff = diffProfileContent({ from: base, to: { ...base, allTools: false, toolIds: [] } });
    expect(diff.fields).toEqual([
      { field: 'tools', label: 'Tools', from: 'All enabled tools', to: 'No tools' },
    ]);
  });

  it('says when two versions are the same', () => {
    expect(diffProfileContent({ from: base, to: { ...base } }).identical).toBe(true);
  });
});
