import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../generated/prisma/client';
import { databaseFile, databaseUrl } from './database-url';

export type Db = PrismaClient;

/** Makes sure the folder of a SQLite file exists (a fresh clone has no data/ folder). */
export function ensureDatabaseFolder(url: string): void {
  const file = databaseFile(url);
  if (file === null || file === ':memory:') return;
  fs.mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
}

/**
 * A Prisma client on the SQLite file through better-sqlite3. The console and the agent write
 * to the same file, so writers wait for each other (busy timeout) instead of failing.
 */
export function createDb(rawUrl?: string): Db {
  const url = databaseUrl(rawUrl);
  ensureDatabaseFolder(url);
  const adapter = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { voiceConsoleDb?: Db };

/** The process-wide client (one per process; survives hot reloads in development). */
export function getDb(): Db {
  globalForDb.voiceConsoleDb ??= createDb();
  return globalForDb.voiceConsoleDb;
}
