import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cli,
  defineAgent,
  ServerOptions,
  version as agentsVersion,
  type AgentServer,
  voice,
  type JobContext,
  type JobRequest,
} from '@livekit/agents';
import { RpcError } from '@livekit/rtc-node';
import { z } from 'zod';
import { CONFIRM_TOOL_RPC_METHOD } from '@/lib/call-events/confirm-tool-rpc';
import { claimCallForWorker } from '@/lib/db/call-workers';
import { getCallStatus } from '@/lib/db/calls';
import { createDb, type Db } from '@/lib/db/client';
import { startCallSession } from './call-session';
import { prepareCall } from './prepare-call';
import { handleConfirmToolRpc } from './confirm-tool-rpc';
import { agentEnv, passWorkerIdToJobProcesses } from './env';
import { newWorkerId, startHeartbeat } from './heartbeat';
import { agentLogger } from './logger';
import { startLostCallSweep } from './lost-calls';
import { waitForLiveKit } from './wait-for-livekit';
import { parseJson } from '@/lib/json';

/**
 * The worker entry: thin LiveKit wiring only. Everything a call does lives in call-session.ts,
 * which tests run without a room.
 */
const WORKER_VERSION = `voice-console-agent/0.1.0 (@livekit/agents ${agentsVersion})`;

export const DispatchMetadata = z.object({ callId: z.string().min(1) });

export function parseDispatchMetadata(
  raw: string | undefined,
): { ok: true; callId: string } | { ok: false; reason: string } {
  if (!raw) return { ok: false, reason: 'the dispatch has no metadata (expected {"callId": ...})' };
  const json = parseJson(raw);
  if (json === undefined)
    return { ok: false, reason: 'the dispatch metadata is not JSON (expected {"callId": ...})' };
  const parsed = DispatchMetadata.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      reason: `the dispatch metadata is invalid: ${parsed.error.issues[0]?.message}`,
    };
  return { ok: true, callId: parsed.data.callId };
}

let db: Db | undefined;
const database = () => (db ??= createDb(agentEnv().databaseUrl));

/** Main process: accept only dispatches that name a call that exists and has not ended. */
async function onJobRequest(request: JobRequest): Promise<void> {
  const log = agentLogger();
  const meta = parseDispatchMetadata(request.job.metadata);
  if (!meta.ok) {
    log.error({ jobId: request.id, room: request.room?.name }, `job refused: ${meta.reason}`);
    return request.reject();
  }
  const status = await getCallStatus({ db: database(), callId: meta.callId });
  if (!status || status === 'ended') {
    log.error(
      { jobId: request.id, callId: meta.callId },
      `job refused: ${status ? 'the call has already ended' : 'no such call in the database'}`,
    );
    return request.reject();
  }
  return request.accept('Voice console agent');
}

