import { randomBytes } from 'node:crypto';
import { loadCallConfig } from '@/lib/db/call-config';
import type { Db } from '@/lib/db/client';
import { startServerEverything, type ServerEverything } from '@/test/support/server-everything';
import { createUserWithApi, expect, test } from './fixtures';
import { runScriptedCall } from './support/scripted-call';
import { seedEverythingProfile } from './support/seed-everything';
import { E2E_LIVEKIT_URL, E2E_SERVER_ENV } from './support/e2e-env';

const suffix = () => randomBytes(3).toString('hex');

test('a member starts a call: the token is issued, and the page says LiveKit cannot be reached', async ({
  memberPage: page,
  member,
  db,
}) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link').first()).toHaveText('Call');
  await nav.getByRole('link', { name: 'Call', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Call' })).toBeVisible();
  // No worker is registered with LiveKit here: the page says so before the call is started.
  const noAgent = page
    .getByRole('status')
    .filter({ hasText: 'No agent can answer calls right now' });
  await expect(noAgent).toContainText(/No (agent )?worker/);
  await expect(noAgent.getByRole('link', { name: 'Status page' })).toHaveAttribute(
    'href',
    '/status',
  );

  const tokenResponse = page.waitForResponse(
    (r) => r.url().endsWith('/api/calls') && r.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Start call' }).click();
  const response = await tokenResponse;
  expect(response.status()).toBe(201);
  const body = (await response.json()) as Record<string, string>;
  expect(body).toMatchObject({ url: E2E_LIVEKIT_URL });
  expect(body.token).toMatch(/^ey/);

  const alert = page.getByRole('alert').filter({ hasText: 'Cannot reach the LiveKit server' });
  await expect(alert).toContainText(`Cannot reach the LiveKit server at ${E2E_LIVEKIT_URL}:`);
  await expect(alert.getByRole('link', { name: 'Status page' })).toHaveAttribute('href', '/status');
  await expect(page.getByRole('button', { name: 'Start another call' })).toBeEnabled();
  // A join that never happened is not reported as a dropped call.
  await expect(page.getByText('The call dropped')).toHaveCount(0);

  const call = await db.call.findUniqueOrThrow({ where: { id: body.callId } });
  expect(call).toMatchObject({ userId: member.id, roomName: body.roomName, status: 'created' });
  expect(call.profileVersionId).not.toBeNull();
});

test('a member whose browser blocks the microphone is told so, and how to fix it', async ({
  memberPage: page,
}) => {
  await page.goto('/call');
  // The browser's own site setting, as a user who clicked "Block" would have it.
  const cdp = await page.context().newCDPSession(page);
  const { targetInfo } = await cdp.send('Target.getTargetInfo');
  await cdp.send('Browser.setPermission', {
    permission: { name: 'microphone' },
    setting: 'denied',
    origin: new URL(page.url()).origin,
    browserContextId: targetInfo.browserContextId,
  });
  await page.getByRole('button', { name: 'Start call' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'No microphone' });
  await expect(alert).toContainText('The browser did not allow the microphone.');
  await expect(alert.getByRole('button', { name: 'Retry microphone' })).toBeVisible();
});

test("a member cannot open another member's call", async ({ memberPage: page, browser, db }) => {
  const other = await createUserWithApi(browser, 'member');
  const call = await db.call.create({
    data: { userId: other.id, roomName: `room-${suffix()}`, status: 'ended' },
  });

  const response = await page.goto(`/calls/${call.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
  const stream = await page.request.get(`/api/calls/${call.id}/events`);
  expect(stream.status()).toBe(404);
  // The same answer as for a call that does not exist.
  expect((await page.request.get('/api/calls/no-such-call/events')).status()).toBe(404);

  await page.goto('/calls');
  await expect(page.getByRole('heading', { level: 1, name: 'Calls' })).toBeVisible();
  await expect(page.locator(`a[href="/calls/${call.id}"]`)).toHaveCount(0);
});

test.describe('with a real agent session', () => {
  let everything: ServerEverything;

  test.beforeAll(async () => {
    everything = await startServerEverything();
  });
  test.afterAll(async () => {
    await everything?.close();
  });

  /** server-everything's long operation and get-sum, and a profile offering them. */
  const registerEverything = (db: Db) =>
    seedEverythingProfile({
      db,
      url: everything.url,
      tools: ['trigger-long-running-operation', 'get-sum'],
      label: 'calls',
      prompt: 'You help with long operations.',
    });

  test('an admin watches a call live, then reviews it, and the list counts its tool calls', async ({
    adminPage: page,
    member,
    db,
  }) => {
    test.setTimeout(120_000);
    const { versionId, profileName } = await registerEverything(db);
    const call = await db.call.create({
      data: { userId: member.id, roomName: `room-${suffix()}`, profileVersionId: versionId },
    });
    const config = await loadCallConfig({
      db,
      callId: call.id,
      sealKey: Buffer.from(E2E_SERVER_ENV.SEAL_KEY!, 'base64'),
    });
    const longOp = config.tools.find((t) => t.mcpName === 'trigger-long-running-operation');
    expect(longOp).toBeDefined();

    // The monitor is open before the agent joins: it shows the call the moment it starts.
    await page.goto(`/calls/${call.id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Live call' })).toBeVisible();
    await expect(page.getByText('Live', { exact: true })).toBeVisible();

    const run = runScriptedCall(call.id, {
      pauseMs: 1_000,
      delayMs: 400,
      turns: [
        {
          user: 'Please run a three second operation.',
          replies: [
            {
              call: {
                name: longOp!.functionName,
                arguments: { duration: 3, steps: 3 },
                callId: 'call_e2e_long',
              },
            },
            { text: 'The operation finished: it took three seconds in three steps.', delayMs: 600 },
          ],
        },
      ],
    });
    try {
      const transcript = page.getByRole('log', { name: 'Call transcript' });
      await expect(transcript.getByText('The agent joined the call.')).toBeVisible({
        timeout: 30_000,
      });
      await expect(transcript.getByText('Please run a three second operation.')).toBeVisible();
      const name = `Tool call ${longOp!.functionName}`;
      const toolCall = transcript.getByRole('article', { name: new RegExp(`^${name}:`) });
      // The state chip moves as the events arrive; the entry's name says the state too.
      await expect(toolCall).toHaveAccessibleName(`${name}: executing`, { timeout: 15_000 });
      await expect(toolCall.locator('summary', { hasText: 'Arguments' })).toContainText(
        '{"duration":3,"steps":3}',
      );
      await expect(toolCall).toHaveAccessibleName(`${name}: done`, { timeout: 15_000 });
      await expect(toolCall.getByRole('list', { name: 'Steps' })).toHaveText(
        /requested.*→.*executing.*→.*done/,
      );
      await expect(toolCall).toContainText(/\d+(\.\d)? s/);
      await toolCall.getByText('Result').click();
      await expect(toolCall.getByText(/Long running operation completed/).last()).toBeVisible();
      await expect(
        transcript.getByText('The operation finished: it took three seconds in three steps.'),
      ).toBeVisible();

      const { code, output } = await run.exited;
      expect(code, output).toBe(0);
    } finally {
      run.kill();
    }
    await expect(page.getByText(/The call ended/)).toBeVisible();
    await expect(page.getByText('Live', { exact: true })).toHaveCount(0);

    // The review page replays the whole call from the store.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Call review' })).toBeVisible();
    const replay = page.getByRole('log', { name: 'Call transcript' });
    await expect(replay.getByText('Please run a three second operation.')).toBeVisible();
    await expect(
      replay.getByRole('article', { name: `Tool call ${longOp!.functionName}: done` }),
    ).toBeVisible();
    await expect(
      replay.getByText('The operation finished: it took three seconds in three steps.'),
    ).toBeVisible();
    // what it said is a claim only that tool could back, and it is marked backed by it
    await expect(replay.getByRole('list', { name: 'Claims in this reply' })).toContainText(
      `backed by ${longOp!.functionName} call (done)`,
    );
    await expect(page.getByText('1 tool call, 0 failed.')).toBeVisible();
    await expect(page.getByRole('link', { name: `${profileName} · v1` })).toBeVisible();
    const summary = page.getByRole('table', { name: 'Tool calls of this call' });
    await expect(summary.getByRole('row')).toHaveCount(2);
    await expect(summary.getByRole('row').nth(1)).toContainText(/done.*\d+(\.\d)? s/);

    // The list counts the call's tool calls; it has none that failed.
    await page.goto('/calls');
    const row = page.getByRole('row').filter({ has: page.locator(`a[href="/calls/${call.id}"]`) });
    await expect(row).toContainText(member.email);
    await expect(row.getByRole('cell').nth(4)).toHaveText('1');
    await expect(row.getByRole('cell').nth(5)).toHaveText('0');
    await page.getByLabel('Has failed tool calls').check();
    await expect(page).toHaveURL(/failed=1/);
    await expect(page.locator(`a[href="/calls/${call.id}"]`)).toHaveCount(0);
  });
});

test('the call page does not warn when a worker is registered with LiveKit under the console’s agent name', async ({
  memberPage: page,
  db,
}) => {
  const id = `e2e-worker-${suffix()}`;
  await db.workerHeartbeat.create({
    data: {
      id,
      agentName: E2E_SERVER_ENV.AGENT_NAME ?? 'voice-console-agent',
      version: 'e2e',
      hostname: 'e2e',
      startedAt: new Date(),
      lastSeenAt: new Date(),
      livekitUrl: E2E_LIVEKIT_URL,
      registered: true,
    },
  });
  try {
    await page.goto('/call');
    await expect(page.getByRole('button', { name: 'Start call' })).toBeVisible();
    await expect(page.getByText('No agent can answer calls right now')).toHaveCount(0);
  } finally {
    await db.workerHeartbeat.delete({ where: { id } });
  }
});
