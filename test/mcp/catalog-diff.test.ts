import { describe, expect, it } from 'vitest';
import { diffToolCatalog } from '@/lib/mcp/catalog-diff';
import { defaultNeedsConfirmation } from '@/lib/mcp/confirmation-default';
import type { McpToolInfo } from '@/lib/mcp/types';

const echo: McpToolInfo = {
  name: 'echo',
  description: 'Echo',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  annotations: { readOnlyHint: true },
};

describe('diffToolCatalog', () => {
  it('finds added and removed tools, ignoring order', () => {
    const a: McpToolInfo = { name: 'a', inputSchema: { type: 'object' } };
    const b: McpToolInfo = { name: 'b', inputSchema: { type: 'object' } };
    expect(diffToolCatalog([echo, a], [b, echo])).toEqual({
      added: ['b'],
      removed: ['a'],
      changed: [],
    });
  });

  it('ignores key order inside schemas and annotations', () => {
    const reordered: McpToolInfo = {
      annotations: { readOnlyHint: true },
      inputSchema: { required: ['text'], properties: { text: { type: 'string' } }, type: 'object' },
      description: 'Echo',
      name: 'echo',
    };
    expect(diffToolCatalog([echo], [reordered])).toEqual({ added: [], removed: [], changed: [] });
  });

  it('names the fields that changed', () => {
    const changed: McpToolInfo = {
      ...echo,
      title: 'Echo!',
      description: 'Echoes',
      inputSchema: { ...echo.inputSchema, required: [] },
      annotations: { readOnlyHint: false },
    };
    expect(diffToolCatalog([echo], [changed]).changed).toEqual([
      { name: 'echo', fields: ['description', 'inputSchema', 'annotations', 'title'] },
    ]);
    expect(diffToolCatalog([echo], [{ ...echo, description: 'other' }]).changed).toEqual([
      { name: 'echo', fields: ['description'] },
    ]);
  });
});

describe('defaultNeedsConfirmation', () => {
  it('follows the MCP defaults: only a tool that says it is read-only and not destructive skips confirmation', () => {
    expect(defaultNeedsConfirmation(undefined)).toBe(true);
    expect(defaultNeedsConfirmation({})).toBe(true);
    expect(defaultNeedsConfirmation({ readOnlyHint: true })).toBe(false);
    expect(defaultNeedsConfirmation({ readOnlyHint: true, destructiveHint: true })).toBe(true);
    expect(defaultNeedsConfirmation({ readOnlyHint: false, destructiveHint: false })).toBe(true);
    expect(defaultNeedsConfirmation({ destructiveHint: true })).toBe(true);
  });
});
