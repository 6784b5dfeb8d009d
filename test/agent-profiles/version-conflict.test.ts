import { describe, expect, it } from 'vitest';
import { normalizeContent, sameContent } from '@/lib/agent-config/profile-content';
import { decideSave, restoreNote } from '@/lib/agent-config/version-conflict';

const base = {
  prompt: 'Be brief.',
  model: 'gpt-realtime',
  voice: 'marin',
  allTools: true,
  toolIds: [],
};

describe('decideSave: the version conflict rule', () => {
  it('writes the next version on top of the latest one', () => {
    expect(
      decideSave({
        baseVersion: 3,
        latest: { ...base, version: 3 },
        content: { ...base, prompt: 'New.' },
      }),
    ).toEqual({ kind: 'create', version: 4 });
  });

  it('refuses a save whose base is older than the latest version', () => {
    expect(
      decideSave({
        baseVersion: 2,
        latest: { ...base, version: 3 },
        content: { ...base, prompt: 'Mine.' },
      }),
    ).toEqual({ kind: 'stale', baseVersion: 2, latestVersion: 3 });
  });

  it('is stale even when the content happens to equal the newer version', () => {
    // The admin never saw version 3; saying "nothing changed" would hide that it exists.
    expect(
      decideSave({ baseVersion: 2, latest: { ...base, version: 3 }, content: base }).kind,
    ).toBe('stale');
  });

  it('refuses a base from the future (a version that was never written)', () => {
    expect(
      decideSave({ baseVersion: 9, latest: { ...base, version: 3 }, content: base }).kind,
    ).toBe('stale');
  });

  it('reports an unchanged save instead of writing a copy', () => {
    expect(
      decideSave({
        baseVersion: 3,
        latest: { ...base, version: 3 },
        content: { ...base, prompt: 'Be brief.'.replace('\n', '\r\n') },
      }),
    ).toEqual({ kind: 'unchanged', latestVersion: 3 });
  });

  it('starts at version 1 for a profile with no versions', () => {
    expect(decideSave({ baseVersion: 0, latest: null, content: base })).toEqual({
      kind: 'create',
      version: 1,
    });
    expect(decideSave({ baseVersion: 1, latest: null, content: base }).kind).toBe('stale');
  });

  it('names the restored version in the note', () => {
    expect(restoreNote(1)).toBe('Restored from version 1');
  });
});

describe('profile content equality', () => {
  it('ignores tool order, duplicates and line-ending style', () => {
    expect(
      sameContent(
        { ...base, allTools: false, toolIds: ['b', 'a'], prompt: 'x\r\ny' },
        { ...base, allTools: false, toolIds: ['a', 'b', 'a'], prompt: 'x\ny' },
      ),
    ).toBe(true);
  });

  it('ignores a tool choice that is not in force when every tool is allowed', () => {
    expect(sameContent({ ...base, toolIds: ['a'] }, base)).toBe(true);
    expect(normalizeContent({ ...base, toolIds: ['a'] }).toolIds).toEqual([]);
  });

  it('tells apart model, voice, tools mode and chosen tools', () => {
    expect(sameContent(base, { ...base, model: 'gpt-realtime-mini' })).toBe(false);
    expect(sameContent(base, { ...base, voice: 'alloy' })).toBe(false);
    expect(sameContent(base, { ...base, allTools: false })).toBe(false);
    expect(
      sameContent(
        { ...base, allTools: false, toolIds: ['a'] },
        { ...base, allTools: false, toolIds: ['b'] },
      ),
    ).toBe(false);
  });
});
