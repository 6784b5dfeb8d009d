import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { decodeCallEvents } from '@/lib/call-events/wire';
import {
  appendCallEvents,
  listCallEvents,
  listCallEventsWithDetail,
  markCallEnded,
  markCallStarted,
} from '@/lib/db/call-events';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import { CallEventEmitter } from '../src/call-event-emitter';
import { createEventStoreWriter } from '../src/event-store-writer';
import { ToolCalls } from '../src/tool-calls';
import type { Logger } from '../src/logger';
import { seedCall } from './support/seed';
import type { CallEvent } from '@/lib/call-events/schema';
import type { CallToolConfig } from '@/lib/db/call-config';
import { createManagedMcpServer } from '@/lib/mcp/managed-connection';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';

function memoryLog() {
  const lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const log: Logger = {
    info: (fields, message) => lines.push({ level: 'info', message, fields }),
    warn: (fields, message) => lines.push({ level: 'warn', message, fields }),
    error: (fields, message) => lines.push({ level: 'error', message, fields }),
  };
  return { log, lines };
}

function fixtureTool(name: string, properties: Record<string, unknown>): CallToolConfig {
  return {
    toolId: name,
    serverId: 'util',
    serverName: 'util',
    mcpName: name,
    functionName: name,
    description: name,
    parameters: { type: 'object', properties },
    inputSchema: { type: 'object', properties },
    timeoutMs: 10_000,
    resultBudgetBytes: 8192,
    needsConfirmation: false,
    confirmTimeoutMs: 30_000,
  };
}

