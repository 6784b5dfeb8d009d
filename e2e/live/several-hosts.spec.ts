import fs from 'node:fs';
import { expect, test, type TestInfo } from '@playwright/test';
import { callTool, text } from '@/agent/test/support/scripted-realtime-server';
import { LOST_WORKER_REASON } from '@/agent/src/lost-calls';
import type { CallEvent } from '@/lib/call-events/schema';
import { listCallEvents } from '@/lib/db/call-events';
import { createDb } from '@/lib/db/client';
import { signedInPage } from './support/accounts';
import { startLivePostgres } from './support/live-postgres';
import { startLiveStack, type LiveStack } from './support/live-stack';
import { readLiveMonitor, type MonitorRead } from './support/monitor-stream';
import { startScriptedCall, type ScriptedCaller } from './support/scripted-caller';
import { LONG_RUNNING, registerMcpServer } from './support/seed';

/**
 * Issue 16 item 5, several processes and one truth: two agent workers and two consoles on one
 * PostgreSQL and one LiveKit server, N calls at once, one worker killed mid-call. Its own stack
 * (not the tier's shared SQLite one), torn down at the end.
 */
const N = 8;
/** every call is still in its tool when the worker is killed; under the tool's 20 s time limit */
const TOOL_SECONDS = 12;

test.describe.configure({ timeout: 480_000 });

function attachLogs(stack: LiveStack, testInfo: TestInfo) {
  const logs: Record<string, string> = {
    livekit: stack.livekit.output(),
    ...Object.fromEntries(stack.workers.map((w) => [`worker-${w.index}`, w.output()])),
    ...Object.fromEntries(stack.consoles.map((c) => [`console-${c.port}`, c.process.output()])),
  };
  for (const [name, body] of Object.entries(logs)) {
    const file = testInfo.outputPath(`${name}.log`);
    fs.writeFileSync(file, body);
    testInfo.attachments.push({ name: `${name}.log`, path: file, contentType: 'text/plain' });
  }
}

/** the calls a worker process says it took ("call taken", logged by its job processes) */
function callsTaken(output: string): Array<{ callId: string; workerId: string }> {
  return output
    .split('\n')
    .filter((line) => line.includes('call taken'))
    .map((line) => ({
      callId: /callId['"]?:\s*['"]([^'"]+)['"]/.exec(line)?.[1] ?? '',
      workerId: /workerId['"]?:\s*['"]([^'"]+)['"]/.exec(line)?.[1] ?? '',
    }));
}

/** a figure for the closing note: an annotation in the report, and a line in the run's output */
function report(testInfo: TestInfo, type: string, description: string) {
  testInfo.annotations.push({ type, description });
  console.log(`[several-hosts] ${type}: ${description}`);
}

const toolStates = (events: CallEvent[], toolCallId: string) =>
  events.flatMap((e) => (e.type === 'tool_call' && e.toolCallId === toolCallId ? [e] : []));

