/**
 * Local (stdio) servers in the console: stored with their environment sealed, tested and listed
 * by starting the command, tried through a fresh process, and refused while turned off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callToolOnce, probeServer } from '@/server/mcp-operations';
import { assertStdioEnabled, CreateStdioServer } from '@/server/stdio-servers';
import { loadCallConfig } from '@/lib/db/call-config';
import { createServer, getServerSecrets, listServers } from '@/lib/db/mcp-servers';
import { saveDiscovery } from '@/lib/db/mcp-tools';
import { toActionFailure } from '@/lib/errors';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import { stdioFixture } from '@/test/support/stdio-fixture';
import { createTestDb, type TestDb } from '@/test/support/test-db';

const policy = { allowPrivate: false, allowList: [] };
const sealKey = parseSealKey(generateSealKey());
const SECRET = `stdio-console-${Math.random().toString(36).slice(2)}`;
let testDb: TestDb;

beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb?.cleanup();
});

describe('local (stdio) MCP servers in the console', () => {
  it('tests by starting the command, stores the env sealed, and shows only its names', async () => {
    const stdio = stdioFixture('good', { FIXTURE_TOKEN: SECRET });
    const probe = await probeServer({ stdio, policy, timeoutMs: 20_000 });
    expect(probe).toMatchObject({ ok: true, transport: 'stdio' });
    if (!probe.ok) return;
    expect(probe.listing.tools.map((tool) => tool.name)).toContain('echo');
    const server = await createServer({
      db: testDb.db,
      name: 'local fixture',
      stdio,
      sealKey,
      check: { ok: true, ms: probe.ms, transport: probe.transport },
    });
    await saveDiscovery({ db: testDb.db, serverId: server.id, listing: probe.listing });
    expect(server).toMatchObject({
      kind: 'stdio',
      url: '',
      command: process.execPath,
      args: stdio.args,
      env: [{ name: 'FIXTURE_TOKEN', set: true }],
      headers: [],
    });
    expect((await listServers({ db: testDb.db }))[0]?.toolCount).toBe(6);
    const raw = await testDb.db.mcpServer.findUniqueOrThrow({ where: { id: server.id } });
    expect(JSON.stringify(raw)).not.toContain(SECRET);
    expect(JSON.stringify(await listServers({ db: testDb.db }))).not.toContain(SECRET);
    const secrets = await getServerSecrets({ db: testDb.db, id: server.id, sealKey });
    expect(secrets.stdio?.env).toEqual({ FIXTURE_TOKEN: SECRET });

    // The agent's view of the same row: the command with its plain environment.
    const profile = await testDb.db.agentProfile.create({ data: { name: 'p' } });
    const version = await testDb.db.agentProfileVersion.create({
      data: {
        profileId: profile.id,
        version: 1,
        prompt: 'x',
        model: 'gpt-realtime',
        voice: 'marin',
        allTools: true,
      },
    });
    await testDb.db.mcpTool.updateMany({ where: { serverId: server.id }, data: { enabled: true } });
    const call = await testDb.db.call.create({
      data: { userId: 'u', roomName: 'r', profileVersionId: version.id },
    });
    const config = await loadCallConfig({ db: testDb.db, callId: call.id, sealKey });
    expect(config.servers).toEqual([
      expect.objectContaining({ name: 'local fixture', stdio: secrets.stdio, problem: null }),
    ]);
  });

  it('tries a tool through a fresh process; an echoed env value comes back redacted', async () => {
    const outcome = await callToolOnce({
      stdio: stdioFixture('good', { FIXTURE_TOKEN: SECRET }),
      policy,
      tool: 'env',
      args: { name: 'FIXTURE_TOKEN' },
      timeoutMs: 5_000,
    });
    expect(outcome).toMatchObject({
      ok: true,
      transport: 'stdio',
      result: { content: [{ type: 'text', text: 'FIXTURE_TOKEN=[redacted]' }] },
    });
  });

  it('says why a command that exits fails its test', async () => {
    const probe = await probeServer({ stdio: stdioFixture('exit'), policy, timeoutMs: 20_000 });
    expect(probe).toMatchObject({ ok: false, code: 'process_failed' });
    expect(!probe.ok && probe.message).toContain('exited with code 3');
  });

  it('validates the form: a command is required, env names are names, each once', () => {
    const parsed = CreateStdioServer.safeParse({
      kind: 'stdio',
      name: 'x',
      command: '  ',
      args: ['-y'],
      env: [
        { name: '1BAD', value: 'v' },
        { name: 'OK', value: 'v' },
        { name: 'OK', value: 'w' },
      ],
    });
    expect(parsed.success).toBe(false);
    const failure = toActionFailure(parsed.error);
    expect(failure.error.fieldErrors).toMatchObject({
      command: [expect.stringContaining('Enter the command')],
      'env.0.name': [expect.stringContaining('letters, digits and underscores')],
      'env.2.name': ['This variable is twice.'],
    });
  });

  it('refuses local servers with a typed error while MCP_STDIO_ENABLED is off', () => {
    expect(() => assertStdioEnabled(true)).not.toThrow();
    let failure: ReturnType<typeof toActionFailure> | undefined;
    try {
      assertStdioEnabled(false);
    } catch (error) {
      failure = toActionFailure(error);
    }
    expect(failure?.error).toMatchObject({
      code: 'stdio_disabled',
      message: expect.stringContaining('MCP_STDIO_ENABLED=true'),
    });
  });
});
