import { z } from 'zod';
import { parseSealKey } from '@/lib/seal';
import { DEFAULT_STDIO_CONNECT_TIMEOUT_MS } from '@/lib/mcp/client-defaults';
import { WORKER_STALE_MS } from '@/lib/db/workers';
import { CALLER_JOIN_TIMEOUT_MS } from '@/lib/call-join';
import { loadDotEnv, loadOrCreateLocalSecrets } from '@/lib/env/local-secrets';
import { optionalString, parseEnvOrExit } from '@/lib/env/parse-env';
import {
  REQUIRED_IN_PRODUCTION,
  SharedEnvFields,
  livekitOf,
  mcpUrlPolicyOf,
} from '@/lib/env/shared-env';

/**
 * The agent worker's configuration: the only place the agent reads process.env.
 * Development defaults work with `livekit-server --dev`; production requires every secret.
 */
const positiveInt = (fallback: number) =>
  optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of milliseconds')
      .transform(Number)
      .optional()
      .transform((v) => v ?? fallback),
  );

const AgentEnvSchema = z
  .object({
    ...SharedEnvFields,
    OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
    MCP_CONNECT_TIMEOUT_MS: positiveInt(5000),
    MCP_STDIO_CONNECT_TIMEOUT_MS: positiveInt(DEFAULT_STDIO_CONNECT_TIMEOUT_MS),
    HEARTBEAT_INTERVAL_MS: positiveInt(10_000),
    AGENT_CALLER_JOIN_TIMEOUT_MS: positiveInt(CALLER_JOIN_TIMEOUT_MS),
    AGENT_WORKER_STALE_MS: positiveInt(WORKER_STALE_MS),
    AGENT_WORKER_ID: optionalString,
    AGENT_MAX_JOBS: optionalString.pipe(
      z
        .string()
        .regex(/^\d+$/, 'must be a whole number of calls')
        .transform(Number)
        .pipe(z.number().int().min(1))
        .optional(),
    ),
    AGENT_HTTP_HOST: optionalString,
    AGENT_HTTP_PORT: optionalString.pipe(
      z
        .string()
        .regex(/^\d+$/, 'must be a port number')
        .transform(Number)
        .pipe(z.number().int().min(1).max(65_535))
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    // A worker must miss a few beats before the others take it for gone and close its calls.
    if (env.AGENT_WORKER_STALE_MS < 3 * env.HEARTBEAT_INTERVAL_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['AGENT_WORKER_STALE_MS'],
        message: 'must be at least 3 times HEARTBEAT_INTERVAL_MS',
      });
    if (env.NODE_ENV !== 'production') return;
    for (const name of [...REQUIRED_IN_PRODUCTION, 'OPENAI_API_KEY'] as const) {
      if (!env[name])
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required in production' });
    }
  });

export function buildAgentEnv(source: Record<string, string | undefined>) {
  const raw = parseEnvOrExit(AgentEnvSchema, source, 'agent worker');
  const production = raw.NODE_ENV === 'production';
  const sealKeyText = raw.SEAL_KEY ?? (production ? '' : loadOrCreateLocalSecrets().sealKey);
  return {
    production,
    databaseUrl: raw.DATABASE_URL,
    sealKey: parseSealKey(sealKeyText),
    livekit: livekitOf(raw),
    openai: { apiKey: raw.OPENAI_API_KEY, baseURL: raw.OPENAI_BASE_URL },
    agentName: raw.AGENT_NAME,
    mcpUrlPolicy: mcpUrlPolicyOf({ production, allowList: raw.MCP_URL_ALLOWLIST }),
    mcpConnectTimeoutMs: raw.MCP_CONNECT_TIMEOUT_MS,
    /** a local server's start is part of its connect (a cold `npx` installs first) */
    mcpStdioConnectTimeoutMs: raw.MCP_STDIO_CONNECT_TIMEOUT_MS,
    /** local (stdio) MCP servers are started for calls: they run a command on this host */
    mcpStdioEnabled: raw.MCP_STDIO_ENABLED,
    heartbeatIntervalMs: raw.HEARTBEAT_INTERVAL_MS,
    /** a caller whose page has not joined the call's room by then is not coming (lib/call-join.ts) */
    callerJoinTimeoutMs: raw.AGENT_CALLER_JOIN_TIMEOUT_MS,
    /** a worker silent this long is gone: the others close its calls (agent/src/lost-calls.ts) */
    workerStaleMs: raw.AGENT_WORKER_STALE_MS,
    /**
     * this worker's id in the database (its heartbeat row, Call.workerId). Unset, the main process
     * makes one and passes it to its job processes in the same variable.
     */
    workerId: raw.AGENT_WORKER_ID,
    /** when set, the load reported to LiveKit is active calls / maxJobs instead of the host's CPU */
    maxJobs: raw.AGENT_MAX_JOBS,
    /** the framework's health-check server (production default 0.0.0.0:8081) */
    http: { host: raw.AGENT_HTTP_HOST, port: raw.AGENT_HTTP_PORT },
  };
}

export type AgentEnv = ReturnType<typeof buildAgentEnv>;

let cached: AgentEnv | undefined;

/** The worker's configuration, validated once per process (after loading the repository's .env). */
export function agentEnv(): AgentEnv {
  if (!cached) {
    loadDotEnv();
    cached = buildAgentEnv(process.env);
  }
  return cached;
}

/**
 * The main process hands its worker id to the job processes it forks (they inherit process.env
 * when forked, and read it as AGENT_WORKER_ID): one id per worker, in its heartbeat and its calls.
 */
export function passWorkerIdToJobProcesses(workerId: string): void {
  process.env.AGENT_WORKER_ID = workerId;
}
