/**
 * `npm run bench`, with the live server (the live tier's stack: livekit-server --dev, the
 * production console, the real agent worker, the scripted Realtime server, server-everything):
 *
 * (a) Call setup: Start call pressed -> the page shows the agent listening, median of 5 calls,
 *     against a baseline measured in the same run: a bare livekit-client join (in the same
 *     Chromium, microphone on) of a room whose token dispatches a minimal worker
 *     (agent/bench/minimal-worker.ts: joins and says it is listening) the same way. Target <= 1.3.
 * (b) Event latency: a call event from the agent's publish (its `ts`) to the caller's page
 *     showing it (the reducer's result rendered), p50 and p95 over 100+ tool-call events.
 *     Target p95 <= 100 ms on loopback.
 * (c) Resident memory of the agent's job process during a call.
 *
 * Uses the production build (made first if there is none) and livekit-server
 * (scripts/livekit-server.sh).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from '@playwright/test';
import type * as LivekitClient from 'livekit-client';
import { build } from 'esbuild';
import { AccessToken, RoomAgentDispatch, RoomConfiguration } from 'livekit-server-sdk';
import { callTool, text } from '@/agent/test/support/scripted-realtime-server';
import { createDb, type Db } from '@/lib/db/client';
import { listCallEvents } from '@/lib/db/call-events';
import { createAccount, signedInPage } from '@/e2e/live/support/accounts';
import { startLiveStack } from '@/e2e/live/support/live-stack';
import { startProcess, freeTcpPort } from '@/e2e/live/support/processes';
import { GET_SUM, registerMcpServer } from '@/e2e/live/support/seed';
import { ensureToneWav } from '@/e2e/live/support/tone-wav';

const root = path.resolve(import.meta.dirname, '..');
const CALLS = 5;
const TOOL_CALLS = 40;
const MINIMAL_AGENT = 'bench-minimal-agent';

const median = (values: number[]) => quantile(values, 0.5);
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function agentListening(page: Page, timeout = 90_000) {
  await page
    .getByRole('status')
    .filter({ hasText: /^listening$/ })
    .waitFor({ timeout });
}

async function hydrated(page: Page) {
  const start = page.getByRole('button', { name: 'Start call' });
  await start.waitFor();
  await page.waitForFunction(
    (el) => Object.keys(el!).some((key) => key.startsWith('__reactFiber')),
    await start.elementHandle(),
  );
  return start;
}

/**
 * Back-to-back calls: LiveKit skips a worker reporting load 0.7 or more (AGENT_MAX_JOBS jobs), so
 * each call waits for the last one's job to be over (the call ended, the worker's heartbeat idle).
 */
async function jobsDone(db: Db, userId: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const last = await db.call.findFirst({ where: { userId }, orderBy: { createdAt: 'desc' } });
    const busy = await db.workerHeartbeat.count({ where: { activeJobs: { gt: 0 } } });
    if (last?.status === 'ended' && busy === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the last call's job did not end within 60 s");
}

/** Resident set of each job process under `pid` (the framework forks job_proc_lazy_main). */
function jobProcessRss(pid: number): number[] {
  const children = new Map<number, number[]>();
  const jobs = new Set<number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('job_proc_lazy_main'))
        jobs.add(Number(entry));
    } catch {
      // the process exited meanwhile
    }
  }
  const rss: number[] = [];
  const walk = (p: number) => {
    for (const child of children.get(p) ?? []) {
      if (jobs.has(child)) {
        const status = fs.readFileSync(`/proc/${child}/status`, 'utf8');
        rss.push(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      }
      walk(child);
    }
  };
  walk(pid);
  return rss;
}

