import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_TOOL_LIMIT } from '@/lib/agent-config/tool-limit';
import { listCallEvents } from '@/lib/db/call-events';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { startCallHarness, type CallHarness } from './support/call-harness';

/** A call whose enabled tools are more than the model is documented to accept says so. */
const sealKey = parseSealKey(generateSealKey());
let fixture: FixtureServer;
let harness: CallHarness | undefined;

beforeAll(async () => {
  fixture = await startFixtureServer();
});
afterEach(async () => {
  await harness?.end();
  harness = undefined;
});
afterAll(async () => {
  await fixture?.close();
});

function tools(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: `tool_${String(i + 1).padStart(3, '0')}`,
    inputSchema: { type: 'object', properties: {} },
  }));
}

async function noticesFor(count: number) {
  // A database of its own: only these tools are enabled.
  const t: TestDb = await createTestDb();
  harness = await startCallHarness({
    db: t.db,
    sealKey,
    servers: [{ name: `many-${count}`, url: fixture.url, tools: tools(count) }],
  });
  // Every enabled tool is still offered: the limit is said, not enforced.
  await harness.rt.waitFor(
    (e) =>
      e.type === 'session.update' &&
      Array.isArray((e.session as { tools?: unknown } | undefined)?.tools),
  );
  expect(harness.rt.toolsSent()).toHaveLength(count);
  await harness.end();
  const events = await listCallEvents({ db: t.db, callId: harness.seeded.callId });
  harness = undefined;
  await t.cleanup();
  return events.filter((e) => e.type === 'notice' && e.code === 'too_many_tools');
}

describe('the model tool limit in calls', () => {
  it(`says so in the call's notice past ${MODEL_TOOL_LIMIT} enabled tools`, async () => {
    const notices = await noticesFor(MODEL_TOOL_LIMIT + 2);
    expect(notices).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining(`${MODEL_TOOL_LIMIT + 2} tools are enabled for this call`),
      }),
    ]);
  });

  it(`says nothing at exactly ${MODEL_TOOL_LIMIT}`, async () => {
    expect(await noticesFor(MODEL_TOOL_LIMIT)).toEqual([]);
  });
});
