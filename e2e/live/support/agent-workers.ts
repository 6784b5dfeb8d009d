import path from 'node:path';
import { freeTcpPort, startProcess, type ManagedProcess } from './processes';
import type { LiveSecrets } from './live-secrets';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

export interface AgentWorker {
  /** index among the workers started together (0-based) */
  readonly index: number;
  /** the worker's health-check HTTP port (the framework's own server, on 127.0.0.1) */
  readonly httpPort: number;
  readonly process: ManagedProcess;
  /** the worker id LiveKit gave it at registration */
  readonly workerId: string;
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL to the worker and its job processes: a crash */
  kill(): Promise<void>;
}

export interface StartAgentWorkersOptions {
  count?: number;
  livekit: { url: string; apiKey: string; apiSecret: string };
  databaseUrl: string;
  secrets: LiveSecrets;
  /** the scripted Realtime server's baseURL (http://127.0.0.1:PORT/v1) */
  openaiBaseUrl: string;
  agentName: string;
  env?: Record<string, string>;
  /** how long to wait for each worker to be registered with LiveKit */
  registerTimeoutMs?: number;
}

/**
 * Real agent worker processes: `npm run start -w agent` (the real agent/src/main.ts in production
 * mode, no harness), each registered with LiveKit under `agentName` before this resolves.
 */
export async function startAgentWorkers(options: StartAgentWorkersOptions): Promise<AgentWorker[]> {
  const count = options.count ?? 1;
  const workers = await Promise.all(
    Array.from({ length: count }, (_, index) => startOne(index, options)),
  );
  return workers;
}

async function startOne(index: number, options: StartAgentWorkersOptions): Promise<AgentWorker> {
  const httpPort = await freeTcpPort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    SEAL_KEY: options.secrets.sealKey,
    LIVEKIT_URL: options.livekit.url,
    LIVEKIT_API_KEY: options.livekit.apiKey,
    LIVEKIT_API_SECRET: options.livekit.apiSecret,
    OPENAI_API_KEY: options.secrets.openaiApiKey,
    OPENAI_BASE_URL: options.openaiBaseUrl,
    AGENT_NAME: options.agentName,
    AGENT_HTTP_HOST: '127.0.0.1',
    AGENT_HTTP_PORT: String(httpPort),
    MCP_URL_ALLOWLIST: '127.0.0.1,localhost',
    // The tests share two cores with the browser, LiveKit and the console (and a CI host with
    // whatever else runs): a busy host must not make LiveKit pass the worker over.
    AGENT_MAX_JOBS: '4',
    // A loaded 2-core host took more than the default 5 s to connect server-everything.
    MCP_CONNECT_TIMEOUT_MS: '20000',
    // The Status page's worker line follows the heartbeat: every second instead of ten.
    HEARTBEAT_INTERVAL_MS: '1000',
    // A caller who never joins is given up on after 15 s instead of 60 (call-setup.spec); every
    // other test's caller joins within seconds of its call's start.
    AGENT_CALLER_JOIN_TIMEOUT_MS: '15000',
    ...options.env,
  };
  const proc = startProcess(`agent-worker-${index}`, 'npm', ['run', 'start', '-w', 'agent'], {
    cwd: root,
    env,
  });
  let workerId: string;
  try {
    const match = await proc.waitForOutput(
      /"id":"([^"]+)"[^\n]*"msg":"registered worker"|registered worker[^\n]*"id":"([^"]+)"/,
      options.registerTimeoutMs ?? 60_000,
    );
    workerId = match[1] ?? match[2] ?? '';
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return {
    index,
    httpPort,
    process: proc,
    workerId,
    output: () => proc.output(),
    stop: () => proc.stop(),
    kill: () => proc.kill(),
  };
}
