import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createDb, type Db } from '@/lib/db/client';

const migrationsDir = path.resolve(import.meta.dirname, '..', '..', 'prisma', 'migrations');

/** Applies the committed migrations, in order, to a SQLite file. */
export function applyMigrations(file: string): void {
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    const names = fs
      .readdirSync(migrationsDir)
      .filter((name) => fs.existsSync(path.join(migrationsDir, name, 'migration.sql')))
      .sort();
    for (const name of names)
      sqlite.exec(fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8'));
  } finally {
    sqlite.close();
  }
}

export interface TestDb {
  db: Db;
  url: string;
  file: string;
  cleanup(): Promise<void>;
}

/** A fresh, migrated database file of its own for one test file. */
export async function createTestDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voice-console-test-'));
  const file = path.join(dir, 'test.db');
  applyMigrations(file);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    url,
    file,
    async cleanup() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
