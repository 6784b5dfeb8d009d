import { describe, expect, it } from 'vitest';
import { MODEL_TOOL_LIMIT, profileToolLimitText, toolLimitText } from './tool-limit';

describe('the model tool limit', () => {
  it('is OpenAI’s documented 128 function tools', () => {
    expect(MODEL_TOOL_LIMIT).toBe(128);
  });

  it('says nothing up to the limit and names the count past it', () => {
    expect(toolLimitText(128)).toBeNull();
    expect(toolLimitText(129)).toMatch(/^129 tools are enabled for this call, more than the 128/);
    expect(toolLimitText(300, 'profile')).toMatch(/^300 tools would be offered in each call/);
  });

  it('counts for the profile editor what a call would offer', () => {
    const ids = Array.from({ length: 130 }, (_, i) => `t${i}`);
    expect(profileToolLimitText({ enabledToolIds: ids, allTools: true, toolIds: [] })).toMatch(
      /^130 tools would be offered/,
    );
    // Chosen tools only, and only those enabled now.
    expect(
      profileToolLimitText({ enabledToolIds: ids, allTools: false, toolIds: ids.slice(0, 128) }),
    ).toBeNull();
    expect(
      profileToolLimitText({
        enabledToolIds: ids.slice(0, 100),
        allTools: false,
        toolIds: [...ids, 'gone-1', 'gone-2'],
      }),
    ).toBeNull();
  });
});
