import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { loadCallConfig } from '@/lib/db/call-config';
import { appendCallEvents } from '@/lib/db/call-events';
import type { Db } from '@/lib/db/client';
import { startServerEverything, type ServerEverything } from '@/test/support/server-everything';
import { expect, test } from './fixtures';
import { runScriptedCall } from './support/scripted-call';
import { seedEverythingProfile } from './support/seed-everything';
import { E2E_SERVER_ENV } from './support/e2e-env';

/**
 * Issue 11 on screen: what the agent claimed, held against what ran, marked on its bubbles in the
 * live monitor and the review page, counted in the review's summary and the calls list.
 */
const suffix = () => randomBytes(3).toString('hex');

let everything: ServerEverything;
test.beforeAll(async () => {
  everything = await startServerEverything();
});
test.afterAll(async () => {
  await everything?.close();
});

/** get-sum and echo of server-everything, and a profile offering both: its version's ID. */
async function profileWithTools(db: Db) {
  const { versionId } = await seedEverythingProfile({
    db,
    url: everything.url,
    tools: ['get-sum', 'echo'],
    label: 'claims',
    prompt: 'You add numbers and echo text.',
  });
  return versionId;
}

/** Every claim mark under the agent's bubbles. */
const claimMarks = (page: Page) =>
  page
    .getByRole('log', { name: 'Call transcript' })
    .getByRole('list', { name: 'Claims in this reply' })
    .getByRole('listitem');

