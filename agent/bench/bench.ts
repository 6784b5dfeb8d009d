/**
 * `npm run bench`: the agent's speed targets, measured (never asserted in tests).
 *
 * (a) Tool-bridge overhead: the median time from the framework calling a bridged tool's
 *     `execute` to it returning (validation, events, database queue, managed MCP connection,
 *     result text), divided by the median of the same MCP call made directly with the SDK client,
 *     same server, same run: the calls are interleaved in random order, with queued work let run
 *     between them, so no call pays for the previous one. Target <= 1.10.
 * (b) Tools ready: from job start (prepareCall: load the call's config from the database, connect
 *     its MCP servers) to every server settled, with 5 MCP servers that each take 300 ms to
 *     answer a request (a proxy holds each JSON-RPC request's answer for 300 ms; notifications
 *     pass), against 300 ms. Target <= 1.2 x 300 ms. Also: until the model received the tools
 *     (the third session.update at the scripted Realtime server).
 */
import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startFixtureServer } from '@/test/fixtures/mcp-fixture-server';
import { createTestDb } from '@/test/support/test-db';
import { appendCallEvents } from '@/lib/db/call-events';
import type { CallToolConfig } from '@/lib/db/call-config';
import { DEFAULT_STDIO_CONNECT_TIMEOUT_MS } from '@/lib/mcp/client-defaults';
import { createManagedMcpServer } from '@/lib/mcp/managed-connection';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import { CallEventEmitter } from '../src/call-event-emitter';
import { startCallSession } from '../src/call-session';
import { prepareCall } from '../src/prepare-call';
import { createEventStoreWriter } from '../src/event-store-writer';
import type { Logger } from '../src/logger';
import { createFrameworkTools } from '../src/tool-bridge';
import { ToolCalls } from '../src/tool-calls';
import { quietFrameworkLogs } from '../test/support/call-harness';
import { startScriptedRealtimeServer } from '../test/support/scripted-realtime-server';
import { seedCall } from '../test/support/seed';

const quiet: Logger = { info: () => {}, warn: () => {}, error: (f, m) => console.error(m, f) };
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (v: number) => `${v.toFixed(3)} ms`;

interface Spread {
  median: number;
  p25: number;
  p75: number;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
};
const spread = (values: number[]): Spread => ({
  median: median(values),
  p25: quantile(values, 0.25),
  p75: quantile(values, 0.75),
});
/**
 * A full collection between rounds, outside every timed window: otherwise a major GC lands in
 * whichever call happens to be running, and state that only a GC clears (fetch's abort listeners
 * on a transport's long-lived signal, which the SDK's own client piles up) grows with the length
 * of the run, so the result would depend on when V8 chose to collect.
 */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** mulberry32: a small seeded generator, so the call order is random but the same every run */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** lets work queued for "right after this turn" (event bookkeeping) run outside every timed window */
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** The fixture MCP server in its own process, as an MCP server is in production. */
async function startFixtureServerProcess(): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(import.meta.dirname, 'fixture-server-process.ts'),
    ],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`fixture server process exited (${code})`)));
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

