/** The Status page's agent-worker check, from the heartbeat rows workers write (agent/src/heartbeat.ts). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkAgentWorker } from '@/lib/status/checks';
import { WORKER_STALE_MS } from '@/lib/db/workers';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
const now = new Date('2026-11-24T10:00:00Z');

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});
beforeEach(async () => {
  await t.db.workerHeartbeat.deleteMany();
});

async function beat(row: { agentName?: string; registered: boolean; ageMs?: number }) {
  await t.db.workerHeartbeat.create({
    data: {
      id: `w-${Math.random().toString(36).slice(2)}`,
      agentName: row.agentName ?? 'voice-console-agent',
      version: '0.1.0',
      hostname: 'worker-host',
      activeJobs: 1,
      startedAt: new Date(now.getTime() - 60_000),
      lastSeenAt: new Date(now.getTime() - (row.ageMs ?? 2_000)),
      livekitUrl: 'ws://livekit.test:7880',
      registered: row.registered,
    },
  });
}

const check = () => checkAgentWorker({ db: t.db, agentName: 'voice-console-agent', now });

describe('the agent worker check', () => {
  it('says when no worker ever reported, and when the last one went quiet', async () => {
    expect(await check()).toMatchObject({
      status: 'error',
      summary: 'No agent worker has ever reported.',
    });
    await beat({ registered: true, ageMs: WORKER_STALE_MS + 1_000 });
    const stale = await check();
    expect(stale.status).toBe('error');
    expect(stale.summary).toMatch(
      /^No worker running: "voice-console-agent" on worker-host \(0\.1\.0\), last seen 31 s ago/,
    );
  });

  it('is ready only when a running worker is registered with LiveKit under the console’s agent name', async () => {
    await beat({ registered: true });
    const ready = await check();
    expect(ready.status).toBe('ok');
    expect(ready.summary).toContain('registered with LiveKit at ws://livekit.test:7880');
    expect(ready.summary).toContain('1 active call.');
  });

  it('names a running worker that cannot reach LiveKit, and where it tries', async () => {
    await beat({ registered: false });
    const result = await check();
    expect(result.status).toBe('error');
    expect(result.summary).toContain('not connected to LiveKit at ws://livekit.test:7880');
    expect(result.action).toMatch(/livekit-server --dev/);
  });

  it('names both agent names when the worker registered under another one', async () => {
    await beat({ registered: true, agentName: 'someone-else' });
    const result = await check();
    expect(result.status).toBe('error');
    expect(result.summary).toContain('"someone-else"');
    expect(result.summary).toContain('"voice-console-agent"');
    expect(result.action).toMatch(/AGENT_NAME/);
  });
});
