import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callToolOnce, probeServer } from '@/server/mcp-operations';
import { createServer } from '@/lib/db/mcp-servers';
import { latestDiscoveryGaps, listTools, saveDiscovery } from '@/lib/db/mcp-tools';
import type { UrlPolicy } from '@/lib/mcp/types';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';
import { createTestDb, type TestDb } from '@/test/support/test-db';

const policy: UrlPolicy = { allowPrivate: true, allowList: [] };
const sealKey = parseSealKey(generateSealKey());

let testDb: TestDb;
let fixture: FixtureServer;

beforeAll(async () => {
  testDb = await createTestDb();
  fixture = await startFixtureServer({
    extraTools: [
      { name: 'empty_schema', inputSchema: {} },
      { name: 'top_any_of', inputSchema: { anyOf: [{ type: 'object' }, { type: 'string' }] } },
      { name: 'string_schema', inputSchema: 'object' },
      { inputSchema: { type: 'object' } },
      {
        name: 'weather',
        inputSchema: { type: 'object' },
        outputSchema: { type: 'object', properties: { celsius: { type: 'number' } } },
      },
    ],
    rawResults: {
      weather: {
        content: [{ type: 'text', text: 'warm' }],
        structuredContent: { celsius: 'warm' },
      },
    },
  });
});
afterAll(async () => {
  await fixture?.close();
  await testDb?.cleanup();
});

describe('discovery of a server with loose and broken tools', () => {
  it('stores every usable tool, counts the unusable and the refused, and keeps the reasons', async () => {
    const probe = await probeServer({ url: fixture.url, headers: {}, policy });
    if (!probe.ok) throw new Error(probe.message);
    const server = await createServer({
      db: testDb.db,
      name: 'Loose',
      url: fixture.url,
      headers: {},
      sealKey,
      check: { ok: true, ms: probe.ms, transport: probe.transport },
    });
    const discovery = await saveDiscovery({
      db: testDb.db,
      serverId: server.id,
      listing: probe.listing,
    });
    expect(discovery.toolCount).toBe(10);
    expect(discovery.unusable).toEqual(['top_any_of']);
    expect(discovery.refused.map((r) => r.name)).toEqual(['string_schema', null]);
    expect(discovery.stoppedAtPage).toBeNull();

    const tools = await listTools({ db: testDb.db, serverId: server.id });
    expect(tools.find((t) => t.name === 'empty_schema')?.problem).toBeNull();
    expect(tools.find((t) => t.name === 'top_any_of')?.problem).toMatch(/anyOf/);

    // The server's page reads the same gaps back from the latest snapshot.
    const gaps = await latestDiscoveryGaps({ db: testDb.db, serverId: server.id });
    expect(gaps.refused).toEqual(discovery.refused);
    expect(gaps.refused[0]?.reason).toMatch(/not a JSON Schema object/);
  });

  it('try-a-tool checks a result against the stored output schema, as calls do', async () => {
    const server = await createServer({
      db: testDb.db,
      name: 'Weather',
      url: fixture.url,
      headers: {},
      sealKey,
      check: { ok: true, ms: 1, transport: 'streamable-http' },
    });
    const probe = await probeServer({ url: fixture.url, headers: {}, policy });
    if (!probe.ok) throw new Error(probe.message);
    await saveDiscovery({ db: testDb.db, serverId: server.id, listing: probe.listing });
    const weather = (await listTools({ db: testDb.db, serverId: server.id })).find(
      (t) => t.name === 'weather',
    )!;
    expect(weather.outputSchema).toMatchObject({ type: 'object' });
    const outcome = await callToolOnce({
      url: fixture.url,
      headers: {},
      policy,
      tool: weather.name,
      args: {},
      timeoutMs: 5_000,
      outputSchema: weather.outputSchema,
    });
    expect(outcome).toMatchObject({ ok: false, code: 'invalid_result' });
    if (!outcome.ok) expect(outcome.message).toMatch(/celsius must be number/);
  });
});
