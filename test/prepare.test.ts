/**
 * scripts/prepare.ts is what `npm run dev` and `npm start` run first: migrations, the first
 * admin, the default agent profile. Run for real, twice, on a new database: a new SQLite file, or
 * an empty PostgreSQL database (there `prisma migrate deploy` goes through the command line's
 * PostgreSQL workarounds in prisma/cli-postgres-adapter.ts).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@/lib/db/client';
import { migrationsFolder } from '@/lib/db/schema-files';
import { createPostgresDatabase, testDatabaseProvider } from './support/test-db';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prepare-test-'));
const provider = testDatabaseProvider();
let url = `file:${path.join(dir, 'fresh', 'console.db')}`;
let dropDatabase = async () => {};

beforeAll(async () => {
  if (provider !== 'postgresql') return;
  const database = await createPostgresDatabase();
  url = database.url;
  dropDatabase = database.drop;
});

async function prepare(extra: Record<string, string> = {}) {
  return run(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/prepare.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: url,
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
      ...extra,
    },
  });
}

afterAll(async () => {
  await dropDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('prepare', () => {
  it('creates the database, applies migrations and prints a generated first admin once', async () => {
    const first = await prepare();
    const migrations = fs.readdirSync(migrationsFolder(root, provider), {
      withFileTypes: true,
    });
    const names = migrations.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(first.stdout).toMatch(
      new RegExp(
        `Database .*: applied ${names.length} migrations? \\(${names.sort().join(', ')}\\)`,
      ),
    );
    const match = /email:\s+(\S+)\s+password:\s+(\S+)/.exec(first.stdout);
    expect(match?.[1]).toBe('admin@example.com');
    expect(match?.[2]?.length).toBeGreaterThanOrEqual(20);

    const second = await prepare();
    expect(second.stdout).not.toContain('First admin created');
    expect(second.stdout).toContain('up to date, no pending migrations');

    const db = createDb(url);
    try {
      expect(await db.user.count({ where: { role: 'admin' } })).toBe(1);
      const profiles = await db.agentProfile.findMany({ include: { versions: true } });
      expect(profiles).toHaveLength(1);
      expect(profiles[0]?.isDefault).toBe(true);
      expect(profiles[0]?.versions).toHaveLength(1);
      // The generated password works with the auth library's own verification.
      const account = await db.account.findFirst({ where: { providerId: 'credential' } });
      expect(account?.password).toBeTruthy();
      expect(account?.password).not.toContain(match?.[2] ?? '');
    } finally {
      await db.$disconnect();
    }
  }, 180_000);

  it('stops a production start that lacks secrets, naming them, before touching the database', async () => {
    const target = path.join(dir, 'never', 'console.db');
    await expect(
      run(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/prepare.ts'], {
        cwd: root,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          DATABASE_URL: `file:${target}`,
          AUTH_SECRET: '',
          SEAL_KEY: '',
        },
      }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('AUTH_SECRET: is required in production'),
    });
    expect(fs.existsSync(target)).toBe(false);
  }, 60_000);
});
