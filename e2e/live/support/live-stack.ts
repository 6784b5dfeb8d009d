import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '@/agent/test/support/scripted-realtime-server';
import { startServerEverything, type ServerEverything } from '@/test/support/server-everything';
import { startAgentWorkers, type AgentWorker } from './agent-workers';
import { startConsole, type LiveConsole } from './console-server';
import { generateLiveSecrets, type LiveSecrets } from './live-secrets';
import { startLiveKitServer, type LiveKitServer } from './livekit-server';

export const LIVE_AGENT_NAME = 'voice-console-live-agent';

export interface LiveStack {
  livekit: LiveKitServer;
  secrets: LiveSecrets;
  /** the model: in this (the test) process, so tests script it and read what it received */
  realtime: ScriptedRealtimeServer;
  /** a real MCP server (the reference server-everything) */
  mcp: ServerEverything;
  consoles: LiveConsole[];
  workers: AgentWorker[];
  /** the first console's database (every console and worker of the stack uses it) */
  databaseUrl: string;
  agentName: string;
  /** a fresh worker in place of workers[index] (after a test killed it), registered when this resolves */
  replaceWorker(index: number): Promise<AgentWorker>;
  stop(): Promise<void>;
}

export interface LiveStackOptions {
  /** agent worker processes, default 1 */
  workers?: number;
  /** console processes, default 1; they share one database */
  consoles?: number;
  /** a database prepared elsewhere (e.g. PostgreSQL); default: a fresh SQLite file */
  databaseUrl?: string;
  /** fixed console ports (one per console); default: free ports chosen now */
  consolePorts?: number[];
  agentName?: string;
  consoleEnv?: Record<string, string>;
  workerEnv?: Record<string, string>;
}

/**
 * Everything a real call needs, on 127.0.0.1 with ports chosen now: livekit-server --dev, the
 * scripted Realtime server, server-everything, production consoles and real agent workers.
 * Whatever started is stopped again when a later part fails to start.
 */
export async function startLiveStack(options: LiveStackOptions = {}): Promise<LiveStack> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
  };
  try {
    const agentName = options.agentName ?? LIVE_AGENT_NAME;
    const secrets = generateLiveSecrets();
    const livekit = await startLiveKitServer();
    stops.push(() => livekit.stop());
    const realtime = await startScriptedRealtimeServer({ audio: true });
    stops.push(() => realtime.close());
    const mcp = await startServerEverything();
    stops.push(() => mcp.close());

    const consoles: LiveConsole[] = [];
    let databaseUrl = options.databaseUrl;
    // One after the other: the first applies the migrations and creates the admin.
    for (let i = 0; i < (options.consoles ?? 1); i++) {
      const started = await startConsole({
        livekit,
        secrets,
        agentName,
        databaseUrl,
        port: options.consolePorts?.[i],
        env: options.consoleEnv,
      });
      stops.push(() => started.stop());
      consoles.push(started);
      databaseUrl = started.databaseUrl;
    }
    if (!databaseUrl) throw new Error('a live stack needs at least one console');

    const workers = await startAgentWorkers({
      count: options.workers ?? 1,
      livekit,
      databaseUrl,
      secrets,
      openaiBaseUrl: realtime.baseURL,
      agentName,
      env: options.workerEnv,
    });
    // Stops whichever workers the stack has at the end, replacements included.
    stops.push(async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
    });
    const workerOptions = {
      livekit,
      databaseUrl,
      secrets,
      openaiBaseUrl: realtime.baseURL,
      agentName,
      env: options.workerEnv,
    };
    const replaceWorker = async (index: number) => {
      await workers[index]?.stop();
      const [fresh] = await startAgentWorkers({ ...workerOptions, count: 1 });
      workers[index] = fresh!;
      return fresh!;
    };

    return {
      livekit,
      secrets,
      realtime,
      mcp,
      consoles,
      workers,
      databaseUrl,
      agentName,
      replaceWorker,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
