/**
 * Benchmark (not a test): a sign-in with an unknown email and one with a wrong password should
 * take the same time, so response times do not reveal which emails have accounts.
 * Prints the median of each through better-auth's HTTP handler and their ratio; then the same
 * for an email locked by the per-account lock, with and without an account behind it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sign-in-'));
const file = path.join(dir, 'bench.db');
const migrations = path.resolve(import.meta.dirname, '..', 'prisma', 'migrations');
const sqlite = new Database(file);
for (const name of fs.readdirSync(migrations).sort()) {
  const sql = path.join(migrations, name, 'migration.sql');
  if (fs.existsSync(sql)) sqlite.exec(fs.readFileSync(sql, 'utf8'));
}
sqlite.close();
process.env.DATABASE_URL = `file:${file}`;
process.env.SIGN_IN_RATE_LIMIT = '100000/60';
// The unlocked rounds fail on purpose thousands of times: the lock must not end them.
process.env.SIGN_IN_ACCOUNT_LOCK = '100000000/60';

const { getAuth } = await import('../lib/auth/auth');
const auth = getAuth();
await auth.api.createUser({
  body: { email: 'known@bench.test', password: 'right-password-1', name: 'Known', role: 'member' },
});
// Two emails the per-account lock holds, one with an account and one without.
const { getDb } = await import('../lib/db/client');
await getDb().signInFailure.createMany({
  data: ['locked@bench.test', 'locked-nobody@bench.test'].map((email) => ({
    email,
    failures: 5,
    lastFailedAt: new Date(),
    lockedUntil: new Date(Date.now() + 3_600_000),
  })),
});
await auth.api.createUser({
  body: { email: 'locked@bench.test', password: 'right-password-1', name: 'Lock', role: 'member' },
});

async function attempt(email: string, expected = 401): Promise<number> {
  const started = performance.now();
  const response = await auth.handler(
    new Request('http://localhost:3000/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      body: JSON.stringify({ email, password: 'wrong-password-1' }),
    }),
  );
  if (response.status !== expected) {
    throw new Error(`expected ${expected}, got ${response.status}`);
  }
  return performance.now() - started;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const rounds = 30;
const known: number[] = [];
const unknown: number[] = [];
for (let i = 0; i < 3; i += 1) await attempt('known@bench.test'); // warm-up
for (let i = 0; i < rounds; i += 1) {
  known.push(await attempt('known@bench.test'));
  unknown.push(await attempt(`nobody-${i}@bench.test`));
}
const a = median(known);
const b = median(unknown);
console.log('sign-in timing (median of %d, ms)', rounds);
console.log('  wrong password, known email: %s', a.toFixed(1));
console.log('  unknown email:               %s', b.toFixed(1));
console.log('  ratio unknown/known:         %s (target 0.9-1.1)', (b / a).toFixed(3));

const lockedKnown: number[] = [];
const lockedUnknown: number[] = [];
for (let i = 0; i < rounds; i += 1) {
  lockedKnown.push(await attempt('locked@bench.test', 429));
  lockedUnknown.push(await attempt('locked-nobody@bench.test', 429));
}
const c = median(lockedKnown);
const d = median(lockedUnknown);
console.log('locked email (median of %d, ms)', rounds);
console.log('  with an account:             %s', c.toFixed(1));
console.log('  without one:                 %s', d.toFixed(1));
console.log('  ratio without/with:          %s (target 0.9-1.1)', (d / c).toFixed(3));
fs.rmSync(dir, { recursive: true, force: true });
