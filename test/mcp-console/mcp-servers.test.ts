/**
 * lib/db/mcp-servers.ts and the console's MCP operations against a real database file and real
 * MCP servers on 127.0.0.1: the project's fixture server and @modelcontextprotocol/server-everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { callToolOnce, probeServer } from '@/server/mcp-operations';
import {
  createServer,
  deleteServer,
  getServerSecrets,
  listServers,
  mergeHeaderInputs,
  recordCheck,
  updateServer,
} from '@/lib/db/mcp-servers';
import {
  listTools,
  mcpCatalogCounts,
  saveDiscovery,
  updateToolSettings,
  type ToolSettingsInput,
} from '@/lib/db/mcp-tools';
import type { McpToolInfo, McpToolList, UrlPolicy } from '@/lib/mcp/types';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import { checkMcpServers } from '@/lib/status/mcp-check';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';
import { startServerEverything, type ServerEverything } from '@/test/support/server-everything';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { closedPortUrl } from '@/test/support/closed-port';

const policy: UrlPolicy = { allowPrivate: true, allowList: [] };
const sealKey = parseSealKey(generateSealKey());
/** A listing as a fully well-formed tools/list would give it. */
function listingOf(tools: McpToolInfo[]): McpToolList {
  return { tools, refused: [], stoppedAtPage: null };
}
const SECRET = `fixture-secret-${Math.random().toString(36).slice(2)}`;

let testDb: TestDb;
let fixture: FixtureServer;
let notMcp: FixtureServer;
let everything: ServerEverything;

/** Registers a server the way the create action does: test first, then store and discover. */
async function register(name: string, url: string, headers: Record<string, string> = {}) {
  const probe = await probeServer({ url, headers, policy });
  if (!probe.ok) throw new Error(`${probe.code}: ${probe.message}`);
  const server = await createServer({
    db: testDb.db,
    name,
    url,
    headers,
    sealKey,
    check: { ok: true, ms: probe.ms, transport: probe.transport },
  });
  const discovery = await saveDiscovery({
    db: testDb.db,
    serverId: server.id,
    listing: probe.listing,
  });
  return { server, discovery, probe };
}

beforeAll(async () => {
  testDb = await createTestDb();
  [fixture, notMcp, everything] = await Promise.all([
    startFixtureServer({ requireBearer: SECRET }),
    startFixtureServer({ answerStatus: 404 }),
    startServerEverything(),
  ]);
});

afterAll(async () => {
  await Promise.all([fixture?.close(), notMcp?.close(), everything?.close()]);
  await testDb?.cleanup();
});

