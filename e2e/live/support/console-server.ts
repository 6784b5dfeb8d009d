import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeTcpPort, startProcess, waitForHttp, type ManagedProcess } from './processes';
import type { LiveSecrets } from './live-secrets';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

export interface LiveConsole {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly admin: { email: string; password: string; name: string };
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

export interface StartConsoleOptions {
  livekit: { url: string; apiKey: string; apiSecret: string };
  secrets: LiveSecrets;
  /** a database the caller prepared (e.g. the one another console uses); default: a fresh SQLite file */
  databaseUrl?: string;
  /** default: a free port chosen now */
  port?: number;
  agentName: string;
  /** added to (and overriding) the console's environment */
  env?: Record<string, string>;
}

/**
 * The production console exactly as `npm start` runs it (scripts/prepare.ts: migrations, first
 * admin, default profile; then `next start` on the build `npm run test:e2e` made), on 127.0.0.1,
 * on its own port and database, pointed at the given LiveKit server.
 */
export async function startConsole(options: StartConsoleOptions): Promise<LiveConsole> {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID')))
    throw new Error('No production build: run `NEXT_TELEMETRY_DISABLED=1 npx next build` first.');
  const port = options.port ?? (await freeTcpPort());
  const url = `http://127.0.0.1:${port}`;
  const databaseUrl =
    options.databaseUrl ??
    `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'voice-console-live-db-')), 'console.db')}`;
  const admin = options.secrets.admin;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    // next start listens on every interface unless told which one
    HOSTNAME: '127.0.0.1',
    PORT: String(port),
    CONSOLE_URL: url,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: options.secrets.authSecret,
    SEAL_KEY: options.secrets.sealKey,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LIVEKIT_URL: options.livekit.url,
    LIVEKIT_API_KEY: options.livekit.apiKey,
    LIVEKIT_API_SECRET: options.livekit.apiSecret,
    AGENT_NAME: options.agentName,
    // The model is the scripted Realtime server: the key only has to be present.
    OPENAI_API_KEY: options.secrets.openaiApiKey,
    MCP_URL_ALLOWLIST: '127.0.0.1,localhost',
    SIGN_IN_RATE_LIMIT: '1000/60',
    CALL_RATE_LIMIT: '1000/60',
    ...options.env,
  };
  const proc = startProcess(`console:${port}`, 'npm', ['start'], { cwd: root, env });
  try {
    await waitForHttp(`${url}/sign-in`, 90_000, () => proc.running);
  } catch (error) {
    await proc.stop();
    throw new Error(`${String(error)}\n${proc.output()}`);
  }
  return { url, port, databaseUrl, admin, process: proc, stop: () => proc.stop() };
}
