import path from 'node:path';

/**
 * The environment the e2e console runs with: a production build (`next start`) on its own
 * database file, with a LiveKit URL where nothing listens (no LiveKit server runs here) and
 * no OpenAI key, which the Status and call-page tests rely on.
 */
// E2E_PORT lets two checkouts run their suites side by side on one machine.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATABASE_FILE = path.resolve(import.meta.dirname, '..', '..', 'data', 'e2e.db');
export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'admin-password-123', name: 'Admin' };
export const E2E_LIVEKIT_URL = 'ws://127.0.0.1:7899';

export const E2E_SERVER_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  PORT: String(E2E_PORT),
  CONSOLE_URL: E2E_BASE_URL,
  DATABASE_URL: `file:${E2E_DATABASE_FILE}`,
  AUTH_SECRET: 'e2e-auth-secret-e2e-auth-secret-e2e-auth-secret',
  // 32 bytes, base64: a fixed test key, never used outside this run
  SEAL_KEY: Buffer.alloc(32, 7).toString('base64'),
  ADMIN_EMAIL: E2E_ADMIN.email,
  ADMIN_PASSWORD: E2E_ADMIN.password,
  LIVEKIT_URL: E2E_LIVEKIT_URL,
  LIVEKIT_API_KEY: 'e2e-key',
  LIVEKIT_API_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
  OPENAI_API_KEY: '',
  // Real MCP servers in the tests listen on loopback, which production refuses unless allowed.
  MCP_URL_ALLOWLIST: '127.0.0.1,localhost',
  // Local (stdio) servers are off unless turned on; e2e/stdio-servers.spec.ts registers one.
  MCP_STDIO_ENABLED: 'true',
  // Many sign-ins from one address in a few minutes; the limit itself is tested in Vitest.
  SIGN_IN_RATE_LIMIT: '1000/60',
  CALL_RATE_LIMIT: '1000/60',
};
