import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';
import { PrismaClient as PostgresPrismaClient } from '../../generated/prisma-postgresql/client';
import { databaseFile, databaseUrl } from './database-url';
import { providerOf, type DatabaseProvider } from './schema-files';

/**
 * One client type for both databases. The two generated clients come from the same models
 * (prisma/schema.prisma, and the PostgreSQL schema generated from it), so their APIs are the
 * same; the SQLite one is the type everything is written against.
 */
export type Db = PrismaClient;

/** Makes sure the folder of a SQLite file exists (a fresh clone has no data/ folder). */
export function ensureDatabaseFolder(url: string): void {
  const file = databaseFile(url);
  if (file === null || file === ':memory:') return;
  fs.mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
}

const providers = new WeakMap<Db, DatabaseProvider>();

/** Which database a client talks to, for the few steps that differ (PRAGMAs, LISTEN/NOTIFY). */
export function dbProvider(db: Db): DatabaseProvider {
  return providers.get(db) ?? 'sqlite';
}

/**
 * The adapter starts transactions with a plain (deferred) BEGIN. Prisma runs many writes as a
 * read followed by a write in one transaction (better-auth's rate-limit update at sign-in, for
 * one); when another process (the agent worker's heartbeat or its call events) commits between
 * the two, SQLite refuses the upgrade with SQLITE_BUSY_SNAPSHOT at once, without waiting the
 * busy timeout, and the request fails with a 500. BEGIN IMMEDIATE takes the write lock first, so
 * the busy timeout applies (sqlite.org/isolation.html; prisma/orm#29933 is the same adapter).
 */
function withImmediateTransactions(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client: { prepare(sql: string): unknown } }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql);
    return adapter;
  };
  return factory;
}

/**
 * A Prisma client for DATABASE_URL (or `rawUrl`), picked by its scheme:
 * - `file:` SQLite through better-sqlite3. The console and the agent write to the same file, so
 *   writers wait for each other (busy timeout) instead of failing.
 * - `postgres://`, `postgresql://` PostgreSQL through pg's pool (several hosts, one database).
 */
export function createDb(rawUrl?: string): Db {
  const url = databaseUrl(rawUrl);
  const provider = providerOf(url);
  let db: Db;
  if (provider === 'sqlite') {
    ensureDatabaseFolder(url);
    db = new PrismaClient({
      adapter: withImmediateTransactions(new PrismaBetterSQLite3({ url, timeout: 10_000 })),
    });
  } else {
    const adapter = new PrismaPg({ connectionString: url });
    db = new PostgresPrismaClient({ adapter }) as unknown as Db;
  }
  providers.set(db, provider);
  return db;
}

const globalForDb = globalThis as unknown as { voiceConsoleDb?: Db };

/** The process-wide client (one per process; survives hot reloads in development). */
export function getDb(): Db {
  globalForDb.voiceConsoleDb ??= createDb();
  return globalForDb.voiceConsoleDb;
}
