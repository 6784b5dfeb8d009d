/**
 * Benchmark (not a test): how many live-monitor viewers one console instance serves at a fixed
 * CPU budget, on PostgreSQL, before (every viewer polls the log every 200 ms, what SQLite still
 * does) and after (one LISTEN connection per process wakes the viewers of a call when an agent
 * appends its events; viewers woken together share one read).
 *
 * A real PostgreSQL 15 (test/support/postgres-server.ts) with the committed migrations; one active
 * VIEWERS active calls with one viewer each, reading the server-sent-event stream the events route
 * returns (lib/db/call-event-stream.ts); an appender stores EVENTS_PER_S events a second per call
 * for SECONDS (run once with no viewers too, and subtracted). It
 * measures this process's CPU (the console's side: Prisma, pg, stream encoding) and the database
 * server's CPU (every postgres process, from /proc), checks every viewer got every event, and
 * prints viewers per instance at BUDGET (a fraction of one core) for each, and their ratio.
 */
import fs from 'node:fs';
import { startPostgres } from '../test/support/postgres-server';

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/** per call; a call is mostly silence between a few transcript and tool events */
const EVENTS_PER_S = Number(process.env.BENCH_EVENTS_PER_S ?? 1);
const BUDGET = 0.5;

const server = await startPostgres();
process.env.TEST_DATABASE = 'postgresql';
process.env.TEST_POSTGRES_URL = server.url;
const { createTestDb } = await import('../test/support/test-db');
const { appendCallEvents } = await import('../lib/db/call-events');
const { listenForCallEvents } = await import('../lib/db/call-event-notify');
const { liveEventStream } = await import('../lib/db/call-event-stream');

/** CPU seconds (user + system) of the postmaster and all its children, from /proc. */
function databaseCpuSeconds(root: number): number {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    if (pid !== root && ppid !== root) continue;
    // utime, stime, cutime, cstime: fields 14-17 of stat (11-14 after the name)
    total += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return total / ticks;
}

async function run(mode: 'none' | 'poll' | 'notify') {
  const t = await createTestDb();
  const { db } = t;
  await db.user.create({ data: { id: 'u1', name: 'U', email: 'u@bench.test' } });
  // One viewer per call, the usual case (each caller watches their own call): nothing to share.
  const calls = await Promise.all(
    Array.from({ length: VIEWERS }, (_, i) =>
      db.call.create({ data: { userId: 'u1', roomName: `bench-${mode}-${i}`, status: 'active' } }),
    ),
  );
  const wakeups = mode === 'notify' ? listenForCallEvents({ url: t.url }) : null;
  // the listener connects before anything is measured
  await wakeups?.listening();
  const controllers = calls.map(() => new AbortController());
  const received = new Array<number>(VIEWERS).fill(0);
  const readers =
    mode === 'none'
      ? []
      : calls.map(async (call, index) => {
          const stream = liveEventStream({
            db,
            callId: call.id,
            afterSeq: -1,
            wakeups,
            signal: controllers[index]!.signal,
          });
          const decoder = new TextDecoder();
          const reader = stream.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            received[index]! += (decoder.decode(value).match(/^id: /gm) ?? []).length;
          }
        });
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const pid = server.pid();
  const cpuBefore = process.cpuUsage();
  const dbBefore = databaseCpuSeconds(pid);
  const started = performance.now();
  const perCall = SECONDS * EVENTS_PER_S;
  for (let seq = 0; seq < perCall; seq += 1) {
    // each tick: one event per call, stored side by side (as many agent workers would)
    await Promise.all(
      calls.map((call) =>
        appendCallEvents({
          db,
          events: [
            {
              event: {
                v: 1,
                callId: call.id,
                seq,
                ts: new Date().toISOString(),
                type: 'transcript',
                role: 'agent',
                segmentId: `item-${seq}`,
                text: `line ${seq}`,
                final: true,
              },
            },
          ],
        }),
      ),
    );
    const due = started + ((seq + 1) * 1000) / EVENTS_PER_S;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
  // every viewer catches up (a poll or a wake), then the window closes
  const deadline = Date.now() + 10_000;
  while (mode !== 'none' && received.some((n) => n < perCall) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const consoleCpu = (cpu.user + cpu.system) / 1e6 / seconds;
  const databaseCpu = (databaseCpuSeconds(pid) - dbBefore) / seconds;
  const complete = received.filter((n) => n === perCall).length;
  for (const controller of controllers) controller.abort();
  await Promise.allSettled(readers);
  await wakeups?.close();
  await t.cleanup();
  return { mode, consoleCpu, databaseCpu, complete, perCall };
}

console.log(
  `Bench: live-monitor viewers per console instance on PostgreSQL (${VIEWERS} calls, one viewer ` +
    `each, ${EVENTS_PER_S} event/s per call for ${SECONDS} s; budget ${BUDGET} of one core; the ` +
    `appender's own cost, measured alone, is subtracted)\n`,
);
try {
  const alone = await run('none');
  const results = [];
  for (const mode of ['poll', 'notify'] as const) {
    const result = await run(mode);
    const consoleCpu = Math.max(result.consoleCpu - alone.consoleCpu, 1e-6);
    const databaseCpu = Math.max(result.databaseCpu - alone.databaseCpu, 1e-6);
    results.push({ consoleCpu, databaseCpu });
    console.log(
      `  ${mode === 'poll' ? 'before (each viewer polls every 200 ms)' : 'after (LISTEN/NOTIFY)                  '}: ` +
        `console ${(consoleCpu * 100).toFixed(1)}% of a core, database ${(databaseCpu * 100).toFixed(1)}%; ` +
        `${result.complete}/${VIEWERS} viewers got all ${result.perCall} events; viewers at ${BUDGET} ` +
        `core: console ${Math.floor((BUDGET * VIEWERS) / consoleCpu)}, database ` +
        `${Math.floor((BUDGET * VIEWERS) / databaseCpu)}`,
    );
  }
  const [before, after] = results;
  console.log(
    `\n  viewers at the budget, after/before: console ` +
      `${(before!.consoleCpu / after!.consoleCpu).toFixed(1)}x, database ` +
      `${(before!.databaseCpu / after!.databaseCpu).toFixed(1)}x`,
  );
} finally {
  await server.stop();
}
