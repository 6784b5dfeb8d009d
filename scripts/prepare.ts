/**
 * Runs before the console starts (npm run dev / npm start): validates the configuration,
 * applies committed migrations to the database, creates the first admin and the default
 * agent profile. Idempotent: later starts only apply new migrations.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadDotEnv } from '../lib/env/local-secrets';

loadDotEnv();

const { consoleEnv } = await import('../lib/env/console-env');
const { databaseFile, databaseUrl, withoutPassword } = await import('../lib/db/database-url');
const { createDb, dbProvider, ensureDatabaseFolder } = await import('../lib/db/client');
const { ensureDefaultAgentProfile, generatePassword, hasAdmin } =
  await import('../lib/db/bootstrap');

let env;
try {
  env = consoleEnv();
} catch (error) {
  console.error(`\n${(error as Error).message}\n`);
  process.exit(1);
}

const root = path.resolve(import.meta.dirname, '..');
const url = databaseUrl(env.databaseUrl);
ensureDatabaseFolder(url);
// Prisma's own output names the schema's placeholder file and warns about it (the driver adapter
// decides which file is used): say what happened to the real one, and show everything on failure.
const migrate = spawnSync(
  path.join(root, 'node_modules', '.bin', 'prisma'),
  ['migrate', 'deploy'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: url },
  },
);
const file = databaseFile(url);
const relativeFile = file === null ? null : path.relative(process.cwd(), file);
const shownDatabase =
  file === null
    ? withoutPassword(url)
    : relativeFile && !relativeFile.startsWith('..')
      ? relativeFile
      : file;
if (migrate.status !== 0) {
  process.stderr.write(`${migrate.stdout ?? ''}${migrate.stderr ?? ''}${migrate.error ?? ''}\n`);
  console.error(`The migrations could not be applied to ${shownDatabase} (Prisma's output above).`);
  process.exit(1);
}
const applied = [...(migrate.stdout ?? '').matchAll(/└─ (\S+)\/$/gm)].map((m) => m[1]);
console.log(
  applied.length > 0
    ? `Database ${shownDatabase}: applied ${applied.length} migration${applied.length === 1 ? '' : 's'} (${applied.join(', ')}).`
    : `Database ${shownDatabase}: up to date, no pending migrations.`,
);

const db = createDb(url);
// SQLite: WAL lets the console read while the agent worker appends call events.
if (dbProvider(db) === 'sqlite') await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');

if (!(await hasAdmin({ db }))) {
  const { getAuth } = await import('../lib/auth/auth');
  const email = env.admin.email ?? 'admin@example.com';
  const password = env.admin.password ?? generatePassword();
  let created = true;
  try {
    await getAuth().api.createUser({ body: { email, password, name: 'Admin', role: 'admin' } });
  } catch (error) {
    // Several console instances starting at once on one PostgreSQL: another one made it first.
    if (!(await hasAdmin({ db }))) throw error;
    created = false;
  }
  if (!created) {
    console.log('First admin: created by another console instance starting at the same time.');
  } else if (env.admin.password) {
    console.log(`\nFirst admin created: ${email} (password from ADMIN_PASSWORD).\n`);
  } else {
    const line = '-'.repeat(64);
    console.log(
      `\n${line}\n First admin created. Sign in with:\n   email:    ${email}\n   password: ${password}\n` +
        ` This password is shown once. Change it after signing in (Account page),\n` +
        ` or set ADMIN_EMAIL and ADMIN_PASSWORD in .env before the first start.\n${line}\n`,
    );
  }
}
await ensureDefaultAgentProfile({ db });
await db.$disconnect();