describe('registering a server', () => {
  it('seals header values: the row holds no plaintext, pages get names only', async () => {
    const { server, probe } = await register('Fixture', fixture.url, {
      Authorization: `Bearer ${SECRET}`,
    });
    console.info(`[tools] test connection to the fixture server: ${probe.ms} ms`);
    const row = await testDb.db.mcpServer.findUniqueOrThrow({ where: { id: server.id } });
    expect(row.headers).not.toContain(SECRET);
    expect(JSON.parse(row.headers)).toEqual([
      { name: 'Authorization', sealed: expect.stringMatching(/^v1\./) },
    ]);
    // Nothing a page receives carries the value, sealed or not.
    const listed = await listServers({ db: testDb.db });
    const text = JSON.stringify(listed);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(JSON.parse(row.headers)[0].sealed);
    expect(listed.find((s) => s.id === server.id)?.headers).toEqual([
      { name: 'Authorization', set: true },
    ]);
    const secrets = await getServerSecrets({ db: testDb.db, id: server.id, sealKey });
    expect(secrets.headers).toEqual({ Authorization: `Bearer ${SECRET}` });
  });

  it('stores a snapshot and one disabled tool per listed tool, with confirmation defaults', async () => {
    const [server] = await listServers({ db: testDb.db });
    const snapshots = await testDb.db.toolSnapshot.findMany({ where: { serverId: server!.id } });
    expect(snapshots).toHaveLength(1);
    const names = (JSON.parse(snapshots[0]!.tools) as McpToolInfo[]).map((t) => t.name);
    expect(names).toEqual(['echo', 'add', 'slow', 'fail', 'huge', 'die', 'send_email']);

    const tools = await listTools({ db: testDb.db, serverId: server!.id });
    expect(tools).toHaveLength(7);
    expect(tools.every((tool) => !tool.enabled && tool.timeoutMs === 20_000)).toBe(true);
    expect(tools.every((tool) => tool.resultBudgetBytes === 8_192)).toBe(true);
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get('echo')?.needsConfirmation).toBe(false); // readOnlyHint
    expect(byName.get('send_email')?.needsConfirmation).toBe(true); // destructiveHint
    expect(byName.get('die')?.needsConfirmation).toBe(true); // says nothing: treated as changing things
    expect(byName.get('add')?.modelFunction).toEqual({
      type: 'function',
      name: 'add',
      description: 'Adds two numbers.',
      parameters: expect.objectContaining({ type: 'object', required: ['a', 'b'] }),
    });
  });

  it('a URL that is not an MCP endpoint, a closed port and a wrong token fail with the reason', async () => {
    const notEndpoint = await probeServer({ url: notMcp.url, headers: {}, policy });
    expect(notEndpoint).toMatchObject({ ok: false, code: 'not_mcp_endpoint' });
    if (!notEndpoint.ok) expect(notEndpoint.hint).toContain('404');

    const down = await probeServer({ url: await closedPortUrl(), headers: {}, policy });
    expect(down).toMatchObject({ ok: false, code: 'connection_refused' });
    console.info(`[tools] test connection to a closed port failed in ${down.ms} ms`);

    const wrong = await probeServer({
      url: fixture.url,
      headers: { Authorization: 'Bearer wrong-token' },
      policy,
    });
    expect(wrong).toMatchObject({ ok: false, code: 'auth' });
  });

  it('applies the URL policy: metadata always refused, loopback only where allowed', async () => {
    const metadata = await probeServer({ url: 'http://169.254.169.254/mcp', headers: {}, policy });
    expect(metadata).toMatchObject({ ok: false, code: 'url_not_allowed' });
    const production = await probeServer({
      url: fixture.url,
      headers: {},
      policy: { allowPrivate: false, allowList: [] },
    });
    expect(production).toMatchObject({ ok: false, code: 'url_not_allowed' });
    const listed = await probeServer({
      url: fixture.url,
      headers: { Authorization: `Bearer ${SECRET}` },
      policy: { allowPrivate: false, allowList: ['127.0.0.1'] },
    });
    expect(listed.ok).toBe(true);
    const ftp = await probeServer({ url: 'ftp://127.0.0.1/mcp', headers: {}, policy });
    expect(ftp).toMatchObject({ ok: false, code: 'invalid_url' });
  });

  it('refuses a second server with the same name', async () => {
    await expect(
      createServer({ db: testDb.db, name: 'Fixture', url: fixture.url, headers: {}, sealKey }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('tells the loser of two simultaneous saves under one name that the name is taken', async () => {
    const save = () =>
      createServer({ db: testDb.db, name: 'Raced', url: fixture.url, headers: {}, sealKey });
    const outcomes = await Promise.allSettled([save(), save(), save()]);
    const saved = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(saved).toHaveLength(1);
    await deleteServer({ db: testDb.db, id: saved[0]!.id });
    for (const outcome of outcomes.filter((o) => o.status === 'rejected'))
      expect(outcome.reason).toMatchObject({ code: 'conflict', details: { field: 'name' } });
  });
});

describe('refresh', () => {
  it('shows tools added, removed and changed, keeps settings, marks removed tools', async () => {
    const { server } = await register('Fixture refresh', fixture.url, {
      Authorization: `Bearer ${SECRET}`,
    });
    // An earlier state of the server: echo had another schema, old_tool existed, send_email did not.
    const probe = await probeServer({
      url: fixture.url,
      headers: { Authorization: `Bearer ${SECRET}` },
      policy,
    });
    if (!probe.ok) throw new Error(probe.message);
    const earlier = probe.listing.tools
      .filter((tool) => tool.name !== 'send_email')
      .map((tool) =>
        tool.name === 'echo'
          ? { ...tool, inputSchema: { type: 'object', properties: { words: { type: 'string' } } } }
          : tool,
      );
    earlier.push({ name: 'old_tool', inputSchema: { type: 'object', properties: {} } });
    await saveDiscovery({ db: testDb.db, serverId: server.id, listing: listingOf(earlier) });
    const before = await listTools({ db: testDb.db, serverId: server.id });
    const add = before.find((tool) => tool.name === 'add')!;
    await updateToolSettings({
      db: testDb.db,
      toolId: add.id,
      settings: { enabled: true, timeoutMs: 5_000 },
    });

    const refreshed = await saveDiscovery({
      db: testDb.db,
      serverId: server.id,
      listing: probe.listing,
    });
    expect(refreshed.diff).toEqual({
      added: ['send_email'],
      removed: ['old_tool'],
      changed: [{ name: 'echo', fields: ['inputSchema'] }],
    });
    expect(await testDb.db.toolSnapshot.count({ where: { serverId: server.id } })).toBe(3);

    const after = await listTools({ db: testDb.db, serverId: server.id });
    const old = after.find((tool) => tool.name === 'old_tool');
    expect(old?.removedAt).not.toBeNull(); // kept for call history, not deleted
    expect(old?.givenToModel).toBe(false);
    expect(after.find((tool) => tool.name === 'add')).toMatchObject({
      enabled: true,
      timeoutMs: 5_000,
    });
    await expect(
      updateToolSettings({ db: testDb.db, toolId: old!.id, settings: { enabled: true } }),
    ).rejects.toMatchObject({ code: 'invalid_input' });

    // Listed again: the same row comes back, not a new one.
    await saveDiscovery({ db: testDb.db, serverId: server.id, listing: listingOf(earlier) });
    const back = await listTools({ db: testDb.db, serverId: server.id });
    expect(back.find((tool) => tool.name === 'old_tool')).toMatchObject({
      id: old!.id,
      removedAt: null,
    });
    await deleteServer({ db: testDb.db, id: server.id });
  });

  it('a failed re-test is recorded on the row', async () => {
    const { server } = await register('Soon down', fixture.url, {
      Authorization: `Bearer ${SECRET}`,
    });
    const url = await closedPortUrl();
    await testDb.db.mcpServer.update({ where: { id: server.id }, data: { url } });
    const probe = await probeServer({ url, headers: {}, policy });
    expect(probe.ok).toBe(false);
    if (probe.ok) return;
    await recordCheck({
      db: testDb.db,
      id: server.id,
      check: { ok: false, ms: probe.ms, errorCode: probe.code, error: probe.message },
    });
    const row = await testDb.db.mcpServer.findUniqueOrThrow({ where: { id: server.id } });
    expect(row).toMatchObject({ lastCheckOk: false, lastErrorCode: 'connection_refused' });
    expect(row.lastError).toContain('refused');
    const status = await checkMcpServers({ db: testDb.db });
    expect(status.status).toBe('error');
    expect(status.summary).toMatch(/1 failed its last test/);
    await deleteServer({ db: testDb.db, id: server.id });
  });
});

describe('tool settings', () => {
  it('validates the time limit (1-300 s) and the result budget (256 B-256 KB)', async () => {
    const [tool] = await listTools({
      db: testDb.db,
      serverId: (await listServers({ db: testDb.db }))[0]!.id,
    });
    const set = (settings: ToolSettingsInput) =>
      updateToolSettings({ db: testDb.db, toolId: tool!.id, settings });
    const bad: ToolSettingsInput[] = [
      { timeoutMs: 999 },
      { timeoutMs: 300_001 },
      { timeoutMs: 1_500.5 },
      { resultBudgetBytes: 255 },
      { resultBudgetBytes: 262_145 },
    ];
    for (const settings of bad) {
      await expect(set(settings), JSON.stringify(settings)).rejects.toBeInstanceOf(ZodError);
    }
    await expect(set({ timeoutMs: 1_000, resultBudgetBytes: 256 })).resolves.toMatchObject({
      timeoutMs: 1_000,
      resultBudgetBytes: 256,
    });
    await expect(set({ timeoutMs: 300_000, resultBudgetBytes: 262_144 })).resolves.toMatchObject({
      timeoutMs: 300_000,
      resultBudgetBytes: 262_144,
    });
  });

  it('a tool whose definition has a problem is flagged and cannot be enabled', async () => {
    const server = await createServer({
      db: testDb.db,
      name: 'Odd schemas',
      url: 'http://127.0.0.1:1/mcp',
      headers: {},
      sealKey,
    });
    await saveDiscovery({
      db: testDb.db,
      serverId: server.id,
      listing: listingOf([
        { name: 'scalar', inputSchema: { type: 'string' } },
        { name: 'fine', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } },
      ]),
    });
    const tools = await listTools({ db: testDb.db, serverId: server.id });
    const scalar = tools.find((tool) => tool.name === 'scalar')!;
    expect(scalar.problem).toMatch(/object/);
    expect(scalar.modelFunction).toBeNull();
    await expect(
      updateToolSettings({ db: testDb.db, toolId: scalar.id, settings: { enabled: true } }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('scalar') });

    // A tool that was fine and is enabled, whose schema turns bad, is switched off on refresh.
    const fine = tools.find((tool) => tool.name === 'fine')!;
    await updateToolSettings({ db: testDb.db, toolId: fine.id, settings: { enabled: true } });
    const refreshed = await saveDiscovery({
      db: testDb.db,
      serverId: server.id,
      listing: listingOf([
        { name: 'fine', inputSchema: { anyOf: [{ type: 'object' }, { type: 'string' }] } },
      ]),
    });
    expect(refreshed.disabled).toEqual(['fine']);
    expect((await listTools({ db: testDb.db, serverId: server.id }))[0]?.enabled).toBe(false);
    await deleteServer({ db: testDb.db, id: server.id });
  });

  it('shows collision renames with their note, over the tools of enabled servers', async () => {
    const { server } = await register('Everything', everything.url);
    const fixtureServer = (await listServers({ db: testDb.db })).find((s) => s.name === 'Fixture')!;
    const echoes = [
      ...(await listTools({ db: testDb.db, serverId: server.id })),
      ...(await listTools({ db: testDb.db, serverId: fixtureServer.id })),
    ].filter((tool) => tool.name === 'echo');
    expect(echoes.map((tool) => tool.modelFunction?.name).sort()).toEqual([
      'everything__echo',
      'fixture__echo',
    ]);
    expect(echoes[0]?.nameNote).toMatch(/Prefixed with the server name/);

    // A disabled server's tools no longer take part: the other echo keeps its own name.
    await updateServer({ db: testDb.db, id: server.id, enabled: false, sealKey });
    const alone = (await listTools({ db: testDb.db, serverId: fixtureServer.id })).find(
      (tool) => tool.name === 'echo',
    );
    expect(alone?.modelFunction?.name).toBe('echo');
    await updateServer({ db: testDb.db, id: server.id, enabled: true, sealKey });
  });
});

describe('editing', () => {
  it('keeps a stored secret unless replaced, and re-seals what changes', async () => {
    const fixtureServer = (await listServers({ db: testDb.db })).find((s) => s.name === 'Fixture')!;
    const current = await getServerSecrets({ db: testDb.db, id: fixtureServer.id, sealKey });
    const kept = mergeHeaderInputs({
      current: current.headers,
      inputs: [
        { name: 'Authorization', keep: true },
        { name: 'X-Extra', value: 'extra-value' },
      ],
    });
    expect(kept).toEqual({ Authorization: `Bearer ${SECRET}`, 'X-Extra': 'extra-value' });
    expect(() =>
      mergeHeaderInputs({ current: current.headers, inputs: [{ name: 'X-Unknown', keep: true }] }),
    ).toThrow(/no stored value/);
    await updateServer({ db: testDb.db, id: fixtureServer.id, headers: kept, sealKey });
    const row = await testDb.db.mcpServer.findUniqueOrThrow({ where: { id: fixtureServer.id } });
    expect(row.headers).not.toContain(SECRET);
    expect(row.headers).not.toContain('extra-value');
    expect(
      (await getServerSecrets({ db: testDb.db, id: fixtureServer.id, sealKey })).headers,
    ).toEqual(kept);
  });
});

describe('trying a tool', () => {
  it('calls through the MCP client with the stored headers and shows what the server returned', async () => {
    const fixtureServer = (await listServers({ db: testDb.db })).find((s) => s.name === 'Fixture')!;
    const { url, headers } = await getServerSecrets({
      db: testDb.db,
      id: fixtureServer.id,
      sealKey,
    });
    const sum = await callToolOnce({
      url,
      headers,
      policy,
      tool: 'add',
      args: { a: 2, b: 3 },
      timeoutMs: 5_000,
    });
    expect(sum).toMatchObject({
      ok: true,
      result: { content: [{ type: 'text', text: '5' }], structuredContent: { sum: 5 } },
    });
    if (sum.ok) console.info(`[tools] try add: ${sum.ms} ms in all, call ${sum.callMs} ms`);
    expect(fixture.received.at(-1)).toMatchObject({ tool: 'add', args: { a: 2, b: 3 } });

    const failed = await callToolOnce({
      url,
      headers,
      policy,
      tool: 'fail',
      args: { message: 'nope' },
      timeoutMs: 5_000,
    });
    expect(failed).toMatchObject({ ok: true, result: { isError: true } });

    const slow = await callToolOnce({
      url,
      headers,
      policy,
      tool: 'slow',
      args: { ms: 2_000 },
      timeoutMs: 200,
    });
    expect(slow).toMatchObject({ ok: false, code: 'timeout' });

    // A server that echoes a header value back never gets it shown.
    const echoed = await callToolOnce({
      url,
      headers,
      policy,
      tool: 'echo',
      args: { text: `token ${SECRET}` },
      timeoutMs: 5_000,
    });
    expect(JSON.stringify(echoed)).not.toContain(SECRET);
    expect(JSON.stringify(echoed)).toContain('[redacted]');
  });
});

describe('status', () => {
  it('counts servers, enabled ones, failures and enabled tools', async () => {
    const counts = await mcpCatalogCounts({ db: testDb.db });
    expect(counts).toMatchObject({ servers: 2, enabledServers: 2, failedServers: 0 });
    const check = await checkMcpServers({ db: testDb.db });
    expect(check.summary).toContain('2 servers registered, 2 enabled, 0 failed');
  });
});
