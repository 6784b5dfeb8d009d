/**
 * Creates a new migration from the difference between the schema as of the last committed
 * migration (its schema.snapshot.prisma) and prisma/schema.prisma. `prisma migrate dev` needs
 * a shadow database that the WebAssembly schema engine cannot make here; this needs none.
 *
 *   npm run db:new-migration -- add_something
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const migrations = path.join(root, 'prisma', 'migrations');
const schema = path.join(root, 'prisma', 'schema.prisma');

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:new-migration -- <name in snake_case>');
  process.exit(1);
}

const previous = fs
  .readdirSync(migrations)
  .filter((dir) => fs.existsSync(path.join(migrations, dir, 'migration.sql')))
  .sort()
  .at(-1);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'new-migration-'));
const prisma = path.join(root, 'node_modules', '.bin', 'prisma');
const fromArgs = previous
  ? ['--from-schema-datamodel', path.join(migrations, previous, 'schema.snapshot.prisma')]
  : ['--from-empty'];
const sql = execFileSync(
  prisma,
  ['migrate', 'diff', ...fromArgs, '--to-schema-datamodel', schema, '--script'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: `file:${path.join(scratch, 'diff.db')}` },
  },
);
fs.rmSync(scratch, { recursive: true, force: true });

if (sql.includes('This is an empty migration')) {
  console.log('The schema has not changed since the last migration; nothing to create.');
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(migrations, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
fs.copyFileSync(schema, path.join(dir, 'schema.snapshot.prisma'));
console.log(`Created ${path.relative(root, dir)}/migration.sql`);