test('two workers and two consoles on one PostgreSQL: every call taken once, spread over both, stored once and gap-free, watched from either console; a killed worker loses nothing it published', async ({
  browser,
}, testInfo) => {
  const postgres = await startLivePostgres();
  let stack: LiveStack | undefined;
  const callers: ScriptedCaller[] = [];
  try {
    stack = await startLiveStack({
      workers: 2,
      consoles: 2,
      databaseUrl: postgres.url,
      workerEnv: {
        // LiveKit passes over a worker at load 0.7: 8 calls need room for 6 on either worker.
        AGENT_MAX_JOBS: String(N),
        HEARTBEAT_INTERVAL_MS: '1000',
        AGENT_WORKER_STALE_MS: '6000',
      },
    });
    const live = stack;
    const db = createDb(live.databaseUrl);
    const [first, second] = live.consoles as [(typeof live.consoles)[0], (typeof live.consoles)[0]];
    await registerMcpServer(db, {
      name: 'Everything, slow (several hosts)',
      url: live.mcp.url,
      tools: [LONG_RUNNING],
    });
    // Signed in on one console; the session cookie is good on the other (one AUTH_SECRET, one
    // database), as behind a load balancer.
    const admin = await signedInPage(browser, first.url, first.admin);

    // The call that triggers the kill: the worker goes at once when its first tool event arrives.
    const kill: { callId?: string; at: number; done?: Promise<void> } = { at: 0 };
    const onEvent = (callId: string) => (event: CallEvent) => {
      if (kill.done || !kill.callId || callId !== kill.callId) return;
      if (event.type === 'tool_call' && event.state === 'requested') {
        kill.at = Date.now();
        kill.done = live.workers[0]!.kill();
      }
    };

    // N calls, half started on each console, one every 1.5 s: the load a worker reports to
    // LiveKit is refreshed every 2.5 s, and a burst would all go to the one that looked idlest.
    for (let k = 0; k < N; k++) {
      const consoleUrl = (k % 2 === 0 ? first : second).url;
      let callId = '';
      const caller = await startScriptedCall({
        request: admin.request,
        consoleUrl,
        onEvent: (event) => onEvent(callId)(event),
      });
      callId = caller.callId;
      live.realtime.scriptFor(
        `[call ${k}]`,
        callTool(LONG_RUNNING.name, { duration: TOOL_SECONDS, steps: 4 }, `tc_${k}`),
        text(`Call ${k} is done.`),
      );
      callers.push(caller);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
    // Each live monitor reads its call from the console that did not start it.
    // (A stream cut short is reported where it is read, not as an unhandled rejection.)
    const monitors = new Map<string, Promise<MonitorRead | Error>>(
      callers.map((caller) => [
        caller.callId,
        readLiveMonitor(
          admin.request,
          caller.consoleUrl === first.url ? second.url : first.url,
          caller.callId,
          420_000,
        ).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      ]),
    );
    await Promise.all(callers.map((caller) => caller.agentListening(180_000)));

    // Who took what: the workers' own logs, and the claim each job wrote.
    const heartbeats = await db.workerHeartbeat.findMany();
    const taken = live.workers.map((worker) => callsTaken(worker.output()));
    const allTaken = taken.flat().map((t) => t.callId);
    expect(allTaken.sort()).toEqual(callers.map((c) => c.callId).sort());
    const workerIds = taken.map((calls) => [...new Set(calls.map((t) => t.workerId))]);
    for (const ids of workerIds) expect(ids).toHaveLength(1);
    const [idA, idB] = workerIds.map((ids) => ids[0]!);
    expect(idA).not.toBe(idB);
    expect(heartbeats.map((h) => h.id).sort()).toEqual([idA, idB].sort());
    const rows = await db.call.findMany({ where: { id: { in: allTaken } } });
    for (const row of rows) {
      const owner = taken.findIndex((calls) => calls.some((t) => t.callId === row.id));
      expect(row.workerId, `call ${row.id}`).toBe(workerIds[owner]![0]);
    }
    const spread = taken.map((calls) => calls.length);
    report(testInfo, 'spread', `N=${N}: worker 0 took ${spread[0]}, worker 1 took ${spread[1]}`);
    expect(spread[0]).toBeGreaterThan(0);
    expect(spread[1]).toBeGreaterThan(0);

    // The Status page lists both workers, from either console.
    const status = await admin.context().newPage();
    await status.goto(`${second.url}/status`);
    const workers = status.getByRole('table', { name: 'Agent workers' });
    for (const id of [idA, idB])
      await expect(workers.getByRole('row', { name: `Worker ${id}` })).toContainText('Registered');

    // Worker 0 is the victim; its last call triggers the kill, the others first reach their tool.
    const victimCalls = new Set(taken[0]!.map((t) => t.callId));
    const triggerCaller = callers.filter((c) => victimCalls.has(c.callId)).at(-1)!;
    const before = callers.filter((c) => c !== triggerCaller);
    for (const caller of before)
      await caller.type(`[call ${callers.indexOf(caller)}] Run the long operation, please.`);
    for (const caller of before)
      await expect
        .poll(
          () =>
            caller.events.some(
              (o) => o.event.type === 'tool_call' && o.event.state === 'executing',
            ),
          { timeout: 60_000, message: `tool executing in ${caller.callId}` },
        )
        .toBe(true);
    kill.callId = triggerCaller.callId;
    await triggerCaller.type(
      `[call ${callers.indexOf(triggerCaller)}] Run the long operation, please.`,
    );
    await expect.poll(() => kill.done !== undefined, { timeout: 60_000 }).toBe(true);
    await kill.done;

    // The survivor closes the victim's calls once its heartbeat is stale; no page asks it to.
    await expect
      .poll(
        async () =>
          (await db.call.findMany({ where: { id: { in: [...victimCalls] } } })).every(
            (c) => c.status === 'ended' && c.endReason === LOST_WORKER_REASON,
          ),
        { timeout: 60_000, message: "the killed worker's calls closed by the other" },
      )
      .toBe(true);
    const closedAfterMs = Date.now() - kill.at;

    // The survivor's calls go on: the tool finishes and the model gets its result.
    const survivors = callers.filter((c) => !victimCalls.has(c.callId));
    for (const caller of survivors) {
      const k = callers.indexOf(caller);
      await live.realtime.waitForFunctionCallOutput(`tc_${k}`, 90_000);
      await expect
        .poll(
          () =>
            caller.events.some(
              (o) =>
                o.event.type === 'tool_call' &&
                o.event.toolCallId === `tc_${k}` &&
                o.event.state === 'done',
            ),
          { timeout: 30_000, message: `tool done in ${caller.callId}` },
        )
        .toBe(true);
    }
    // The callers hang up; the survivor ends its calls as their callers leave.
    for (const caller of callers) await caller.hangUp();
    await expect
      .poll(
        async () =>
          (await db.call.findMany({ where: { id: { in: allTaken } } })).every(
            (c) => c.status === 'ended',
          ),
        { timeout: 60_000, message: 'every call ended' },
      )
      .toBe(true);
    const reads = new Map<string, MonitorRead>();
    for (const [callId, pending] of monitors) {
      const read = await pending;
      if (read instanceof Error) throw read;
      reads.set(callId, read);
    }

    let storedTotal = 0;
    let receivedTotal = 0;
    const perCall: string[] = [];
    for (const caller of callers) {
      const k = callers.indexOf(caller);
      const stored = await listCallEvents({ db, callId: caller.callId });
      const rowCount = await db.callEvent.count({ where: { callId: caller.callId } });
      storedTotal += stored.length;
      receivedTotal += caller.events.length;
      perCall.push(
        `call ${k} (worker ${victimCalls.has(caller.callId) ? 0 : 1}): ${stored.length} stored, ${caller.events.length} received, ${reads.get(caller.callId)?.events.length ?? 0} on the monitor`,
      );
      // Stored once, seq gap-free, one start and one end, the end last.
      expect(rowCount).toBe(stored.length);
      expect(stored.map((e) => e.seq)).toEqual([...Array(stored.length).keys()]);
      expect(stored.filter((e) => e.type === 'call_state').map((e) => e.state)).toEqual([
        'started',
        'ended',
      ]);
      expect(stored.at(-1)).toMatchObject({ type: 'call_state', state: 'ended' });
      // Everything the room heard is stored, as it was heard: above all from the killed worker.
      expect(caller.rejected).toEqual([]);
      for (const { event } of caller.events) expect(stored[event.seq]).toEqual(event);
      // The live monitor, on the other console, saw the whole call as stored.
      const read = reads.get(caller.callId)!;
      expect(read.rejected).toEqual([]);
      expect(read.events).toEqual(stored);
      expect(read.endStatus).toBe('ended');

      const states = toolStates(stored, `tc_${k}`).map((e) => e.state);
      if (victimCalls.has(caller.callId)) {
        const failed = toolStates(stored, `tc_${k}`).at(-1);
        expect(failed).toMatchObject({ state: 'failed', error: { code: 'cancelled' } });
        expect(states.slice(0, -1).every((s) => s === 'requested' || s === 'executing')).toBe(true);
        expect(stored.at(-1)).toMatchObject({ reason: LOST_WORKER_REASON });
      } else {
        expect(states).toEqual(['requested', 'executing', 'done']);
        expect(stored.at(-1)).not.toMatchObject({ reason: LOST_WORKER_REASON });
      }
    }
    const triggerStored = await listCallEvents({ db, callId: triggerCaller.callId });
    report(
      testInfo,
      'events',
      `${storedTotal} events stored over ${N} calls, ${receivedTotal} received by the callers; the trigger call's caller had ${triggerCaller.events.length} when the worker was killed, ${triggerStored.length} stored after the close`,
    );
    report(testInfo, 'events per call', perCall.join('; '));
    report(
      testInfo,
      'kill',
      `the killed worker's ${victimCalls.size} calls were closed by the other ${(closedAfterMs / 1000).toFixed(1)} s after the kill`,
    );

    // The Status page says which worker stopped.
    await expect(async () => {
      await status.reload();
      await expect(workers.getByRole('row', { name: `Worker ${idA}` })).toContainText(
        'Stopped reporting',
        { timeout: 2_000 },
      );
    }).toPass({ timeout: 60_000 });
    await expect(workers.getByRole('row', { name: `Worker ${idB}` })).toContainText('Registered');
    await admin.context().close();
    await db.$disconnect();
  } catch (error) {
    if (stack) {
      attachLogs(stack, testInfo);
      const summary = {
        modelConnections: stack.realtime.connections.length,
        boundSessions: Object.fromEntries(stack.realtime.boundSessions),
        modelReceived: stack.realtime.received.map((e) => {
          const item = e.item as { type?: string; role?: string } | undefined;
          return [e.type, item?.type, item?.role].filter(Boolean).join(' ');
        }),
        callers: callers.map((c) => ({
          callId: c.callId,
          received: c.events.map(({ event }) =>
            [event.seq, event.type, 'state' in event ? event.state : ''].join(' '),
          ),
        })),
      };
      const file = testInfo.outputPath('summary.json');
      fs.writeFileSync(file, JSON.stringify(summary, null, 2));
      testInfo.attachments.push({
        name: 'summary.json',
        path: file,
        contentType: 'application/json',
      });
    }
    throw error;
  } finally {
    for (const caller of callers) await caller.hangUp().catch(() => {});
    await stack?.stop();
    await postgres.stop();
  }
});
