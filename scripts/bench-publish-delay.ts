/**
 * `npm run bench` (part): how much later the room hears of a call event now that it is stored
 * first (issue 16 item 5, agent/src/call-event-emitter.ts). The emitter and writer a call uses,
 * the writer's default (a write as soon as a burst is queued, what comes meanwhile in the next), a real database (a SQLite file, then a PostgreSQL 15 server
 * of its own), events emitted one at a time about 120 ms apart, as a call's transcript and tool
 * events come. For each event: from emit to the moment it was numbered (when the room used to
 * get it, and when local listeners still do), and from emit to the room's `publish`.
 */
import { performance } from 'node:perf_hooks';
import { appendCallEvents } from '@/lib/db/call-events';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import { CallEventEmitter } from '@/agent/src/call-event-emitter';
import { createEventStoreWriter } from '@/agent/src/event-store-writer';
import type { Logger } from '@/agent/src/logger';
import { seedCall } from '@/agent/test/support/seed';
import { startPostgres } from '@/test/support/postgres-server';
import { createTestDb } from '@/test/support/test-db';

const EVENTS = 60;
const GAP_MS = 120;
const quiet: Logger = { info: () => {}, warn: () => {}, error: (f, m) => console.error(m, f) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const f = (v: number) => `${v.toFixed(1)} ms`;

async function measure(label: string): Promise<void> {
  const test = await createTestDb();
  try {
    const { db } = test;
    const { callId } = await seedCall({ db, sealKey: parseSealKey(generateSealKey()) });
    const writer = createEventStoreWriter({
      append: (events) => appendCallEvents({ db, events }),
      log: quiet,
      callId,
    });
    const emittedAt = new Map<number, number>();
    const numbered: number[] = [];
    const published: number[] = [];
    const emitter = new CallEventEmitter({
      callId,
      store: writer,
      log: quiet,
      publish: async (text) => {
        const { seq } = JSON.parse(text) as { seq: number };
        published.push(performance.now() - emittedAt.get(seq)!);
      },
    });
    emitter.onEvent((event) => numbered.push(performance.now() - emittedAt.get(event.seq)!));
    for (let seq = 0; seq < EVENTS; seq++) {
      emittedAt.set(seq, performance.now());
      emitter.emit({ type: 'notice', level: 'info', code: 'bench', message: `event ${seq}` });
      await sleep(GAP_MS);
    }
    const flushed = emitter.flush();
    await writer.close();
    await flushed;
    const row = (name: string, values: number[]) =>
      `  ${name}: p50 ${f(quantile(values, 0.5))}, p90 ${f(quantile(values, 0.9))}, max ${f(Math.max(...values))}`;
    console.log(
      [
        `publish delay, ${label} (${EVENTS} events, one per ${GAP_MS} ms, 50 ms write batch):`,
        row('emit to numbered (the room, before store-first)', numbered),
        row('emit to published (the room, stored first)', published),
      ].join('\n'),
    );
  } finally {
    await test.cleanup();
  }
}

await measure('SQLite');
const server = await startPostgres();
try {
  // test-db.ts makes its PostgreSQL databases on the server named here, as in Vitest's project.
  process.env.TEST_DATABASE = 'postgresql';
  process.env.TEST_POSTGRES_URL = server.url;
  await measure('PostgreSQL 15');
} finally {
  await server.stop();
}