async function benchOverhead(address: 'ip' | 'name'): Promise<{
  bridge: Spread;
  direct: Spread;
  managed: Spread;
  ratio: number;
  blockRatios: number[];
  n: number;
  gcEvery: number;
}> {
  const t = await createTestDb();
  const started = await (process.env.BENCH_IN_PROCESS === '1'
    ? startFixtureServer()
    : startFixtureServerProcess());
  // By name, every connection looks the name up; a request on a kept-alive one should not.
  const fixture = {
    url: address === 'name' ? started.url.replace('127.0.0.1', 'localhost') : started.url,
    close: () => started.close(),
  };
  const sealKey = parseSealKey(generateSealKey());
  const { callId } = await seedCall({ db: t.db, sealKey });
  const writer = createEventStoreWriter({
    append: (events) => appendCallEvents({ db: t.db, events }),
    log: quiet,
    callId,
    // the production default unless asked (BENCH_FLUSH_MS), so the overhead is a call's
    ...(process.env.BENCH_FLUSH_MS ? { flushDelayMs: Number(process.env.BENCH_FLUSH_MS) } : {}),
  });
  const emitter = new CallEventEmitter({
    callId,
    store: writer,
    log: quiet,
    publish: async () => {},
  });
  const policy = { allowPrivate: true, allowList: [] };
  const server = createManagedMcpServer({ name: 'fixture', url: fixture.url, policy });
  await server.connect();
  // The attribution measurement gets its own connection, so the bridge's connection carries
  // exactly as many requests as the direct client's (per-connection state grows with requests).
  const managedAlone = createManagedMcpServer({ name: 'fixture-2', url: fixture.url, policy });
  await managedAlone.connect();
  const echoTool: CallToolConfig = {
    toolId: 'echo',
    functionName: 'echo',
    description: 'Echoes the text back.',
    parameters: {
      type: 'object',
      properties: { text: { type: 'string' } },
      required: ['text'],
    },
    inputSchema: {
      type: 'object',
      properties: { text: { type: 'string' } },
      required: ['text'],
    },
    mcpName: 'echo',
    serverId: 'fixture',
    serverName: 'fixture',
    timeoutMs: 5000,
    resultBudgetBytes: 8192,
    needsConfirmation: false,
    confirmTimeoutMs: 30_000,
  };
  const toolCalls = new ToolCalls({
    tools: [echoTool],
    servers: new Map([['fixture', server]]),
    emitter,
  });
  const [echo] = createFrameworkTools({ tools: [echoTool], toolCalls });
  const direct = new Client({ name: 'bench-direct', version: '0.0.0' });
  await direct.connect(new StreamableHTTPClientTransport(new URL(fixture.url)));

  const args = { text: 'the quick brown fox jumps over the lazy dog' };
  let callNo = 0;
  const runBridge = async () => {
    // the framework gives every generation's tool calls their own signal
    const { signal } = new AbortController();
    const toolCallId = `bench_${callNo++}`;
    const started = performance.now();
    await echo!.execute(args, { toolCallId, ctx: {} as never, abortSignal: signal });
    return performance.now() - started;
  };
  const runManaged = async () => {
    const { signal } = new AbortController();
    const started = performance.now();
    await managedAlone.callTool('echo', args, { timeoutMs: 5000, signal });
    return performance.now() - started;
  };
  const runDirect = async () => {
    const { signal } = new AbortController();
    const started = performance.now();
    await direct.callTool({ name: 'echo', arguments: args }, undefined, { signal, timeout: 5000 });
    return performance.now() - started;
  };
  const kinds = [runBridge, runDirect, runManaged] as const;
  // A fresh random order every round (seeded, so runs are comparable): a fixed cycle can line up
  // with periodic work (GC, timers) and favour one position.
  const random = seededRandom(Number(process.env.BENCH_SEED ?? 1));
  const warmUp = Number(process.env.BENCH_WARMUP ?? 120);
  const n = Number(process.env.BENCH_N ?? 1200);
  const times: [number[], number[], number[]] = [[], [], []];
  const gc = collector();
  const gcEvery = Number(process.env.BENCH_GC_EVERY ?? 20);
  for (let i = 0; i < warmUp + n; i++) {
    if (gcEvery > 0 && i % gcEvery === 0) {
      gc();
      // finalizers (which drop those listeners) run as their own tasks after the collection
      await new Promise((resolve) => setTimeout(resolve, 0));
      await settle();
    }
    const order = [0, 1, 2];
    for (let j = order.length - 1; j > 0; j--) {
      const k = Math.floor(random() * (j + 1));
      [order[j], order[k]] = [order[k]!, order[j]!];
    }
    for (const k of order) {
      const elapsed = await kinds[k as 0 | 1 | 2]();
      if (i >= warmUp) times[k as 0 | 1 | 2].push(elapsed);
      // deferred bookkeeping of one call must not land in the next call's window
      await settle();
    }
  }
  await writer.close();
  await direct.close();
  await server.close();
  await managedAlone.close();
  await fixture.close();
  await t.cleanup();
  const [bridgeTimes, directTimes, managedTimes] = times;
  // the ratio in consecutive blocks of the run: how much it moves within one run
  const blocks = 6;
  const size = Math.floor(n / blocks);
  const blockRatios = Array.from({ length: blocks }, (_, b) => {
    const slice = (values: number[]) => values.slice(b * size, (b + 1) * size);
    return median(slice(bridgeTimes)) / median(slice(directTimes));
  });
  const bridge = spread(bridgeTimes);
  const directSpread = spread(directTimes);
  return {
    bridge,
    direct: directSpread,
    managed: spread(managedTimes),
    ratio: bridge.median / directSpread.median,
    blockRatios,
    n,
    gcEvery,
  };
}

