import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '../db/database-url';
import type { UrlPolicy } from '../mcp/types';
import { booleanFlag, csvList, optionalString } from './parse-env';

/**
 * The variables the console and the agent worker both read, with their defaults, defined once so
 * the two processes cannot drift apart (a worker registered under another AGENT_NAME than the one
 * the console dispatches to gets no call). Each process still validates its own environment with
 * these fields in its schema (console-env.ts, agent/src/env.ts).
 */
export const DEFAULT_AGENT_NAME = 'voice-console-agent';

/** `livekit-server --dev`: its address and its key pair. */
const LIVEKIT_DEV = { url: 'ws://localhost:7880', apiKey: 'devkey', apiSecret: 'secret' };

export const SharedEnvFields = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  SEAL_KEY: optionalString,
  LIVEKIT_URL: optionalString,
  LIVEKIT_API_KEY: optionalString,
  LIVEKIT_API_SECRET: optionalString,
  OPENAI_API_KEY: optionalString,
  AGENT_NAME: optionalString.transform((v) => v ?? DEFAULT_AGENT_NAME),
  MCP_URL_ALLOWLIST: csvList,
  MCP_STDIO_ENABLED: booleanFlag,
};

/** What both processes refuse to start without in production. */
export const REQUIRED_IN_PRODUCTION = [
  'SEAL_KEY',
  'LIVEKIT_URL',
  'LIVEKIT_API_KEY',
  'LIVEKIT_API_SECRET',
] as const;

export function livekitOf(raw: {
  LIVEKIT_URL?: string;
  LIVEKIT_API_KEY?: string;
  LIVEKIT_API_SECRET?: string;
}) {
  return {
    url: raw.LIVEKIT_URL ?? LIVEKIT_DEV.url,
    apiKey: raw.LIVEKIT_API_KEY ?? LIVEKIT_DEV.apiKey,
    apiSecret: raw.LIVEKIT_API_SECRET ?? LIVEKIT_DEV.apiSecret,
    usingDevDefaults: !raw.LIVEKIT_URL && !raw.LIVEKIT_API_KEY && !raw.LIVEKIT_API_SECRET,
  };
}

/** Private addresses are allowed outside production only; the allow-list opens named hosts. */
export function mcpUrlPolicyOf({
  production,
  allowList,
}: {
  production: boolean;
  allowList: string[];
}): UrlPolicy {
  return { allowPrivate: !production, allowList };
}
