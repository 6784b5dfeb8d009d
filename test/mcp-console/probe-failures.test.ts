/**
 * The one convention for a failed probe (server/mcp-operations.ts, mcpFailureError), through the
 * server actions themselves: every action that talks to an MCP server answers a failed talk with
 * a typed failure carrying the MCP code, hint and time; a failed create or update stores nothing,
 * a failed test or refresh records the check on the row. Real servers on 127.0.0.1 and a real
 * database, and a real admin signed in through the console's auth; only Next's request context
 * (next/headers, which carries the admin's cookie) and its page cache, which need a running Next
 * server, are stood in for.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as oauthActions from '@/server/actions/mcp-oauth';
import * as actions from '@/server/actions/mcp-servers';
import { tryMcpTool } from '@/server/actions/mcp-tools';
import type { ActionResult } from '@/lib/errors';
import { generateSealKey } from '@/lib/seal';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';
import { stdioFixture } from '@/test/support/stdio-fixture';
import { signedInCookie } from '@/test/support/signed-in';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { closedPortUrl } from '@/test/support/closed-port';

// Next's request context, which a unit test lacks: the signed-in admin's cookie (signedInCookie).
const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock('next/headers', () => ({
  headers: async () => requestHeaders.current,
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}));
const revalidated = vi.hoisted(() => [] as string[]);
vi.mock('next/cache', () => ({
  revalidatePath: (path: string) => {
    revalidated.push(path);
  },
}));

let testDb: TestDb;
let fixture: FixtureServer;

/** The failure of a result that must have failed, with its details as the client gets them. */
function failureOf<T>(result: ActionResult<T>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return result.error;
}

/** A failed talk with an MCP server, as every probe-running action reports it. */
function expectMcpFailure<T>(
  result: ActionResult<T>,
  expected: { code: 'unavailable' | 'invalid_input'; mcpCode: string; field?: string },
) {
  const error = failureOf(result);
  expect(error.code).toBe(expected.code);
  if (error.code !== 'unavailable' && error.code !== 'invalid_input') throw new Error('narrowed');
  expect(error.details).toMatchObject({
    mcpCode: expected.mcpCode,
    hint: expect.stringMatching(/\w/),
    ms: expect.any(Number),
  });
  expect(error.message).toMatch(/\w/);
  if (error.code === 'invalid_input') expect(error.details?.field).toBe(expected.field);
  return error;
}

beforeAll(async () => {
  testDb = await createTestDb();
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    SEAL_KEY: generateSealKey(),
    MCP_STDIO_ENABLED: 'true',
  });
  // The env is read at the first action (consoleEnv, getDb), after this.
  requestHeaders.current = new Headers({
    cookie: await signedInCookie({
      email: 'ada@probe.test',
      password: 'ada-password-1',
      name: 'Ada',
      role: 'admin',
    }),
  });
  fixture = await startFixtureServer();
}, 60_000);
afterAll(async () => {
  await fixture?.close().catch(() => undefined);
  await testDb?.cleanup();
});

describe('a failed probe is the action’s typed failure', () => {
  it('create: a server that is down, or an address never used, is refused and nothing is stored', async () => {
    const down = await actions.createMcpServer({
      name: 'Down',
      url: await closedPortUrl(),
      headers: [],
    });
    expectMcpFailure(down, { code: 'unavailable', mcpCode: 'connection_refused' });

    const metadata = await actions.createMcpServer({
      name: 'Metadata',
      url: 'http://169.254.169.254/mcp',
      headers: [],
    });
    expectMcpFailure(metadata, {
      code: 'invalid_input',
      mcpCode: 'url_not_allowed',
      field: 'url',
    });

    const exits = await actions.createMcpServer({
      kind: 'stdio',
      name: 'Exits',
      ...stdioFixture('exit'),
      env: [],
    });
    const error = expectMcpFailure(exits, { code: 'unavailable', mcpCode: 'process_failed' });
    expect(error.message).toContain('exited with code 3');
    expect(await testDb.db.mcpServer.count()).toBe(0);
  });

  it('update, test, refresh and try on a server that went away: typed failures, the row keeps its settings and records the check', async () => {
    const saved = await actions.createMcpServer({ name: 'Fixture', url: fixture.url, headers: [] });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.data.test).toMatchObject({ toolCount: expect.any(Number) });
    const id = saved.data.id;
    const echo = await testDb.db.mcpTool.findFirstOrThrow({
      where: { serverId: id, name: 'echo' },
    });

    const passed = await actions.testMcpServer({ id });
    if (!passed.ok) throw new Error(passed.error.message);
    expect(passed.data).toMatchObject({ transport: expect.any(String), unreviewedChanges: 0 });
    expect(passed.data).not.toHaveProperty('passed');
    const tried = await tryMcpTool({ toolId: echo.id, args: { text: 'hi there' } });
    if (!tried.ok) throw new Error(tried.error.message);
    expect(JSON.stringify(tried.data.result)).toContain('hi there');

    // An edit to an address where nothing answers changes nothing.
    const closed = await closedPortUrl();
    const moved = await actions.updateMcpServer({
      id,
      name: 'Fixture moved',
      url: closed,
      headers: [],
    });
    expectMcpFailure(moved, { code: 'unavailable', mcpCode: 'connection_refused' });
    expect(await testDb.db.mcpServer.findUniqueOrThrow({ where: { id } })).toMatchObject({
      name: 'Fixture',
      url: fixture.url,
      lastCheckOk: true,
    });

    // The server goes away (a closed fixture may answer a kept-alive socket with a reset instead
    // of a refusal): nothing listens where the row says it is.
    await testDb.db.mcpServer.update({ where: { id }, data: { url: closed } });
    revalidated.length = 0;
    expectMcpFailure(await actions.testMcpServer({ id }), {
      code: 'unavailable',
      mcpCode: 'connection_refused',
    });
    // The failed test is recorded on the row, and the pages that show it are refreshed.
    expect(await testDb.db.mcpServer.findUniqueOrThrow({ where: { id } })).toMatchObject({
      lastCheckOk: false,
      lastErrorCode: 'connection_refused',
    });
    expect(revalidated).toContain('/tools');

    expectMcpFailure(await actions.refreshMcpTools({ id }), {
      code: 'unavailable',
      mcpCode: 'connection_refused',
    });
    expectMcpFailure(await tryMcpTool({ toolId: echo.id, args: { text: 'hi' } }), {
      code: 'unavailable',
      mcpCode: 'connection_refused',
    });
    // Connect finds no authorization server where nothing answers: the same kind of failure.
    const connect = failureOf(await oauthActions.connectMcpOAuth({ id }));
    expect(connect.code).toBe('unavailable');
    expect(connect.code === 'unavailable' && connect.details?.mcpCode).toMatch(/\w/);
  });
});
