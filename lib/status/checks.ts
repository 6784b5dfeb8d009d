import type { OAuthGrantView } from '../db/mcp-oauth';
import fs from 'node:fs';
import path from 'node:path';
import { RoomServiceClient } from 'livekit-server-sdk';
import { livekitApiUrl } from '../livekit-url';
import { dbProvider, type Db } from '../db/client';
import { repositoryRoot } from '../db/database-url';
import { listAppliedMigrations } from '../db/migrations';
import { findLastWorker, listWorkersSeenSince, WORKER_STALE_MS } from '../db/workers';
import { migrationsFolder } from '../db/schema-files';

export type CheckStatus = 'ok' | 'warning' | 'error';

export interface StatusCheck {
  id: string;
  label: string;
  status: CheckStatus;
  summary: string;
  /** what to do about it, when something is wrong */
  action?: string;
  /** OAuth servers whose sign-in an admin must (re)do: shown with Connect / Reconnect */
  signIns?: Array<{ serverId: string; server: string; oauth: OAuthGrantView }>;
}

/** Runs a check; a check that throws is itself the failure shown, not a broken page. */
export async function settleCheck(
  id: string,
  label: string,
  run: () => Promise<StatusCheck>,
): Promise<StatusCheck> {
  try {
    return await run();
  } catch (error) {
    return {
      id,
      label,
      status: 'error',
      summary: `The check itself failed: ${(error as Error).message}`,
    };
  }
}

export async function checkDatabase({ db }: { db: Db }): Promise<StatusCheck> {
  return settleCheck('database', 'Database', async () => {
    const dir = migrationsFolder(repositoryRoot(), dbProvider(db));
    const expected = fs.existsSync(/*turbopackIgnore: true*/ dir)
      ? fs
          .readdirSync(/*turbopackIgnore: true*/ dir)
          .filter((name) =>
            fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, name, 'migration.sql')),
          )
      : [];
    let applied: string[] = [];
    try {
      applied = await listAppliedMigrations({ db });
    } catch {
      return {
        id: 'database',
        label: 'Database',
        status: 'error',
        summary: 'The database has no migration history.',
        action: 'Run npm run db:migrate (npm run dev and npm start do it before starting).',
      };
    }
    const missing = expected.filter((name) => !applied.includes(name));
    if (missing.length > 0) {
      return {
        id: 'database',
        label: 'Database',
        status: 'error',
        summary: `${missing.length} migration(s) not applied: ${missing.join(', ')}.`,
        action: 'Run npm run db:migrate, then reload.',
      };
    }
    return {
      id: 'database',
      label: 'Database',
      status: 'ok',
      summary: `Reachable; all ${expected.length} migration(s) applied.`,
    };
  });
}

export interface LiveKitConfig {
  url: string;
  apiKey: string;
  apiSecret: string;
  usingDevDefaults: boolean;
}

export async function checkLiveKit(config: LiveKitConfig, timeoutMs = 2500): Promise<StatusCheck> {
  const id = 'livekit';
  const label = 'LiveKit server';
  return settleCheck(id, label, async () => {
    const where = config.usingDevDefaults
      ? `${config.url} (development defaults for livekit-server --dev)`
      : config.url;
    try {
      await fetch(livekitApiUrl(config.url), { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${timeoutMs / 1000} s`
          : cause === 'ECONNREFUSED'
            ? 'connection refused: nothing is listening there'
            : cause === 'ENOTFOUND'
              ? 'the host name does not resolve'
              : (error as Error).message;
      return {
        id,
        label,
        status: 'error',
        summary: `Cannot reach ${where}: ${reason}.`,
        action:
          'Start a LiveKit server (livekit-server --dev) or set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.',
      };
    }
    try {
      await new RoomServiceClient(
        livekitApiUrl(config.url),
        config.apiKey,
        config.apiSecret,
      ).listRooms();
    } catch (error) {
      return {
        id,
        label,
        status: 'error',
        summary: `Reachable at ${where}, but the API key and secret were refused (${(error as Error).message}).`,
        action: 'Check LIVEKIT_API_KEY and LIVEKIT_API_SECRET.',
      };
    }
    return { id, label, status: 'ok', summary: `Reachable at ${where}; credentials accepted.` };
  });
}

export function checkOpenAiKey(configured: boolean): StatusCheck {
  return configured
    ? { id: 'openai', label: 'OpenAI API key', status: 'ok', summary: 'OPENAI_API_KEY is set.' }
    : {
        id: 'openai',
        label: 'OpenAI API key',
        status: 'error',
        summary: 'OPENAI_API_KEY is not set: the agent cannot talk to the Realtime model.',
        action:
          'Set OPENAI_API_KEY in .env for the console and the agent worker, then restart both.',
      };
}

export async function checkAgentWorker({
  db,
  agentName,
  now = new Date(),
}: {
  db: Db;
  /** the name the console dispatches calls to (AGENT_NAME) */
  agentName: string;
  now?: Date;
}): Promise<StatusCheck> {
  const id = 'agent-worker';
  const label = 'Agent worker';
  return settleCheck(id, label, async () => {
    const describe = (row: {
      agentName: string;
      hostname: string;
      version: string;
      lastSeenAt: Date;
    }) =>
      `"${row.agentName}" on ${row.hostname} (${row.version}), last seen ${Math.round((now.getTime() - row.lastSeenAt.getTime()) / 1000)} s ago`;
    const running = await listWorkersSeenSince({
      db,
      since: new Date(now.getTime() - WORKER_STALE_MS),
    });
    const latest = running[0];
    if (!latest) {
      const last = await findLastWorker({ db });
      return last
        ? {
            id,
            label,
            status: 'error',
            summary: `No worker running: ${describe(last)}.`,
            action: 'Start the agent worker (npm run start -w agent) and check its log.',
          }
        : {
            id,
            label,
            status: 'error',
            summary: 'No agent worker has ever reported.',
            action: 'Start it with npm run dev (starts both) or npm run start -w agent.',
          };
    }
    const registered = running.filter((row) => row.registered);
    const serving = registered.find((row) => row.agentName === agentName);
    if (serving) {
      const jobs = serving.activeJobs;
      return {
        id,
        label,
        status: 'ok',
        summary: `Running and registered with LiveKit at ${serving.livekitUrl}: ${describe(serving)}, ${jobs} active call${jobs === 1 ? '' : 's'}.`,
      };
    }
    const other = registered[0];
    if (other) {
      return {
        id,
        label,
        status: 'error',
        summary: `The running worker registered as "${other.agentName}", but the console dispatches calls to "${agentName}", so no call reaches it.`,
        action: 'Set the same AGENT_NAME for the console and the agent worker, then restart both.',
      };
    }
    return {
      id,
      label,
      status: 'error',
      summary: `A worker runs (${describe(latest)}) but is not connected to LiveKit at ${latest.livekitUrl || 'its LIVEKIT_URL'}, so no call can reach it.`,
      action:
        'Start the LiveKit server (livekit-server --dev), or correct LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET in the worker’s environment. The worker retries on its own for a while; restart it if its log says it gave up.',
    };
  });
}
