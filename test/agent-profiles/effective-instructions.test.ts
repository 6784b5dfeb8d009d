import { describe, expect, it } from 'vitest';
import {
  previewEffectiveInstructions,
  type CatalogServerState,
  type CatalogToolOption,
} from '@/lib/agent-config/effective-preview';
import { buildEffectiveInstructions, HONESTY_RULE } from '@/lib/agent-config/instructions';

const mail: CatalogServerState = {
  id: 's-mail',
  name: 'mail',
  lastCheckOk: false,
  lastErrorCode: 'connection_refused',
  lastError: 'nothing listens on 127.0.0.1:3901',
  lastCheckedAt: '2030-01-01T00:00:00.000Z',
};
const search: CatalogServerState = {
  id: 's-search',
  name: 'search',
  lastCheckOk: true,
  lastErrorCode: null,
  lastError: null,
  lastCheckedAt: '2030-01-01T00:00:00.000Z',
};
const catalog: CatalogToolOption[] = [
  {
    id: 't-send',
    serverId: 's-mail',
    serverName: 'mail',
    mcpName: 'send_email',
    functionName: 'send_email',
    description: 'Sends an email',
  },
  {
    id: 't-web',
    serverId: 's-search',
    serverName: 'search',
    mcpName: 'web.search',
    functionName: 'web_search',
    description: 'Searches the web',
  },
];

describe('the effective instructions shown on the profile page', () => {
  it('are the prompt, then the honesty rule, exactly as the agent builds them', () => {
    const preview = previewEffectiveInstructions({
      prompt: 'You are the front desk.',
      allTools: true,
      toolIds: [],
      catalog,
      servers: [search],
    });
    expect(preview.text).toBe(`You are the front desk.\n\n${HONESTY_RULE}`);
    expect(preview.text).toBe(
      buildEffectiveInstructions({
        prompt: 'You are the front desk.',
        unavailable: [],
        tools: [
          { name: 'send_email', server: 'mail' },
          { name: 'web_search', server: 'search' },
        ],
      }),
    );
  });

  it('keep the honesty rule when the prompt is empty', () => {
    const preview = previewEffectiveInstructions({
      prompt: '   ',
      allTools: true,
      toolIds: [],
      catalog,
      servers: [search],
    });
    expect(preview.text.startsWith(HONESTY_RULE)).toBe(true);
  });

  it('warn about a server whose last connection test failed, naming its tools and the reason', () => {
    const preview = previewEffectiveInstructions({
      prompt: 'Hi.',
      allTools: true,
      toolIds: [],
      catalog,
      servers: [mail, search],
    });
    expect(preview.unavailable).toEqual([
      { server: 'mail', reason: 'connection_refused: nothing listens on 127.0.0.1:3901' },
    ]);
    expect(preview.text).toContain(
      '- mail (tools: send_email): connection_refused: nothing listens on 127.0.0.1:3901',
    );
    expect(preview.text).not.toContain('- search');
  });

  it('leave out failing servers whose tools the profile did not choose', () => {
    const preview = previewEffectiveInstructions({
      prompt: 'Hi.',
      allTools: false,
      toolIds: ['t-web'],
      catalog,
      servers: [mail, search],
    });
    expect(preview.tools.map((t) => t.functionName)).toEqual(['web_search']);
    expect(preview.unavailable).toEqual([]);
    expect(preview.text).not.toContain('could not be reached');
  });

  it('tell the model it has no tools when the choice (or the catalog) is empty', () => {
    const chosenNone = previewEffectiveInstructions({
      prompt: 'Hi.',
      allTools: false,
      toolIds: [],
      catalog,
      servers: [mail, search],
    });
    expect(chosenNone.text).toContain('No tools are available in this call');
    const emptyCatalog = previewEffectiveInstructions({
      prompt: 'Hi.',
      allTools: true,
      toolIds: [],
      catalog: [],
      servers: [],
    });
    expect(emptyCatalog.text).toContain('No tools are available in this call');
  });

  it('ignore chosen tools that are no longer in the catalog', () => {
    const preview = previewEffectiveInstructions({
      prompt: 'Hi.',
      allTools: false,
      toolIds: ['t-gone', 't-web'],
      catalog,
      servers: [search],
    });
    expect(preview.tools.map((t) => t.id)).toEqual(['t-web']);
  });

  it('give a generic reason when a failed test left no message', () => {
    const preview = previewEffectiveInstructions({
      prompt: 'Hi.',
      allTools: true,
      toolIds: [],
      catalog,
      servers: [{ ...mail, lastErrorCode: null, lastError: null }, search],
    });
    expect(preview.unavailable[0]?.reason).toBe('check_failed: the last connection test failed');
  });
});