export default defineAgent({
  // The framework runs this as it warms a job process, before the process is given a call. A
  // process's first query starts the database client (a second or more on a busy 2-core host;
  // the next ones take milliseconds): done here, it is no longer part of a call's setup.
  prewarm: async () => {
    try {
      await getCallStatus({ db: database(), callId: 'prewarm' });
    } catch (error) {
      // The call's own queries fail again and say so; a process that cannot warm up still starts.
      agentLogger().warn({ error: String(error) }, 'could not warm up the database client');
    }
  },
  entry: async (ctx: JobContext) => {
    const env = agentEnv();
    const log = agentLogger();
    const meta = parseDispatchMetadata(ctx.job.metadata);
    if (!meta.ok) {
      log.error({ jobId: ctx.job.id }, `job refused: ${meta.reason}`);
      ctx.shutdown('invalid dispatch metadata');
      return;
    }
    if (!env.openai.apiKey) {
      log.error({ callId: meta.callId }, 'job refused: OPENAI_API_KEY is not set');
      ctx.shutdown('OPENAI_API_KEY is not set');
      return;
    }
    // The main process passes its id down (runWorker); the framework's own id only if this runs
    // under another runner. One claim per call: a second worker's job for it stops here.
    const workerId = env.workerId ?? ctx.workerId;
    if (!(await claimCallForWorker({ db: database(), callId: meta.callId, workerId }))) {
      log.error(
        { callId: meta.callId, workerId },
        'job refused: the call has ended or another worker has taken it',
      );
      ctx.shutdown('call taken or ended');
      return;
    }
    log.info({ callId: meta.callId, workerId, jobId: ctx.job.id }, 'call taken');
    // Load the call and connect its MCP servers while joining the room. (Starting the session
    // beside the join as well, as the framework's session.start can, measured no faster here:
    // scripts/bench-live.ts, the same host and load.)
    const since = performance.now();
    const took = () => Math.round(performance.now() - since);
    const timings: { preparedMs?: number; joinedMs?: number } = {};
    const [prepared] = await Promise.all([
      prepareCall({
        db: database(),
        callId: meta.callId,
        sealKey: env.sealKey,
        openai: { apiKey: env.openai.apiKey, baseURL: env.openai.baseURL },
        mcpPolicy: env.mcpUrlPolicy,
        mcpConnectTimeoutMs: env.mcpConnectTimeoutMs,
        mcpStdioConnectTimeoutMs: env.mcpStdioConnectTimeoutMs,
        mcpStdioEnabled: env.mcpStdioEnabled,
        log,
      }).then((call) => ((timings.preparedMs = took()), call)),
      ctx.connect().then(() => (timings.joinedMs = took())),
    ]);
    log.info({ callId: meta.callId, ...timings }, 'call prepared and room joined');
    // The console makes the room, with this job, before the caller's browser has joined
    // (server/call-room.ts). A text stream sent to a room without the caller reaches nobody: what
    // the call publishes (stored already) waits, in order, for the caller to be in the room.
    // Once the call is ending without them, what is left is not held for them (the session's
    // last events must be flushed before the call is marked ended).
    const participant = ctx.room.localParticipant;
    let callerJoined = false;
    let giveUpOnCaller!: () => void;
    const callerNotComing = new Promise<void>((resolve) => (giveUpOnCaller = resolve));
    const callerHere = ctx.waitForParticipant(prepared.config.callerId).then(() => {
      callerJoined = true;
    });
    callerHere.catch(() => {
      // the room closed first; each event's publish then fails, and says so, stored anyway
    });
    const running = await startCallSession(prepared, {
      room: ctx.room,
      ...(participant
        ? {
            publish: async (text, options) => {
              await Promise.race([callerHere, callerNotComing]);
              if (!callerJoined) throw new Error('the caller is not in the room');
              return participant.sendText(text, options);
            },
          }
        : {}),
    });
    running.session.on(voice.AgentSessionEventTypes.Close, () => giveUpOnCaller());
    // The caller's Approve / Deny buttons; the gate refuses anyone but the call's caller.
    participant?.registerRpcMethod(CONFIRM_TOOL_RPC_METHOD, async (data) => {
      const result = handleConfirmToolRpc(running.confirmations, data);
      if (!result.ok) throw new RpcError(result.code, result.message);
      return JSON.stringify(result.response);
    });
    ctx.addShutdownCallback(async () => {
      await running.end();
    });
    // A page that never joins (lib/call-join.ts) would leave the agent alone in the room.
    const callerLate = setTimeout(() => {
      giveUpOnCaller();
      void running.end('caller_never_joined');
    }, env.callerJoinTimeoutMs);
    void callerHere.then(
      () => clearTimeout(callerLate),
      () => {},
    );
    void running.ended.then(() => clearTimeout(callerLate));
    // The session closes when the caller leaves (or the call fails), after its last event is
    // published and stored. The framework would keep the job (a process, and the worker's load)
    // until LiveKit closes the empty room, about 20 s later: end it now.
    void running.ended.then(({ reason }) => ctx.shutdown(`the call ended (${reason})`));
  },
});