async function waitUntil(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let t: TestDb;
let fixture: FixtureServer;
const sealKey = parseSealKey(generateSealKey());
beforeAll(async () => {
  t = await createTestDb();
  fixture = await startFixtureServer();
});
afterAll(async () => {
  await fixture.close();
  await t.cleanup();
});

describe('call event pipeline', () => {
  it('numbers, validates, publishes in order and stores every event', async () => {
    const { callId } = await seedCall({ db: t.db, sealKey });
    const { log, lines } = memoryLog();
    const writer = createEventStoreWriter({
      append: (events) => appendCallEvents({ db: t.db, events }),
      log,
      callId,
    });
    const published: Array<{ text: string; topic: string }> = [];
    const emitter = new CallEventEmitter({
      callId,
      store: writer,
      log,
      publish: async (text, { topic }) => {
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        published.push({ text, topic });
      },
    });
    emitter.emit({ type: 'call_state', state: 'started' });
    // invalid (empty code): refused, logged, and no seq is used up
    emitter.emit({ type: 'notice', level: 'error', code: '', message: 'x' });
    await emitter.flush();
    expect(lines.some((l) => l.level === 'error' && l.message.includes('contract'))).toBe(true);
    // The tool calls' events come from their owner, with a real MCP server behind it.
    const echo = fixtureTool('echo', { text: { type: 'string' } });
    const slow = fixtureTool('slow', { ms: { type: 'number' } });
    const server = createManagedMcpServer({
      name: 'util',
      url: fixture.url,
      policy: { allowPrivate: true, allowList: [] },
    });
    const toolCalls = new ToolCalls({
      tools: [echo, slow],
      servers: new Map([['util', server]]),
      emitter,
    });
    const aborted = new AbortController();
    const echoed = await toolCalls.execute(
      echo,
      { text: 'x'.repeat(5000) },
      { toolCallId: 'c1', signal: aborted.signal },
    );
    expect(echoed).toEqual({ ok: true, text: 'x'.repeat(5000) });
    const stillRunning = toolCalls.execute(
      slow,
      { ms: 5000 },
      { toolCallId: 'c2', signal: aborted.signal },
    );
    await waitUntil(() => fixture.received.some((r) => r.tool === 'slow'));
    toolCalls.end('the call ended');
    // the framework aborts the running call; its late failure is no second outcome
    aborted.abort();
    expect((await stillRunning).ok).toBe(false);
    emitter.emit({ type: 'call_state', state: 'ended', reason: 'user_initiated' });
    await emitter.flush();
    await server.close();
    const result = await writer.close();
    expect(result).toEqual({ written: 8, lost: 0 });

    const sent = published.flatMap((p) => decodeCallEvents(p.text).events);
    expect(published.every((p) => p.topic === 'console.events')).toBe(true);
    expect(sent.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sent.map((e) => ('state' in e ? e.state : e.type))).toEqual([
      'started',
      'requested',
      'executing',
      'done',
      'requested',
      'executing',
      'failed',
      'ended',
    ]);
    expect(sent[1]).toMatchObject({ args: { truncated: true } });
    expect(sent[6]).toMatchObject({ error: { code: 'cancelled', message: 'the call ended' } });

    const stored = await listCallEvents({ db: t.db, callId });
    expect(stored).toEqual(sent);
    const withDetail = await listCallEventsWithDetail({ db: t.db, callId });
    expect(withDetail[1]?.detail).toEqual({ args: { text: 'x'.repeat(5000) } });
    const rows = await t.db.callEvent.findMany({ where: { callId }, orderBy: { seq: 'asc' } });
    expect(rows[3]).toMatchObject({ type: 'tool_call', toolCallId: 'c1', state: 'done' });
    expect(rows[0]).toMatchObject({ type: 'call_state', toolCallId: null, state: null });
    expect((await listCallEvents({ db: t.db, callId, afterSeq: 4 })).map((e) => e.seq)).toEqual([
      5, 6, 7,
    ]);
  });

  it('retries a failing database with backoff, in order, without duplicates', async () => {
    const { callId } = await seedCall({ db: t.db, sealKey });
    const { log, lines } = memoryLog();
    let failuresLeft = 3;
    const writer = createEventStoreWriter({
      append: async (events) => {
        if (failuresLeft-- > 0) throw new Error('SQLITE_BUSY: database is locked');
        await appendCallEvents({ db: t.db, events });
      },
      log,
      callId,
      initialBackoffMs: 5,
    });
    const emitter = new CallEventEmitter({ callId, store: writer, log });
    for (let i = 0; i < 20; i++)
      emitter.emit({
        type: 'transcript',
        role: 'user',
        segmentId: `s${i}`,
        text: `t${i}`,
        final: true,
      });
    await emitter.flush();
    expect(await writer.close()).toEqual({ written: 20, lost: 0 });
    expect((await listCallEvents({ db: t.db, callId })).map((e) => e.seq)).toEqual([
      ...Array(20).keys(),
    ]);
    expect(lines.filter((l) => l.message.includes('retrying'))).toHaveLength(3);
    expect(lines.some((l) => l.message.includes('recovered'))).toBe(true);
  });

  it('a retried batch whose commit already happened is not stored twice', async () => {
    const { callId } = await seedCall({ db: t.db, sealKey });
    const emitter = new CallEventEmitter({
      callId,
      store: { enqueue: async () => true },
      log: memoryLog().log,
    });
    const seen: CallEvent[] = [];
    emitter.onEvent((e) => seen.push(e));
    emitter.emit({ type: 'call_state', state: 'started' });
    await emitter.flush();
    const event = seen[0]!;
    await appendCallEvents({ db: t.db, events: [{ event }] });
    await appendCallEvents({ db: t.db, events: [{ event }] });
    expect(await t.db.callEvent.count({ where: { callId } })).toBe(1);
  });

  it('logs loudly, with the count, when events are finally lost', async () => {
    const { log, lines } = memoryLog();
    const writer = createEventStoreWriter({
      append: async () => {
        throw new Error('disk I/O error');
      },
      log,
      callId: 'call-x',
      initialBackoffMs: 5,
    });
    const emitter = new CallEventEmitter({ callId: 'call-x', store: writer, log });
    for (let i = 0; i < 4; i++)
      emitter.emit({ type: 'notice', level: 'info', code: 'n', message: String(i) });
    await emitter.flush();
    expect(await writer.close(200)).toEqual({ written: 0, lost: 4 });
    const loss = lines.find((l) => l.level === 'error' && l.message.includes('LOST 4'));
    expect(loss?.fields).toMatchObject({ callId: 'call-x', lost: 4, firstSeq: 0, lastSeq: 3 });
  });

  it('marks the call started and ended once', async () => {
    const { callId } = await seedCall({ db: t.db, sealKey });
    await markCallStarted({ db: t.db, callId, at: new Date('2026-01-01T10:00:00Z') });
    await markCallStarted({ db: t.db, callId, at: new Date('2026-01-01T10:05:00Z') });
    await markCallEnded({
      db: t.db,
      callId,
      reason: 'user_initiated',
      at: new Date('2026-01-01T10:10:00Z'),
    });
    await markCallEnded({
      db: t.db,
      callId,
      reason: 'later',
      at: new Date('2026-01-01T10:20:00Z'),
    });
    const call = await t.db.call.findUniqueOrThrow({ where: { id: callId } });
    expect(call).toMatchObject({
      status: 'ended',
      startedAt: new Date('2026-01-01T10:00:00Z'),
      endedAt: new Date('2026-01-01T10:10:00Z'),
      endReason: 'user_initiated',
    });
  });
});
