import { describe, expect, it } from 'vitest';
import { buildEffectiveInstructions, HONESTY_RULE } from './instructions';

describe('buildEffectiveInstructions', () => {
  it('puts the prompt first and always adds the honesty rule', () => {
    const text = buildEffectiveInstructions({ prompt: '  You are a helpful receptionist.  ' });
    expect(text.startsWith('You are a helpful receptionist.')).toBe(true);
    expect(text).toContain(HONESTY_RULE);
    expect(text).not.toContain('unavailable');
  });

  it('keeps the honesty rule when the prompt is empty', () => {
    expect(buildEffectiveInstructions({ prompt: '' })).toBe(HONESTY_RULE);
  });

  it('names every unavailable server, its reason and its tools', () => {
    const text = buildEffectiveInstructions({
      prompt: 'Hi.',
      unavailable: [{ server: 'mail', reason: 'connection_refused: nothing listens there' }],
      tools: [
        { name: 'send_email', server: 'mail' },
        { name: 'echo', server: 'util' },
      ],
    });
    expect(text).toContain('- mail (tools: send_email): connection_refused: nothing listens there');
    expect(text).not.toContain('echo');
    expect(text).toMatch(/say that the tool is unavailable/);
  });

  it('tells the model when it has no tools at all', () => {
    expect(buildEffectiveInstructions({ prompt: 'Hi.', tools: [] })).toContain(
      'No tools are available',
    );
    expect(buildEffectiveInstructions({ prompt: 'Hi.' })).not.toContain('No tools are available');
  });

  it('is pure: the same input gives the same text', () => {
    const input = { prompt: 'P', unavailable: [{ server: 's', reason: 'r' }] };
    expect(buildEffectiveInstructions(input)).toBe(buildEffectiveInstructions(input));
  });
});
