import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { DEFAULT_MODEL, DEFAULT_PROMPT } from '@/lib/agent-config/defaults';
import { loadCallConfig } from '@/lib/db/call-config';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import { AppError } from '@/lib/errors';
import { seedCall } from './support/seed';

/** loadCallConfig: what one call may use, from the database the console writes. */
let t: TestDb;
const sealKey = parseSealKey(generateSealKey());
const schema = { type: 'object', properties: { text: { type: 'string' } } };

beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(async () => {
  await t.db.callEvent.deleteMany();
  await t.db.call.deleteMany();
  await t.db.mcpServer.deleteMany();
});
afterAll(async () => {
  await t.cleanup();
});

describe('loadCallConfig', () => {
  it('gives the profile version prompt/model/voice and the enabled tools of enabled servers, with settings and unsealed headers', async () => {
    const { callId, serverIds } = await seedCall({
      db: t.db,
      sealKey,
      prompt: 'Be brief.',
      model: 'gpt-realtime-mini',
      voice: 'cedar',
      userId: 'caller-7',
      servers: [
        {
          name: 'Mail',
          url: 'http://127.0.0.1:1/mcp',
          headers: { Authorization: 'Bearer s3cret' },
          tools: [
            {
              name: 'send_email',
              inputSchema: schema,
              timeoutMs: 1234,
              resultBudgetBytes: 999,
              needsConfirmation: true,
            },
            { name: 'draft', inputSchema: schema, enabled: false },
            { name: 'gone', inputSchema: schema, removed: true },
          ],
        },
        {
          name: 'Off',
          url: 'http://127.0.0.1:2/mcp',
          enabled: false,
          tools: [{ name: 'x', inputSchema: schema }],
        },
        {
          name: 'Idle',
          url: 'http://127.0.0.1:3/mcp',
          tools: [{ name: 'y', inputSchema: schema, enabled: false }],
        },
      ],
    });
    const config = await loadCallConfig({ db: t.db, callId, sealKey });
    expect(config).toMatchObject({
      callerId: 'caller-7',
      prompt: 'Be brief.',
      model: 'gpt-realtime-mini',
      voice: 'cedar',
    });
    expect(config.tools).toEqual([
      expect.objectContaining({
        serverId: serverIds.Mail,
        serverName: 'Mail',
        mcpName: 'send_email',
        functionName: 'send_email',
        timeoutMs: 1234,
        resultBudgetBytes: 999,
        needsConfirmation: true,
        confirmTimeoutMs: 30_000,
        parameters: expect.objectContaining({ type: 'object' }),
      }),
    ]);
    // only servers with a tool in this call, with the header unsealed
    expect(config.servers).toEqual([
      {
        id: serverIds.Mail,
        name: 'Mail',
        url: 'http://127.0.0.1:1/mcp',
        headers: { Authorization: 'Bearer s3cret' },
        stdio: null,
        problem: null,
      },
    ]);
  });

  it('intersects with the profile version tool list when allTools is false', async () => {
    const { callId } = await seedCall({
      db: t.db,
      sealKey,
      allTools: false,
      selectedTools: [{ server: 'A', tool: 'one' }],
      servers: [
        {
          name: 'A',
          url: 'http://127.0.0.1:1/mcp',
          tools: [
            { name: 'one', inputSchema: schema },
            { name: 'two', inputSchema: schema },
          ],
        },
      ],
    });
    const config = await loadCallConfig({ db: t.db, callId, sealKey });
    expect(config.tools.map((tool) => tool.mcpName)).toEqual(['one']);
  });

  it('names are computed over every current tool, so disabling one never renames another', async () => {
    const servers = (enabledOnB: boolean) => [
      {
        name: 'A',
        url: 'http://127.0.0.1:1/mcp',
        tools: [{ name: 'search', inputSchema: schema }],
      },
      {
        name: 'B',
        url: 'http://127.0.0.1:2/mcp',
        tools: [{ name: 'search', inputSchema: schema, enabled: enabledOnB }],
      },
    ];
    const first = await seedCall({ db: t.db, sealKey, servers: servers(true) });
    const both = await loadCallConfig({ db: t.db, callId: first.callId, sealKey });
    const second = await seedCall({ db: t.db, sealKey, servers: servers(false) });
    const one = await loadCallConfig({ db: t.db, callId: second.callId, sealKey });
    const nameOfA = (c: typeof both) =>
      c.tools.find((tool) => tool.serverName === 'A')?.functionName;
    expect(nameOfA(both)).toBe('a__search');
    expect(nameOfA(one)).toBe('a__search');
    expect(one.tools).toHaveLength(1);
  });

  it('uses sane defaults for a call without a profile version', async () => {
    const { callId } = await seedCall({
      db: t.db,
      sealKey,
      withProfile: false,
      servers: [
        { name: 'A', url: 'http://127.0.0.1:1/mcp', tools: [{ name: 'one', inputSchema: schema }] },
      ],
    });
    const config = await loadCallConfig({ db: t.db, callId, sealKey });
    expect(config.model).toBe(DEFAULT_MODEL);
    expect(config.voice).toBeUndefined();
    expect(config.prompt).toBe(DEFAULT_PROMPT);
    expect(config.tools.map((tool) => tool.mcpName)).toEqual(['one']);
  });

  it('reports a server whose headers cannot be unsealed instead of failing the call', async () => {
    const { callId } = await seedCall({
      db: t.db,
      sealKey: parseSealKey(generateSealKey()),
      servers: [
        {
          name: 'A',
          url: 'http://127.0.0.1:1/mcp',
          headers: { 'X-Key': 'k' },
          tools: [{ name: 'one', inputSchema: schema }],
        },
      ],
    });
    const config = await loadCallConfig({ db: t.db, callId, sealKey });
    expect(config.servers[0]).toMatchObject({
      name: 'A',
      headers: {},
      problem: expect.stringMatching(/unsealed/),
    });
  });

  it('a call that does not exist is not_found', async () => {
    await expect(loadCallConfig({ db: t.db, callId: 'nope', sealKey })).rejects.toBeInstanceOf(
      AppError,
    );
  });
});
