/**
 * One models file (prisma/schema.prisma), two databases: the PostgreSQL schema is generated from
 * it, and each database has its own committed migrations, one twin per migration name. This fails
 * when any of them drift: a model changed without `npm run db:new-migration`, a PostgreSQL schema
 * edited by hand or not regenerated, a migration missing its twin, or a migration set that does
 * not build the schema. The comparison with migrations runs on this run's database (a real
 * PostgreSQL server in the `postgresql` project).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder, postgresSchemaFrom, schemaFile } from '@/lib/db/schema-files';
import { applyMigrations, createPostgresDatabase, testDatabaseProvider } from '../support/test-db';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const prisma = path.join(root, 'node_modules', '.bin', 'prisma');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-drift-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const names = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'migration.sql')))
    .sort();

/** Tables, columns, indexes and foreign keys of a SQLite file, in a comparable form. */
function sqliteStructure(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
      )
      .all() as Array<{ name: string }>;
    return tables.map(({ name }) => ({
      name,
      // by name: a column added by ALTER TABLE comes last, db push puts it where the model has it
      columns: (db.pragma(`table_info("${name}")`) as Array<{ name: string; cid?: number }>)
        .map(({ cid: _cid, ...column }) => column)
        .sort((a, b) => a.name.localeCompare(b.name)),
      indexes: (db.pragma(`index_list("${name}")`) as Array<{ name: string; unique: number }>)
        .map((index) => ({
          name: index.name,
          unique: index.unique,
          // a column's position (cid) differs for the same reason: compare indexed columns by name
          columns: (
            db.pragma(`index_info("${index.name}")`) as Array<{ name: string; seqno: number }>
          ).map(({ name: column, seqno }) => ({ name: column, seqno })),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: db.pragma(`foreign_key_list("${name}")`),
    }));
  } finally {
    db.close();
  }
}

describe('schemas and migrations', () => {
  it('the PostgreSQL schema is the one generated from prisma/schema.prisma', () => {
    const models = fs.readFileSync(schemaFile(root, 'sqlite'), 'utf8');
    expect(fs.readFileSync(schemaFile(root, 'postgresql'), 'utf8')).toBe(
      postgresSchemaFrom(models),
    );
  });

  it('every migration has its twin of the same name, and the last snapshot is the schema', () => {
    const sqlite = names(migrationsFolder(root, 'sqlite'));
    expect(names(migrationsFolder(root, 'postgresql'))).toEqual(sqlite);
    const last = path.join(
      migrationsFolder(root, 'sqlite'),
      sqlite.at(-1)!,
      'schema.snapshot.prisma',
    );
    expect(fs.readFileSync(last, 'utf8')).toBe(fs.readFileSync(schemaFile(root, 'sqlite'), 'utf8'));
  });

  if (testDatabaseProvider() === 'sqlite') {
    it('the SQLite migrations build the tables db push makes from the schema', async () => {
      const migrated = path.join(scratch, 'migrated.db');
      applyMigrations(migrated);
      const pushed = path.join(scratch, 'pushed.db');
      await run(prisma, ['db', 'push', '--skip-generate'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: `file:${pushed}` },
      });
      expect(sqliteStructure(migrated)).toEqual(sqliteStructure(pushed));
    }, 120_000);
  } else {
    it('the PostgreSQL migrations build the PostgreSQL schema (prisma migrate diff)', async () => {
      const database = await createPostgresDatabase();
      try {
        // --exit-code: 0 no difference, 2 a difference (execFile rejects, with the summary).
        const { stdout } = await run(
          prisma,
          [
            'migrate',
            'diff',
            '--from-migrations',
            migrationsFolder(root, 'postgresql'),
            '--to-schema-datamodel',
            schemaFile(root, 'postgresql'),
            '--exit-code',
          ],
          { cwd: root, env: { ...process.env, DATABASE_URL: database.url } },
        );
        expect(stdout).toContain('No difference detected');
      } finally {
        await database.drop();
      }
    }, 120_000);
  }
});
