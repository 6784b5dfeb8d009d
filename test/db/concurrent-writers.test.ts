import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/test/support/test-db';

/**
 * The console and the agent worker are two processes writing one database (on PostgreSQL, the
 * same holds under READ COMMITTED: the other insert commits, ours goes on). A transaction that
 * reads and then writes (what Prisma does for many updates) must wait for a write another process
 * commits in between, not fail at once with SQLITE_BUSY_SNAPSHOT (seen in the live tier as a
 * 500 at sign-in while the worker's heartbeat wrote).
 */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

/** Another process writes a row, as the agent worker would. */
function writeFromAnotherProcess(db: TestDb): Promise<number | null> {
  const insert =
    db.provider === 'sqlite'
      ? `INSERT INTO RateLimit (id, key, count, lastRequest) VALUES ('other', 'other', 0, 0)`
      : `INSERT INTO "RateLimit" (id, key, count, "lastRequest") VALUES ('other', 'other', 0, 0)`;
  const script =
    db.provider === 'sqlite'
      ? `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1], { timeout: 10000 });
    db.prepare(process.argv[2]).run();
  `
      : `
    const pg = require('pg');
    const client = new pg.Client({ connectionString: process.argv[1] });
    client.connect().then(() => client.query(process.argv[2])).then(() => client.end());
  `;
  const target = db.file ?? db.url;
  const child = spawn(process.execPath, ['-e', script, target, insert], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

it('a read-then-write transaction waits for another process that commits in between', async () => {
  await t.db.rateLimit.create({ data: { id: 'r1', key: 'k', count: 0, lastRequest: 0n } });
  let other: Promise<number | null> | undefined;
  await t.db.$transaction(async (tx) => {
    await tx.rateLimit.findFirstOrThrow({ where: { key: 'k' } });
    other = writeFromAnotherProcess(t);
    // Give the other process time to reach its write (it waits for our lock, or commits first).
    await new Promise((resolve) => setTimeout(resolve, 700));
    await tx.rateLimit.update({ where: { id: 'r1' }, data: { count: 1 } });
  });
  expect(await other).toBe(0);
  expect((await t.db.rateLimit.findUniqueOrThrow({ where: { id: 'r1' } })).count).toBe(1);
  expect(await t.db.rateLimit.count({ where: { id: 'other' } })).toBe(1);
});
