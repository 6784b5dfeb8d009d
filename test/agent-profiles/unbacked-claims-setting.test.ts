import { describe, expect, it } from 'vitest';
import {
  normalizeContent,
  parseUnbackedClaims,
  sameContent,
  type ProfileContent,
} from '@/lib/agent-config/profile-content';
import { diffProfileContent } from '@/lib/agent-config/profile-diff';

const base: ProfileContent = {
  prompt: 'Be brief.',
  model: 'gpt-realtime',
  voice: 'marin',
  allTools: true,
  toolIds: [],
};

describe('the profile setting "Unbacked claims"', () => {
  it('defaults to flag and correct, for versions saved before it existed too', () => {
    expect(normalizeContent(base).unbackedClaims).toBe('correct');
    expect(parseUnbackedClaims(undefined)).toBe('correct');
    expect(parseUnbackedClaims('nonsense')).toBe('correct');
    expect(parseUnbackedClaims('flag')).toBe('flag');
    expect(sameContent(base, { ...base, unbackedClaims: 'correct' })).toBe(true);
  });

  it('is part of a version: changing it makes a new version and shows in the diff', () => {
    const flagOnly = { ...base, unbackedClaims: 'flag' as const };
    expect(sameContent(base, flagOnly)).toBe(false);
    const diff = diffProfileContent({ from: base, to: flagOnly });
    expect(diff.identical).toBe(false);
    expect(diff.fields).toContainEqual({
      field: 'unbackedClaims',
      label: 'Unbacked claims',
      from: 'Flag and correct',
      to: 'Flag only',
    });
  });
});
