import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Db } from '@/lib/db/client';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import {
  startFixtureServer,
  type FixtureServer,
  type FixtureServerOptions,
} from '@/test/fixtures/mcp-fixture-server';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { startCallHarness, type CallHarness } from './call-harness';

/**
 * The life the agent's call tests share: one migrated database and one fixture MCP server per
 * file, one call per test, ended after it (also when the test failed half way).
 */
export interface CallTests {
  readonly db: Db;
  readonly testDb: TestDb;
  readonly fixture: FixtureServer;
  readonly sealKey: Buffer;
  /** the test's call; a test that ends it itself sets this to undefined */
  harness: CallHarness | undefined;
  /** Starts the test's call on this file's database (or `db`, a wrapped one) and seal key. */
  start(
    input: Omit<Parameters<typeof startCallHarness>[0], 'db' | 'sealKey'> & { db?: Db },
  ): Promise<CallHarness>;
}

/**
 * Registers the hooks; call it once at the top of a test file. `fixture: false` for a file whose
 * calls use servers of their own.
 */
export function setUpCallTests(
  options: { fixture?: FixtureServerOptions | false } = {},
): CallTests {
  let testDb: TestDb | undefined;
  let fixture: FixtureServer | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet (use it inside a test)`);
    return value;
  };
  const tests: CallTests = {
    sealKey: parseSealKey(generateSealKey()),
    harness: undefined,
    get testDb() {
      return started(testDb, 'the test database');
    },
    get db() {
      return started(testDb, 'the test database').db;
    },
    get fixture() {
      return started(fixture, 'the fixture MCP server');
    },
    async start(input) {
      tests.harness = await startCallHarness({ db: tests.db, sealKey: tests.sealKey, ...input });
      return tests.harness;
    },
  };
  beforeAll(async () => {
    testDb = await createTestDb();
    if (options.fixture !== false) fixture = await startFixtureServer(options.fixture);
  });
  afterEach(async () => {
    await tests.harness?.end();
    tests.harness = undefined;
  });
  afterAll(async () => {
    await fixture?.close();
    await testDb?.cleanup();
  });
  return tests;
}