/** CPU load 0..1 over the last interval (what the framework's default load function reports). */
function cpuLoadSampler(): () => number {
  const totals = () =>
    os.cpus().reduce(
      (acc, cpu) => {
        const t = cpu.times;
        acc.idle += t.idle;
        acc.total += t.user + t.nice + t.sys + t.idle + t.irq;
        return acc;
      },
      { idle: 0, total: 0 },
    );
  let last = totals();
  return () => {
    const now = totals();
    const total = now.total - last.total;
    const idle = now.idle - last.idle;
    last = now;
    return total > 0 ? Math.min(1, Math.max(0, 1 - idle / total)) : 0;
  };
}

/** The framework checks the load every 2.5 s while connected: two missed checks mean it is not. */
const REGISTERED_WITHIN_MS = 6_000;
const JOB_PROCESS_START_TIMEOUT_MS = 60_000;

async function runWorker(): Promise<void> {
  const env = agentEnv();
  const log = agentLogger();
  let activeJobs = 0;
  let lastLoadCheck = 0;
  let livekitWorkerId = 'unregistered';
  const cpuLoad = cpuLoadSampler();
  const workerId = env.workerId ?? newWorkerId();
  // The job processes are forked from this one after this line.
  passWorkerIdToJobProcesses(workerId);
  const heartbeat = startHeartbeat({
    id: workerId,
    db: database(),
    agentName: env.agentName,
    version: WORKER_VERSION,
    livekitUrl: env.livekit.url,
    activeJobs: () => activeJobs,
    registered: () =>
      livekitWorkerId !== 'unregistered' && Date.now() - lastLoadCheck < REGISTERED_WITHIN_MS,
    intervalMs: env.heartbeatIntervalMs,
    log,
  });
  const sweep = startLostCallSweep({
    db: database(),
    workerId,
    staleMs: env.workerStaleMs,
    intervalMs: env.heartbeatIntervalMs,
    log,
  });
  process.once('exit', () => {
    void heartbeat.stop();
    void sweep.stop();
  });
  // A production worker that cannot connect exits (the framework's 10 attempts), for its
  // supervisor to see; in development, wait for LiveKit with one line per attempt.
  if (!env.production)
    await waitForLiveKit({ url: env.livekit.url, say: (line) => console.warn(line) });
  cli.runApp(
    new ServerOptions({
      agent: fileURLToPath(import.meta.url),
      agentName: env.agentName,
      wsURL: env.livekit.url,
      apiKey: env.livekit.apiKey,
      apiSecret: env.livekit.apiSecret,
      requestFunc: onJobRequest,
      // Each job process loads this TypeScript file through tsx before it can take a job; on a
      // busy 2-core host that took 8-13 s, past the framework's 10 s default, and every job
      // process then failed with "runner initialization timed out".
      initializeProcessTimeout: JOB_PROCESS_START_TIMEOUT_MS,
      // Two workers on one host (or a locked-down one) need their own health-check address.
      ...(env.http.host ? { host: env.http.host } : {}),
      ...(env.http.port ? { port: env.http.port } : {}),
      // In development LiveKit is often started after `npm run dev`: keep trying (every 10 s)
      // instead of giving up after the framework's 10 attempts (about 80 s). In production a
      // worker that cannot connect exits, for its supervisor to see.
      ...(env.production ? {} : { maxRetry: Infinity }),
      // Also our only view of the worker in the main process: the framework calls this every
      // 2.5 s with the server, and only while its connection to LiveKit is open.
      loadFunc: async (server: AgentServer) => {
        activeJobs = server.activeJobs.length;
        livekitWorkerId = server.id;
        lastLoadCheck = Date.now();
        // LiveKit sends no new call to a worker reporting 0.7 or more. The host's CPU is the
        // framework's measure; on a host shared with other work, calls per worker says more.
        return env.maxJobs ? Math.min(1, activeJobs / env.maxJobs) : cpuLoad();
      },
    }),
  );
}

// The framework imports this file again in each job process; only the main process runs the worker.
const isMainProcess = path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url);
if (isMainProcess) void runWorker();