/** A proxy that holds each JSON-RPC request's answer for `delayMs` (notifications and GETs pass). */
async function slowProxy(
  upstream: string,
  delayMs: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    let isRequest = false;
    try {
      const parsed = JSON.parse(body.toString('utf8')) as unknown;
      isRequest = (Array.isArray(parsed) ? parsed : [parsed]).some(
        (m) => (m as { id?: unknown })?.id !== undefined,
      );
    } catch {
      isRequest = false;
    }
    if (req.method === 'POST' && isRequest) await new Promise((r) => setTimeout(r, delayMs));
    const forward = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function benchToolsReady(delayMs: number) {
  quietFrameworkLogs();
  const t = await createTestDb();
  const fixtures = await Promise.all(Array.from({ length: 5 }, () => startFixtureServer()));
  const proxies = await Promise.all(fixtures.map((f) => slowProxy(f.url, delayMs)));
  const sealKey = parseSealKey(generateSealKey());
  const runs: Array<{ ready: number; toModel: number; unavailable: number }> = [];
  for (let run = 0; run < 5; run++) {
    const rt = await startScriptedRealtimeServer();
    const { callId } = await seedCall({
      db: t.db,
      sealKey,
      servers: proxies.map((p, i) => ({
        name: `slow-${run}-${i}`,
        url: p.url,
        tools: [
          {
            name: `echo_${i}`,
            inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
          },
        ],
      })),
    });
    const started = performance.now();
    const prepared = await prepareCall({
      db: t.db,
      callId,
      sealKey,
      openai: { apiKey: 'bench', baseURL: rt.baseURL },
      mcpPolicy: { allowPrivate: true, allowList: [] },
      mcpConnectTimeoutMs: 5000,
      mcpStdioConnectTimeoutMs: DEFAULT_STDIO_CONNECT_TIMEOUT_MS,
      mcpStdioEnabled: false,
      log: quiet,
    });
    const ready = performance.now() - started;
    const running = await startCallSession(prepared);
    await rt.waitFor(
      (e) => e.type === 'session.update' && Array.isArray((e.session as { tools?: unknown }).tools),
    );
    const toModel = performance.now() - started;
    runs.push({ ready, toModel, unavailable: prepared.servers.unavailable.length });
    await running.end();
    await rt.close();
    // each run uses its own servers in the database: disable the previous ones
    await t.db.mcpServer.updateMany({
      where: { name: { startsWith: `slow-${run}-` } },
      data: { enabled: false },
    });
  }
  await Promise.all(proxies.map((p) => p.close()));
  await Promise.all(fixtures.map((f) => f.close()));
  await t.cleanup();
  return runs;
}

async function main() {
  console.log('Bench: agent tool bridge and call start (2 cores, loopback)\n');
  const show = (v: Spread) => `${ms(v.median)}  (p25 ${ms(v.p25)}, p75 ${ms(v.p75)})`;
  const only = process.env.BENCH_ONLY;
  const addresses =
    only === 'a'
      ? ['ip' as const]
      : only === 'a-name'
        ? ['name' as const]
        : ['ip' as const, 'name' as const];
  for (const address of addresses) {
    const a = await benchOverhead(address);
    console.log(
      '(a%s) tool-bridge overhead, fixture MCP server "echo" at %s (own process; BENCH_IN_PROCESS=1 for the same process), %d calls each in random order, settled between calls, full GC every %d rounds',
      address === 'ip' ? '' : "'",
      address === 'ip' ? '127.0.0.1' : 'localhost (a name: the same, with DNS where it happens)',
      a.n,
      a.gcEvery,
    );
    console.log(`    median bridge execute():      ${show(a.bridge)}`);
    console.log(`    median direct SDK callTool(): ${show(a.direct)}`);
    console.log(
      `    (for attribution) median lib/mcp managed callTool() alone: ${show(a.managed)}`,
    );
    console.log(
      `    ratio: ${a.ratio.toFixed(3)}   (target <= 1.10) ${a.ratio <= 1.1 ? 'OK' : 'OVER TARGET'}`,
    );
    console.log(
      `    ratio in ${a.blockRatios.length} consecutive blocks: ${a.blockRatios.map((r) => r.toFixed(3)).join(', ')}\n`,
    );
  }

  if (only === 'a' || only === 'a-name') return;
  const delay = 300;
  const runs = await benchToolsReady(delay);
  const ready = median(runs.map((r) => r.ready));
  const toModel = median(runs.map((r) => r.toModel));
  console.log(
    '(b) job start -> tools ready, 5 MCP servers answering each request after %d ms, %d runs',
    delay,
    runs.length,
  );
  console.log(
    `    runs (ready / tools at the model): ${runs.map((r) => `${r.ready.toFixed(0)}/${r.toModel.toFixed(0)} ms`).join(', ')}`,
  );
  if (runs.some((r) => r.unavailable > 0))
    console.log('    WARNING: some servers were unavailable in a run');
  console.log(
    `    median tools ready:           ${ms(ready)}  ratio ${(ready / delay).toFixed(3)} x ${delay} ms (target <= 1.20) ${ready / delay <= 1.2 ? 'OK' : 'OVER TARGET'}`,
  );
  console.log(
    `    median tools at the model:    ${ms(toModel)}  ratio ${(toModel / delay).toFixed(3)} x ${delay} ms`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