/** The marks of one call, as both the live monitor and the review page must show them. */
async function expectMarks(page: Page, fn: { sum: string; echo: string }) {
  const transcript = page.getByRole('log', { name: 'Call transcript' });
  const backed = claimMarks(page).filter({ hasText: 'The sum of 2 and 3 is 5' });
  await expect(backed).toContainText('backed by');
  const unbacked = claimMarks(page).filter({ hasText: 'Unbacked claim' });
  await expect(unbacked).toContainText(/said “I've echoed/);
  await expect(unbacked).toContainText(`but no ${fn.echo} call ran.`);
  await expect(unbacked).toContainText('The agent was told to correct itself');
  // the correction is shown as such, and claims nothing
  const correction = transcript.getByText("Sorry, I haven't echoed anything yet.", {
    exact: false,
  });
  await expect(correction).toBeVisible();
  await expect(transcript.getByText('Correction', { exact: true })).toBeVisible();
  await expect(claimMarks(page)).toHaveCount(2);

  // the backed claim's link goes to the tool call it rests on, and so does the keyboard focus
  const toolCall = transcript.getByRole('article', { name: `Tool call ${fn.sum}: done` });
  await backed.getByRole('link', { name: `${fn.sum} call` }).click();
  await expect(toolCall).toBeFocused();
  await expect(toolCall).toBeInViewport();
  // the unbacked claim's link goes to its correction, by keyboard
  await unbacked.getByRole('link', { name: 'see the correction' }).focus();
  await page.keyboard.press('Enter');
  await expect(transcript.locator(':focus')).toContainText('Sorry, I haven');
}

test('the live monitor and the review mark the unbacked claim and the backed one; the list counts and filters them', async ({
  adminPage: page,
  member,
  db,
}) => {
  test.setTimeout(150_000);
  const versionId = await profileWithTools(db);
  const call = await db.call.create({
    data: { userId: member.id, roomName: `room-${suffix()}`, profileVersionId: versionId },
  });
  const config = await loadCallConfig({
    db,
    callId: call.id,
    sealKey: Buffer.from(E2E_SERVER_ENV.SEAL_KEY!, 'base64'),
  });
  const nameOf = (mcpName: string) => config.tools.find((t) => t.mcpName === mcpName)!.functionName;
  const fn = { sum: nameOf('get-sum'), echo: nameOf('echo') };
  expect(config.unbackedClaims).toBe('correct');

  await page.goto(`/calls/${call.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Live call' })).toBeVisible();
  const run = runScriptedCall(call.id, {
    pauseMs: 800,
    delayMs: 300,
    turns: [
      {
        user: 'What is 2 plus 3?',
        replies: [
          { call: { name: fn.sum, arguments: { a: 2, b: 3 }, callId: 'call_e2e_sum' } },
          { text: 'The sum of 2 and 3 is 5.' },
        ],
      },
      {
        user: 'Now echo hello back to me.',
        replies: [
          // no echo call ran: the agent is interrupted and told to correct itself (the next reply)
          { text: "I've echoed it back: hello." },
          { text: "Sorry, I haven't echoed anything yet. Shall I do it now?" },
        ],
      },
    ],
  });
  try {
    // Live: the marks appear as the agent's claim_check events are stored.
    await expect(claimMarks(page)).toHaveCount(2, { timeout: 45_000 });
    await expectMarks(page, fn);
    const { code, output } = await run.exited;
    expect(code, output).toBe(0);
  } finally {
    run.kill();
  }
  const stored = await db.callEvent.findMany({
    where: { callId: call.id, type: 'claim_check' },
    select: { state: true },
  });
  expect(stored.map((e) => e.state).sort()).toEqual(['supported', 'unsupported']);

  // The review page replays the same marks from the store, and counts the claims by verdict.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Call review' })).toBeVisible();
  await expectMarks(page, fn);
  await expect(page.getByText('2 claims: 1 backed by tool results, 1 not.')).toBeVisible();
  await expect(page.getByText('1 with no tool call behind it')).toBeVisible();

  // A call whose only claim was backed: counted 0, and left out by the filter.
  const backedOnly = await db.call.create({
    data: { userId: member.id, roomName: `room-${suffix()}`, status: 'ended' },
  });
  await appendCallEvents({
    db,
    events: [
      {
        event: {
          v: 1,
          callId: backedOnly.id,
          seq: 0,
          ts: new Date().toISOString(),
          type: 'claim_check',
          segmentId: 'item_a1',
          text: 'The sum is 5',
          verdict: 'supported',
          tool: fn.sum,
          toolCallIds: ['call_x'],
          action: 'recorded',
          correction: false,
        },
      },
    ],
  });
  await page.goto('/calls');
  const rowOf = (id: string) =>
    page.getByRole('row').filter({ has: page.locator(`a[href="/calls/${id}"]`) });
  const header = page.getByRole('columnheader', { name: 'Unbacked claims' });
  await expect(header).toBeVisible();
  await expect(rowOf(call.id).getByRole('cell').last()).toHaveText('1');
  await expect(rowOf(backedOnly.id).getByRole('cell').last()).toHaveText('0');

  const filter = page.getByLabel('Has unbacked claims');
  await filter.focus();
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/[?&]unbacked=1/);
  await expect(filter).toBeChecked();
  await expect(rowOf(call.id)).toBeVisible();
  await expect(rowOf(backedOnly.id)).toHaveCount(0);
  // a bad value reads as off
  await page.goto('/calls?unbacked=yes');
  await expect(rowOf(backedOnly.id)).toBeVisible();
  await expect(page.getByLabel('Has unbacked claims')).not.toBeChecked();
});

test('a member with no unbacked claims sees the filter’s empty state', async ({
  memberPage: page,
  member,
  db,
}) => {
  await db.call.create({
    data: { userId: member.id, roomName: `room-${suffix()}`, status: 'ended' },
  });
  await page.goto('/calls');
  await expect(page.getByRole('table', { name: 'Calls' }).getByRole('row')).toHaveCount(2);
  await page.getByLabel('Has unbacked claims').check();
  await expect(page).toHaveURL(/[?&]unbacked=1/);
  await expect(page.getByText('No calls with unbacked claims')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Calls' })).toHaveCount(0);
});

test('each profile version shows its "Unbacked claims" setting: history, version page, diff', async ({
  adminPage: page,
  db,
}) => {
  const profile = await db.agentProfile.create({
    data: {
      name: `E2E unbacked ${suffix()}`,
      availableToCallers: false,
      versions: {
        create: [
          { version: 1, prompt: 'Hello.', model: 'gpt-realtime', voice: 'marin' },
          {
            version: 2,
            prompt: 'Hello.',
            model: 'gpt-realtime',
            voice: 'marin',
            unbackedClaims: 'flag',
          },
        ],
      },
    },
  });
  await page.goto(`/agent/${profile.id}`);
  const versions = page.getByRole('list', { name: 'Versions' }).getByRole('listitem');
  await expect(versions.first()).toContainText('Unbacked claims: Flag only');
  await expect(versions.nth(1)).toContainText('Unbacked claims: Flag and correct');

  await page.goto(`/agent/${profile.id}/versions/2`);
  const setting = page.getByRole('term').filter({ hasText: 'Unbacked claims' });
  await expect(setting).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'Flag only' })).toBeVisible();
  await page.getByRole('link', { name: 'Changes from version 1' }).click();
  const diff = page.getByRole('region', { name: 'Changes from version 1 to version 2' });
  await expect(diff).toContainText('Unbacked claims');
  await expect(diff).toContainText('Flag only');
});
