import { z } from 'zod';
import { parseSealKey } from '../seal';
import { loadOrCreateLocalSecrets } from './local-secrets';
import { optionalString, parseEnvOrExit } from './parse-env';
import { REQUIRED_IN_PRODUCTION, SharedEnvFields, livekitOf, mcpUrlPolicyOf } from './shared-env';

const RateLimit = z
  .string()
  .regex(/^\d+\/\d+$/, 'use MAX/SECONDS, for example 10/60')
  .transform((v) => {
    const [max, window] = v.split('/').map(Number);
    return { max: max ?? 10, windowSeconds: window ?? 60 };
  });

const ConsoleEnvSchema = z
  .object({
    ...SharedEnvFields,
    CONSOLE_URL: z.url().default('http://localhost:3000'),
    AUTH_SECRET: optionalString,
    ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
    ADMIN_PASSWORD: optionalString.pipe(
      z.string().min(10, 'must be at least 10 characters').optional(),
    ),
    SIGN_IN_RATE_LIMIT: RateLimit.default({ max: 10, windowSeconds: 60 }),
    CALL_RATE_LIMIT: RateLimit.default({ max: 10, windowSeconds: 60 }),
    SIGN_IN_ACCOUNT_LOCK: RateLimit.default({ max: 5, windowSeconds: 300 }),
    TRUSTED_PROXY_COUNT: z.coerce
      .number('use a whole number, for example 1')
      .int()
      .min(0)
      .max(10)
      .default(0),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    for (const name of ['AUTH_SECRET', ...REQUIRED_IN_PRODUCTION] as const) {
      if (!env[name])
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required in production' });
    }
  });

export type ConsoleEnv = ReturnType<typeof loadConsoleEnv>;

/** Validates a console environment; throws naming every variable that is wrong. */
export function loadConsoleEnv(source: Record<string, string | undefined>) {
  const raw = parseEnvOrExit(ConsoleEnvSchema, source, 'console');
  const production = raw.NODE_ENV === 'production';
  // Development defaults work with `livekit-server --dev`; secrets come from data/local-secrets.json.
  const local = production ? undefined : loadOrCreateLocalSecrets();
  const sealKeyText = raw.SEAL_KEY ?? local?.sealKey ?? '';
  return {
    production,
    databaseUrl: raw.DATABASE_URL,
    consoleUrl: raw.CONSOLE_URL,
    authSecret: raw.AUTH_SECRET ?? local?.authSecret ?? '',
    sealKey: parseSealKey(sealKeyText),
    admin: { email: raw.ADMIN_EMAIL, password: raw.ADMIN_PASSWORD },
    livekit: livekitOf(raw),
    openaiConfigured: Boolean(raw.OPENAI_API_KEY),
    agentName: raw.AGENT_NAME,
    mcpUrlPolicy: mcpUrlPolicyOf({ production, allowList: raw.MCP_URL_ALLOWLIST }),
    /** local (stdio) MCP servers may be registered and started: they run a command on this host */
    mcpStdioEnabled: raw.MCP_STDIO_ENABLED,
    signInRateLimit: raw.SIGN_IN_RATE_LIMIT,
    callRateLimit: raw.CALL_RATE_LIMIT,
    signInAccountLock: raw.SIGN_IN_ACCOUNT_LOCK,
    trustedProxyCount: raw.TRUSTED_PROXY_COUNT,
  };
}

let cached: ConsoleEnv | undefined;

/** The console's configuration, validated once per process. */
export function consoleEnv(): ConsoleEnv {
  cached ??= loadConsoleEnv(process.env);
  return cached;
}
