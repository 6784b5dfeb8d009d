/** Helpers of scripts/bench-live.ts: statistics, the pages' waits, the worker's pool and memory. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import type { RoomServiceClient } from 'livekit-server-sdk';
import type { Db } from '@/lib/db/client';

const root = path.resolve(import.meta.dirname, '..');

export const median = (values: number[]) => quantile(values, 0.5);
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
/**
 * tsx compiles the functions this script passes to page.evaluate with esbuild's keepNames, which
 * wraps named inner functions in a `__name` helper that only exists in Node: give pages one.
 * A string, so that it is not compiled itself.
 */
export const KEEP_NAMES_SHIM = 'globalThis.__name ??= (f) => f';
export const ms = (value: number) => `${value.toFixed(0)} ms`;

/**
 * Start call pressed -> the page shows the agent listening, timed in the page (as the baseline's
 * join is): Playwright's own waits poll the page at up to 500 ms intervals and add its round
 * trips, which measured them rather than the call. Arm before pressing; `read` gives both
 * instants in the page's clock (epoch ms, comparable with the worker's log on this host).
 */
export async function armSetupClock(page: Page): Promise<{
  read(): Promise<{ pressedAt: number; listeningAt: number }>;
}> {
  await page.evaluate(KEEP_NAMES_SHIM);
  await page.evaluate(() => {
    const now = () => performance.timeOrigin + performance.now();
    const clock = { pressedAt: NaN, listeningAt: NaN };
    (window as unknown as { benchSetup: typeof clock }).benchSetup = clock;
    const listening = () =>
      [...document.querySelectorAll('[role="status"]')].some(
        (el) => el.textContent?.trim() === 'listening',
      );
    document.addEventListener(
      'click',
      (event) => {
        const button = (event.target as Element | null)?.closest('button');
        if (button?.textContent?.trim() === 'Start call' && Number.isNaN(clock.pressedAt))
          clock.pressedAt = now();
      },
      { capture: true },
    );
    const observer = new MutationObserver(() => {
      if (!Number.isNaN(clock.pressedAt) && Number.isNaN(clock.listeningAt) && listening()) {
        clock.listeningAt = now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return {
    read: () =>
      page.evaluate(
        () =>
          (window as unknown as { benchSetup: { pressedAt: number; listeningAt: number } })
            .benchSetup,
      ),
  };
}

export async function agentListening(page: Page, timeout = 90_000) {
  await page
    .getByRole('status')
    .filter({ hasText: /^listening$/ })
    .waitFor({ timeout });
}

/**
 * A call whose page never showed the agent listening: what the page shows, and the agent's
 * attributes as LiveKit holds them (the state the page should have shown).
 */
export async function missedCall(
  page: Page,
  db: Db,
  rooms: RoomServiceClient,
  userId: string,
): Promise<string> {
  const call = await db.call.findFirstOrThrow({
    where: { userId },
    orderBy: { createdAt: 'desc' },
  });
  const shown = await page
    .getByRole('status')
    .filter({ hasText: /^(not in the call|connecting|listening|thinking|speaking|failed)$/ })
    .innerText()
    .catch(() => '(no agent state shown)');
  // What the page's livekit-client Room holds: the RoomContext value, found from the agent-state
  // element up through React's fibers (the page exposes no Room of its own).
  await page.evaluate(KEEP_NAMES_SHIM);
  const client = await page
    .getByRole('status')
    .filter({ hasText: /^(not in the call|connecting|listening|thinking|speaking|failed)$/ })
    .evaluate((el) => {
      type Fiber = { return?: Fiber; memoizedProps?: { value?: unknown } };
      const key = Object.keys(el).find((k) => k.startsWith('__reactFiber'));
      let fiber = key ? (el as unknown as Record<string, Fiber>)[key] : undefined;
      while (fiber) {
        const value = fiber.memoizedProps?.value as
          | {
              remoteParticipants?: Map<
                string,
                { kind: number; attributes: Record<string, string>; version?: number }
              >;
            }
          | undefined;
        if (value?.remoteParticipants instanceof Map)
          return [...value.remoteParticipants.entries()]
            .map(([id, p]) => `${id} kind ${p.kind} ${JSON.stringify(p.attributes)}`)
            .join('; ');
        fiber = fiber.return;
      }
      return '(no Room found)';
    })
    .catch((error: unknown) => `(${String(error)})`);
  const participants = await rooms
    .listParticipants(call.roomName)
    .catch(() => [] as Array<{ identity: string; attributes: unknown }>);
  const held = participants.map((p) => `${p.identity} ${JSON.stringify(p.attributes)}`).join('; ');
  return `call ${call.id}: the page shows "${shown}"; its Room holds ${client || 'no remote participants'}; LiveKit holds ${held || 'no participants'}`;
}

export async function hydrated(page: Page) {
  const start = page.getByRole('button', { name: 'Start call' });
  await start.waitFor();
  await page.waitForFunction(
    (el) => Object.keys(el!).some((key) => key.startsWith('__reactFiber')),
    await start.elementHandle(),
  );
  return start;
}

/** The worker's AGENT_MAX_JOBS here: its load is active jobs / this. */
export const WORKER_MAX_JOBS = 4;

/**
 * Back-to-back calls: LiveKit passes over a worker reporting load 0.7 or more, and a job stays
 * active after its call ended (until LiveKit closes the empty room, 20 s, and the framework's
 * session close, which under load took up to its 60 s limit). So each call waits for the last one
 * to be ended and for the worker to report a load LiveKit still sends calls to.
 */
export async function readyForNextCall(db: Db, userId: string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const last = await db.call.findFirst({ where: { userId }, orderBy: { createdAt: 'desc' } });
    const beats = await db.workerHeartbeat.findMany({ where: { registered: true } });
    const loadOk = beats.some((b) => b.activeJobs / WORKER_MAX_JOBS < 0.7);
    if (last?.status === 'ended' && loadOk) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the last call did not end, or the worker stayed loaded, for 120 s');
}

/**
 * The framework keeps min(cores, 4) job processes warmed, starting a new one (seconds of loading
 * on a busy host) each time a job takes one. A call started before that is done measures process
 * start-up, not the call: before each call, both loops wait for the worker's pool to be full
 * again, read from its debug log (each warmed process says "job runner initialized", each job
 * takes one).
 */
export const POOL_SIZE = Math.min(os.availableParallelism(), 4);
export async function poolWarm(output: () => string) {
  const deadline = Date.now() + 90_000;
  const count = (text: string, what: string) => text.split(what).length - 1;
  while (Date.now() < deadline) {
    const text = output();
    const idle =
      count(text, '"msg":"job runner initialized"') - count(text, '"msg":"received job request"');
    if (idle >= POOL_SIZE) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the worker did not warm ${POOL_SIZE} job processes within 90 s`);
}

/** Resident set of each job process under `pid` (the framework forks job_proc_lazy_main). */
export function jobProcessRss(pid: number): number[] {
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
export async function bareClientPage(
  pageOf: () => Promise<Page>,
): Promise<{ page: Page; close(): void }> {
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
  await page.evaluate(KEEP_NAMES_SHIM);
  return { page, close: () => server.close() };
}

/**
 * When a call's job passed each step of its setup, from the worker's debug log (its JSON lines):
 * LiveKit's job request (main process), the call taken (accepted and claimed), the room joined,
 * the session started (the framework's last line before it says listening).
 */
export function jobMilestones(
  output: string,
  callId: string,
): { requested: number; taken: number; joined: number; listening: number } {
  const lines = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map(
      (line) =>
        JSON.parse(line) as { time: number; msg: string; callId?: string } & Record<
          string,
          unknown
        >,
    );
  const taken = lines.find((l) => l.msg === 'call taken' && l.callId === callId);
  const jobId = taken?.jobId;
  const of = (msg: string | RegExp) =>
    lines.find(
      (l) =>
        (l.jobId === jobId || l.jobID === jobId) &&
        (typeof msg === 'string' ? l.msg === msg : msg.test(l.msg)),
    )?.time ?? NaN;
  return {
    requested: of('received job request'),
    taken: taken?.time ?? NaN,
    joined: of('connection state changed'),
    listening: of(/^using transcript io/),
  };
}

/** `joinedMs` of every "call prepared and room joined" line (agent/src/main.ts, the minimal worker). */
export function joinTimes(output: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"call prepared and room joined"'))
    .map((line) => (JSON.parse(line) as { joinedMs?: number }).joinedMs)
    .filter((v): v is number => typeof v === 'number');
}
