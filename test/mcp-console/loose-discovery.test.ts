import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeServer } from '@/app/(console)/(admin)/tools/mcp-operations';
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
    ],
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
    expect(discovery.toolCount).toBe(9);
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
});
