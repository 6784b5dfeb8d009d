/**
 * Playwright's web server: a fresh database, then exactly what `npm start` does
 * (scripts/prepare.ts: migrations + first admin), then `next start` on the built app.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_DATABASE_FILE, E2E_SERVER_ENV } from './e2e-env';

const root = path.resolve(import.meta.dirname, '..', '..');
for (const suffix of ['', '-wal', '-shm', '-journal'])
  fs.rmSync(`${E2E_DATABASE_FILE}${suffix}`, { force: true });

const env = { ...process.env, ...E2E_SERVER_ENV };
const child = spawn('npm', ['start'], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
