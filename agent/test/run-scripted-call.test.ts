import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallEvent } from '@/lib/call-events/schema';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import {
  SEND_EMAIL_INPUT_SCHEMA,
  startFixtureServer,
  type FixtureServer,
} from '@/test/fixtures/mcp-fixture-server';
import { listCallEvents } from '@/lib/db/call-events';
import { generateSealKey } from '@/lib/seal';
import { seedCall } from './support/seed';

/** The CLI the calls e2e uses: a real session for a call in a database, played from a script. */
let t: TestDb;
let fixture: FixtureServer;
const sealKeyText = generateSealKey();
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

beforeAll(async () => {
  t = await createTestDb();
  fixture = await startFixtureServer({ requireBearer: 'secret-token' });
});
afterAll(async () => {
  await fixture.close();
  await t.cleanup();
});

/** Runs the CLI on a script; resolves with its exit code and everything it printed. */
function runCli(callId: string, script: unknown) {
  const scriptFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'script-')), 'script.json');
  fs.writeFileSync(scriptFile, JSON.stringify(script));
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      'agent/test/support/run-scripted-call.ts',
      '--database-url',
      t.url,
      '--call-id',
      callId,
      '--script',
      scriptFile,
      '--seal-key',
      sealKeyText,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  );
}

it('runs the scripted call against the database and real MCP servers, and exits 0 when ended', async () => {
  const { callId } = await seedCall({
    db: t.db,
    sealKey: Buffer.from(sealKeyText, 'base64'),
    servers: [
      {
        name: 'fixture',
        url: fixture.url,
        headers: { Authorization: 'Bearer secret-token' },
        tools: [
          {
            name: 'echo',
            inputSchema: {
              type: 'object',
              properties: { text: { type: 'string' } },
              required: ['text'],
            },
          },
        ],
      },
    ],
  });
  const script = {
    turns: [
      {
        user: 'Echo hi',
        replies: [
          { call: { name: 'echo', arguments: { text: 'hi' }, callId: 'call_cli' } },
          { text: 'It said hi.' },
        ],
      },
    ],
    pauseMs: 50,
    delayMs: 20,
  };
  const { code, output } = await runCli(callId, script);
  expect(code, output).toBe(0);

  expect(fixture.received.at(-1)).toMatchObject({ tool: 'echo', args: { text: 'hi' } });
  const events = await listCallEvents({ db: t.db, callId });
  const summary = events.map((e) =>
    e.type === 'tool_call'
      ? `tool_call:${e.state}`
      : e.type === 'call_state'
        ? `call_state:${e.state}`
        : e.type,
  );
  expect(summary).toEqual([
    'call_state:started',
    'transcript',
    'tool_call:requested',
    'tool_call:executing',
    'tool_call:done',
    'transcript',
    'claim_check',
    'call_state:ended',
  ]);
  // "It said hi." reports the echo tool's result: recorded as a claim backed by that call.
  expect(events.find((e) => e.type === 'claim_check')).toMatchObject({
    verdict: 'supported',
    tool: 'echo',
    toolCallIds: ['call_cli'],
  });
}, 40_000);

const lifecycle = (events: CallEvent[]) =>
  events.flatMap((e) =>
    e.type === 'tool_call'
      ? [`${e.tool}:${e.state}`]
      : e.type === 'confirmation'
        ? [`confirmation:${e.decision}:${e.via}:${e.by}`]
        : [],
  );

it('plays a confirmation: the call waits for the caller, then a spoken yes runs the tool once', async () => {
  const { callId } = await seedCall({
    db: t.db,
    sealKey: Buffer.from(sealKeyText, 'base64'),
    userId: 'caller-cli',
    servers: [
      {
        name: 'confirm-fixture',
        url: fixture.url,
        headers: { Authorization: 'Bearer secret-token' },
        tools: [
          {
            name: 'send_email',
            needsConfirmation: true,
            inputSchema: SEND_EMAIL_INPUT_SCHEMA,
          },
        ],
      },
    ],
    allTools: false,
    selectedTools: [{ server: 'confirm-fixture', tool: 'send_email' }],
  });
  const go = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'go-')), 'go');
  const args = { to: 'bob@example.com', subject: 'Hi', body: 'Lunch at 1?' };
  const before = fixture.received.length;
  const run = runCli(callId, {
    turns: [
      {
        user: 'Email Bob',
        replies: [
          { call: { name: 'send_email', arguments: args, callId: 'call_cli_confirm' } },
          { text: 'Should I send it? Say yes or no.' },
        ],
      },
      {
        waitForFile: go,
        user: 'Yes, send it.',
        spoken: true,
        replies: [
          { call: { name: 'confirm_action', arguments: { decision: 'yes' }, callId: 'c1' } },
          { text: 'Sent.' },
        ],
      },
    ],
    pauseMs: 50,
    delayMs: 20,
  });

  // The script holds at the awaiting entry until the file appears; nothing was sent meanwhile.
  // The wait covers the child's start (tsx, the framework, the call): on a loaded machine that
  // alone took close to 20 s.
  const deadline = Date.now() + 45_000;
  while (
    !lifecycle(await listCallEvents({ db: t.db, callId })).includes(
      'send_email:awaiting_confirmation',
    )
  ) {
    if (Date.now() > deadline) throw new Error('no awaiting_confirmation stored');
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 300));
  expect(fixture.received.slice(before)).toEqual([]);
  fs.writeFileSync(go, '');

  const { code, output } = await run;
  expect(code, output).toBe(0);
  expect(fixture.received.slice(before)).toEqual([
    { tool: 'send_email', args, at: expect.any(Number) },
  ]);
  expect(lifecycle(await listCallEvents({ db: t.db, callId }))).toEqual([
    'send_email:requested',
    'send_email:awaiting_confirmation',
    'confirmation:approved:voice:caller-cli',
    'send_email:executing',
    'send_email:done',
  ]);
}, 90_000);
