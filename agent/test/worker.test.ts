import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { parseDispatchMetadata } from '../src/main';
import { startHeartbeat } from '../src/heartbeat';
import { buildAgentEnv } from '../src/env';
import { generateSealKey } from '@/lib/seal';

/** The thin worker wiring that can run without LiveKit: dispatch metadata, heartbeat, env. */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

describe('dispatch metadata', () => {
  it('accepts {callId} and refuses anything else with a reason', () => {
    expect(parseDispatchMetadata('{"callId":"c1"}')).toEqual({ ok: true, callId: 'c1' });
    expect(parseDispatchMetadata(undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no metadata/),
    });
    expect(parseDispatchMetadata('not json')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not JSON/),
    });
    expect(parseDispatchMetadata('{"callId":""}')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/invalid/),
    });
    expect(parseDispatchMetadata('{"room":"x"}')).toMatchObject({ ok: false });
  });
});

describe('heartbeat', () => {
  it('upserts one row per worker with the active job count and lastSeenAt', async () => {
    let jobs = 0;
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    const heartbeat = startHeartbeat({
      db: t.db,
      agentName: 'voice-console-agent',
      version: 'v-test',
      livekitUrl: 'ws://livekit.test:7880',
      activeJobs: () => jobs,
      registered: () => jobs > 0,
      log,
      intervalMs: 60_000,
    });
    await heartbeat.beat();
    const first = await t.db.workerHeartbeat.findUniqueOrThrow({ where: { id: heartbeat.id } });
    expect(first).toMatchObject({
      agentName: 'voice-console-agent',
      version: 'v-test',
      hostname: os.hostname(),
      activeJobs: 0,
      livekitUrl: 'ws://livekit.test:7880',
      registered: false,
    });
    jobs = 2;
    await new Promise((r) => setTimeout(r, 5));
    await heartbeat.beat();
    const second = await t.db.workerHeartbeat.findUniqueOrThrow({ where: { id: heartbeat.id } });
    expect(second.activeJobs).toBe(2);
    expect(second.registered).toBe(true);
    expect(second.startedAt).toEqual(first.startedAt);
    expect(second.lastSeenAt.getTime()).toBeGreaterThan(first.lastSeenAt.getTime());
    expect(await t.db.workerHeartbeat.count()).toBe(1);
    await heartbeat.stop();
  });
});

describe('agentEnv', () => {
  it('uses the development defaults (livekit-server --dev)', () => {
    const env = buildAgentEnv({ NODE_ENV: 'development', SEAL_KEY: generateSealKey() });
    expect(env.livekit).toEqual({
      url: 'ws://localhost:7880',
      apiKey: 'devkey',
      apiSecret: 'secret',
      usingDevDefaults: true,
    });
    expect(env.agentName).toBe('voice-console-agent');
    expect(env.openai.apiKey).toBeUndefined();
  });

  it('in production, names every missing secret', () => {
    expect(() => buildAgentEnv({ NODE_ENV: 'production' })).toThrow(
      /SEAL_KEY[\s\S]*LIVEKIT_URL[\s\S]*LIVEKIT_API_KEY[\s\S]*LIVEKIT_API_SECRET[\s\S]*OPENAI_API_KEY/,
    );
  });

  it('takes AGENT_NAME and the OpenAI base URL from the environment', () => {
    const env = buildAgentEnv({
      SEAL_KEY: generateSealKey(),
      AGENT_NAME: 'other',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      OPENAI_API_KEY: 'k',
    });
    expect(env).toMatchObject({
      agentName: 'other',
      openai: { apiKey: 'k', baseURL: 'http://127.0.0.1:9/v1' },
    });
  });

  it('a worker counts as gone after 30 s by default, and never before three missed heartbeats', () => {
    const sealKey = generateSealKey();
    expect(buildAgentEnv({ SEAL_KEY: sealKey })).toMatchObject({
      workerStaleMs: 30_000,
      heartbeatIntervalMs: 10_000,
      workerId: undefined,
    });
    expect(
      buildAgentEnv({
        SEAL_KEY: sealKey,
        HEARTBEAT_INTERVAL_MS: '1000',
        AGENT_WORKER_STALE_MS: '3000',
      }),
    ).toMatchObject({ workerStaleMs: 3_000 });
    expect(() =>
      buildAgentEnv({
        SEAL_KEY: sealKey,
        HEARTBEAT_INTERVAL_MS: '10000',
        AGENT_WORKER_STALE_MS: '20000',
      }),
    ).toThrow(/AGENT_WORKER_STALE_MS[\s\S]*3 times HEARTBEAT_INTERVAL_MS/);
  });
});
