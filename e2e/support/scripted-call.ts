import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { E2E_DATABASE_FILE, E2E_SERVER_ENV } from './e2e-env';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * Runs a real agent session for a call of the e2e database (agent/test/support/run-scripted-call.ts:
 * the agent factory against the scripted Realtime server and the call's real MCP servers).
 * `script` may be a function of a file path `go`: a turn that waits for it is held until
 * `release()` creates it.
 */
export interface ScriptedCall {
  exited: Promise<{ code: number | null; output: string }>;
  kill(): void;
  release(): void;
}

export function runScriptedCall(callId: string, script: (go: string) => unknown): ScriptedCall;
export function runScriptedCall(callId: string, script: Record<string, unknown>): ScriptedCall;
export function runScriptedCall(
  callId: string,
  script: Record<string, unknown> | ((go: string) => unknown),
): ScriptedCall {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scripted-call-e2e-'));
  const file = path.join(dir, 'script.json');
  const go = path.join(dir, 'go');
  fs.writeFileSync(file, JSON.stringify(typeof script === 'function' ? script(go) : script));
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      'agent/test/support/run-scripted-call.ts',
      '--database-url',
      `file:${E2E_DATABASE_FILE}`,
      '--call-id',
      callId,
      '--script',
      file,
      '--seal-key',
      E2E_SERVER_ENV.SEAL_KEY!,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  );
  return { exited, kill: () => child.kill('SIGTERM'), release: () => fs.writeFileSync(go, '') };
}