/** A page on 127.0.0.1 (a secure context, for the microphone) with livekit-client loaded. */
async function bareClientPage(pageOf: () => Promise<Page>): Promise<{ page: Page; close(): void }> {
  const bundle = await build({
    entryPoints: [path.join(root, 'node_modules/livekit-client/dist/livekit-client.esm.mjs')],
    bundle: true,
    format: 'iife',
    globalName: 'LivekitClient',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  const server = http.createServer((req, res) => {
    if (req.url === '/livekit-client.js') {
      res.setHeader('Content-Type', 'text/javascript');
      return res.end(script);
    }
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><script src="/livekit-client.js"></script><p>bare</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const page = await pageOf();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return { page, close: () => server.close() };
}

async function main() {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.log('bench-live: no production build yet, running `next build` first');
    execFileSync('npx', ['next', 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
  }
  const microphone = ensureToneWav(path.join(root, 'data', 'live-microphone.wav'));
  const stack = await startLiveStack();
  const minimalPort = await freeTcpPort();
  const minimal = startProcess(
    'minimal-worker',
    'npx',
    ['tsx', 'agent/bench/minimal-worker.ts', 'start'],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LIVEKIT_URL: stack.livekit.url,
        LIVEKIT_API_KEY: stack.livekit.apiKey,
        LIVEKIT_API_SECRET: stack.livekit.apiSecret,
        AGENT_NAME: MINIMAL_AGENT,
        AGENT_HTTP_PORT: String(minimalPort),
      },
    },
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${microphone}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const db = createDb(stack.databaseUrl);
  try {
    await minimal.waitForOutput(/registered worker/, 90_000);
    const consoleUrl = stack.consoles[0]!.url;
    const member = await createAccount(browser, consoleUrl, stack.consoles[0]!.admin, 'member');
    const page = await signedInPage(browser, consoleUrl, member);

    // (a) Call setup, ours: one warm-up call (the worker's first job process), then CALLS.
    const ours: number[] = [];
    for (let i = 0; i <= CALLS; i++) {
      await page.goto('/call');
      const start = await hydrated(page);
      const t0 = Date.now();
      await start.click();
      await agentListening(page);
      if (i > 0) ours.push(Date.now() - t0);
      await page.getByRole('button', { name: 'End call' }).click();
      await page.getByRole('button', { name: 'Start another call' }).waitFor({ timeout: 30_000 });
      await jobsDone(db, member.id);
    }

    // (a) Baseline: a bare livekit-client join, dispatching the minimal worker the same way.
    const bare = await bareClientPage(() => browser.newPage());
    const baseline: number[] = [];
    for (let i = 0; i <= CALLS; i++) {
      const roomName = `bench-bare-${Date.now()}-${i}`;
      const token = new AccessToken(stack.livekit.apiKey, stack.livekit.apiSecret, {
        identity: `bench-${i}`,
      });
      token.addGrant({ room: roomName, roomJoin: true, canPublish: true, canSubscribe: true });
      token.roomConfig = new RoomConfiguration({
        agents: [new RoomAgentDispatch({ agentName: MINIMAL_AGENT, metadata: '{}' })],
      });
      const jwt = await token.toJwt();
      const elapsed = await bare.page.evaluate(
        async ({ url, jwt }) => {
          const LK = (window as unknown as { LivekitClient: typeof LivekitClient }).LivekitClient;
          const room = new LK.Room();
          const t0 = performance.now();
          const listening = new Promise<void>((resolve) => {
            const check = () => {
              for (const p of room.remoteParticipants.values())
                if (p.attributes['lk.agent.state'] === 'listening') resolve();
            };
            room.on(LK.RoomEvent.ParticipantAttributesChanged, check);
            room.on(LK.RoomEvent.ParticipantConnected, check);
          });
          await room.connect(url, jwt);
          await room.localParticipant.setMicrophoneEnabled(true);
          await listening;
          const took = performance.now() - t0;
          await room.disconnect();
          return took;
        },
        { url: stack.livekit.url, jwt },
      );
      if (i > 0) baseline.push(elapsed);
    }
    bare.close();

    // (b) Event latency, and (c) the job process's memory during that call.
    await registerMcpServer(db, {
      name: 'Everything (bench)',
      url: stack.mcp.url,
      tools: [GET_SUM],
    });
    stack.realtime.script(
      ...Array.from({ length: TOOL_CALLS }, (_, i) =>
        callTool('get-sum', { a: i, b: 1 }, `call_bench_${String(i).padStart(3, '0')}`),
      ),
      text('All done.'),
    );
    await page.goto('/call');
    const start = await hydrated(page);
    await start.click();
    await agentListening(page);
    await page.evaluate(() => {
      const seen: Array<{ index: number; state: string; at: number }> = [];
      (window as unknown as { benchSeen: typeof seen }).benchSeen = seen;
      const known = new Map<Element, string>();
      const scan = () => {
        const cards = [...document.querySelectorAll('article[aria-label^="Tool call get-sum"]')];
        cards.forEach((card, index) => {
          const state = card.getAttribute('aria-label')!.split(': ')[1] ?? '';
          if (known.get(card) === state) return;
          known.set(card, state);
          seen.push({ index, state, at: Date.now() });
        });
      };
      new MutationObserver(scan).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['aria-label'],
      });
    });
    const call = await db.call.findFirstOrThrow({
      where: { userId: member.id },
      orderBy: { createdAt: 'desc' },
    });
    await page.getByLabel('Type to the agent').fill('Add the numbers, please.');
    await page.getByRole('button', { name: 'Send' }).click();
    const rssSamples: number[] = [];
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      rssSamples.push(...jobProcessRss(stack.workers[0]!.process.child.pid!));
      const done = await page.locator('article[aria-label="Tool call get-sum: done"]').count();
      if (done >= TOOL_CALLS) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seen = await page.evaluate(
      () =>
        (window as unknown as { benchSeen: Array<{ index: number; state: string; at: number }> })
          .benchSeen,
    );
    const events = (await listCallEvents({ db, callId: call.id })).filter(
      (e) => e.type === 'tool_call',
    );
    const order = [...new Set(events.map((e) => (e.type === 'tool_call' ? e.toolCallId : '')))];
    const latencies: number[] = [];
    for (const s of seen) {
      const event = events.find(
        (e) => e.type === 'tool_call' && e.toolCallId === order[s.index] && e.state === s.state,
      );
      if (event) latencies.push(s.at - Date.parse(event.ts));
    }
    await page.getByRole('button', { name: 'End call' }).click();

    const setupOurs = median(ours);
    const setupBare = median(baseline);
    console.log('\nLive call (livekit-server --dev on loopback, real worker, scripted model)');
    console.log(
      `  (a) call setup, median of ${CALLS}: ${ms(setupOurs)} (calls: ${ours.map(ms).join(', ')})`,
    );
    console.log(
      `      baseline, bare livekit-client join + minimal worker: ${ms(setupBare)} (${baseline.map(ms).join(', ')})`,
    );
    console.log(`      ratio ${(setupOurs / setupBare).toFixed(2)} (target <= 1.3)`);
    console.log(
      `  (b) event latency, agent publish -> caller's page, over ${latencies.length} events of ${events.length}: p50 ${ms(quantile(latencies, 0.5))}, p95 ${ms(quantile(latencies, 0.95))}, max ${ms(Math.max(...latencies))} (target p95 <= 100 ms)`,
    );
    const peak = Math.max(...rssSamples);
    console.log(
      `  (c) agent job process resident memory during the call: peak ${peak.toFixed(0)} MB, median ${median(rssSamples).toFixed(0)} MB over ${rssSamples.length} samples`,
    );
  } finally {
    await db.$disconnect();
    await browser.close();
    await minimal.stop();
    await stack.stop();
  }
}

await main();
