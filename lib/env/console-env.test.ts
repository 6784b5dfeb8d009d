import { describe, expect, it } from 'vitest';
import { loadConsoleEnv } from './console-env';

const sealKey = Buffer.alloc(32, 1).toString('base64');

describe('console env', () => {
  it('uses livekit-server --dev defaults in development', () => {
    const env = loadConsoleEnv({
      NODE_ENV: 'development',
      SEAL_KEY: sealKey,
      AUTH_SECRET: 'x'.repeat(40),
    });
    expect(env.livekit).toMatchObject({
      url: 'ws://localhost:7880',
      apiKey: 'devkey',
      apiSecret: 'secret',
    });
    expect(env.livekit.usingDevDefaults).toBe(true);
    expect(env.mcpUrlPolicy.allowPrivate).toBe(true);
    expect(env.openaiConfigured).toBe(false);
  });

  it('stops a production start naming every missing secret', () => {
    let message = '';
    try {
      loadConsoleEnv({ NODE_ENV: 'production', LIVEKIT_URL: 'wss://lk.example.com' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ['AUTH_SECRET', 'SEAL_KEY', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']) {
      expect(message).toContain(`${name}: is required in production`);
    }
    expect(message).not.toContain('LIVEKIT_URL:');
  });

  it('refuses production private MCP addresses unless allow-listed, and parses limits', () => {
    const env = loadConsoleEnv({
      NODE_ENV: 'production',
      AUTH_SECRET: 'x'.repeat(40),
      SEAL_KEY: sealKey,
      LIVEKIT_URL: 'wss://lk.example.com',
      LIVEKIT_API_KEY: 'key',
      LIVEKIT_API_SECRET: 'secret',
      MCP_URL_ALLOWLIST: '10.0.0.0/8, mcp.internal ,',
      SIGN_IN_RATE_LIMIT: '5/30',
    });
    expect(env.mcpUrlPolicy).toEqual({
      allowPrivate: false,
      allowList: ['10.0.0.0/8', 'mcp.internal'],
    });
    expect(env.signInRateLimit).toEqual({ max: 5, windowSeconds: 30 });
  });

  it('explains a malformed value', () => {
    expect(() =>
      loadConsoleEnv({ NODE_ENV: 'development', SEAL_KEY: sealKey, SIGN_IN_RATE_LIMIT: 'lots' }),
    ).toThrow(/SIGN_IN_RATE_LIMIT: use MAX\/SECONDS/);
    expect(() => loadConsoleEnv({ NODE_ENV: 'development', SEAL_KEY: 'short' })).toThrow(
      /SEAL_KEY must be 32/,
    );
  });
});
