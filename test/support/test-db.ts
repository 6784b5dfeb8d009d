/**
 * A fresh, migrated database of its own for one test file, on the database the test run is for:
 * SQLite by default, PostgreSQL in Vitest's `postgresql` project (vitest.config.ts), whose global
 * setup starts a real server (test/support/postgres-global-setup.ts) and names it in
 * TEST_POSTGRES_URL. Each is built from its own committed migrations, as production builds it.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createDb, type Db } from '@/lib/db/client';
import { migrationsFolder, type DatabaseProvider } from '@/lib/db/schema-files';

const root = path.resolve(import.meta.dirname, '..', '..');

function migrationSql(provider: DatabaseProvider): string[] {
  const dir = migrationsFolder(root, provider);
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'migration.sql')))
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8'));
}

/** Applies the committed migrations, in order, to a SQLite file. */
export function applyMigrations(file: string): void {
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    for (const sql of migrationSql('sqlite')) sqlite.exec(sql);
  } finally {
    sqlite.close();
  }
}

/** Which database this test run is for (TEST_DATABASE, set per Vitest project). */
export function testDatabaseProvider(): DatabaseProvider {
  return process.env.TEST_DATABASE === 'postgresql' ? 'postgresql' : 'sqlite';
}

function postgresAdminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) {
    throw new Error(
      'TEST_DATABASE=postgresql but TEST_POSTGRES_URL is not set: run the tests through Vitest ' +
        '(its postgresql project starts the server).',
    );
  }
  return url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onPostgresAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A new, empty PostgreSQL database on the test server; returns its URL and a drop. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  await onPostgresAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabase(postgresAdminUrl(), name),
    async drop() {
      await onPostgresAdmin((client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

export interface TestDb {
  db: Db;
  url: string;
  provider: DatabaseProvider;
  /** the SQLite file (null on PostgreSQL) */
  file: string | null;
  cleanup(): Promise<void>;
}

async function createPostgresTestDb(): Promise<TestDb> {
  const database = await createPostgresDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    for (const sql of migrationSql('postgresql')) await client.query(sql);
  } finally {
    await client.end();
  }
  const db = createDb(database.url);
  return {
    db,
    url: database.url,
    provider: 'postgresql',
    file: null,
    async cleanup() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

export async function createTestDb(): Promise<TestDb> {
  if (testDatabaseProvider() === 'postgresql') return createPostgresTestDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voice-console-test-'));
  const file = path.join(dir, 'test.db');
  applyMigrations(file);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    url,
    provider: 'sqlite',
    file,
    async cleanup() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
