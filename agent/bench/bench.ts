/**
 * `npm run bench`: the agent's speed targets, measured (never asserted in tests).
 *
 * (a) Tool-bridge overhead: the median time from the framework calling a bridged tool's
 *     `execute` to it returning (validation, events, database queue, managed MCP connection,
 *     result text), divided by the median of the same MCP call made directly with the SDK client,
 *     same server, same run, calls interleaved. Target <= 1.10.
 * (b) Tools ready: from job start (prepareCall: load the call's config from the database, connect
 *     its MCP servers) to every server settled, with 5 MCP servers that each take 300 ms to
 *     answer a request (a proxy holds each JSON-RPC request's answer for 300 ms; notifications
 *     pass), against 300 ms. Target <= 1.2 x 300 ms. Also: until the model received the tools
 *     (the third session.update at the scripted Realtime server).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startFixtureServer } from '@/test/fixtures/mcp-fixture-server';
import { createTestDb } from '@/test/support/test-db';
import { appendCallEvents } from '@/lib/db/call-events';
import { createManagedMcpServer } from '@/lib/mcp/managed-connection';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import { CallEventEmitter } from '../src/call-event-emitter';
import { prepareCall, startCallSession } from '../src/call-session';
import { createEventStoreWriter } from '../src/event-store-writer';
import type { Logger } from '../src/logger';
import { createMcpTools } from '../src/tool-bridge';
import { ToolCallTracker } from '../src/tool-call-tracker';
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

async function benchOverhead(): Promise<{
  bridge: number;
  direct: number;
  managed: number;
  ratio: number;
  n: number;
}> {
  const t = await createTestDb();
  const fixture = await startFixtureServer();
  const sealKey = parseSealKey(generateSealKey());
  const { callId } = await seedCall({ db: t.db, sealKey });
  const writer = createEventStoreWriter({
    append: (events) => appendCallEvents({ db: t.db, events }),
    log: quiet,
    callId,
    flushDelayMs: Number(process.env.BENCH_FLUSH_MS ?? 50),
  });
  const emitter = new CallEventEmitter({
    callId,
    store: writer,
    log: quiet,
    publish: async () => {},
  });
  const tracker = new ToolCallTracker(emitter);
  const server = createManagedMcpServer({
    name: 'fixture',
    url: fixture.url,
    policy: { allowPrivate: true, allowList: [] },
  });
  await server.connect();
  const [echo] = createMcpTools({
    tools: [
      {
        functionName: 'echo',
        description: 'Echoes the text back.',
        parameters: {
          type: 'object',
          properties: { text: { type: 'string' } },
          required: ['text'],
        },
        mcpName: 'echo',
        serverId: 'fixture',
        serverName: 'fixture',
        timeoutMs: 5000,
        resultBudgetBytes: 8192,
      },
    ],
    servers: new Map([['fixture', server]]),
    tracker,
  });
  const direct = new Client({ name: 'bench-direct', version: '0.0.0' });
  await direct.connect(new StreamableHTTPClientTransport(new URL(fixture.url)));

  const args = { text: 'the quick brown fox jumps over the lazy dog' };
  const runBridge = async (i: number) => {
    // the framework gives every generation's tool calls their own signal
    const { signal } = new AbortController();
    const started = performance.now();
    await echo!.execute(args, { toolCallId: `bench_${i}`, ctx: {} as never, abortSignal: signal });
    return performance.now() - started;
  };
  const runManaged = async () => {
    const { signal } = new AbortController();
    const started = performance.now();
    await server.callTool('echo', args, { timeoutMs: 5000, signal });
    return performance.now() - started;
  };
  const runDirect = async () => {
    const { signal } = new AbortController();
    const started = performance.now();
    await direct.callTool({ name: 'echo', arguments: args }, undefined, { signal, timeout: 5000 });
    return performance.now() - started;
  };
  for (let i = 0; i < 50; i++) {
    await runBridge(-i - 1);
    await runDirect();
  }
  const n = 400;
  const bridgeTimes: number[] = [];
  const directTimes: number[] = [];
  const managedTimes: number[] = [];
  for (let i = 0; i < n; i++) {
    // alternate which goes first, so drift and warm caches hit both equally
    if (i % 2 === 0) {
      bridgeTimes.push(await runBridge(i));
      directTimes.push(await runDirect());
    } else {
      directTimes.push(await runDirect());
      bridgeTimes.push(await runBridge(i));
    }
    managedTimes.push(await runManaged());
  }
  await writer.close();
  await direct.close();
  await server.close();
  await fixture.close();
  await t.cleanup();
  const bridge = median(bridgeTimes);
  const directMedian = median(directTimes);
  return {
    bridge,
    direct: directMedian,
    managed: median(managedTimes),
    ratio: bridge / directMedian,
    n,
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
  const a = await benchOverhead();
  console.log(
    '(a) tool-bridge overhead, fixture MCP server "echo", %d interleaved calls each',
    a.n,
  );
  console.log(`    median bridge execute():      ${ms(a.bridge)}`);
  console.log(`    median direct SDK callTool(): ${ms(a.direct)}`);
  console.log(`    (for attribution) median lib/mcp managed callTool() alone: ${ms(a.managed)}`);
  console.log(
    `    ratio: ${a.ratio.toFixed(3)}   (target <= 1.10) ${a.ratio <= 1.1 ? 'OK' : 'OVER TARGET'}\n`,
  );

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
