import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { loadCallConfig } from '@/lib/db/call-config';
import type { Db } from '@/lib/db/client';
import { listCallEvents } from '@/lib/db/call-events';
import {
  SEND_EMAIL_INPUT_SCHEMA,
  startFixtureServer,
  type FixtureServer,
} from '@/test/fixtures/mcp-fixture-server';
import { expect, test } from './fixtures';
import { runScriptedCall } from './support/scripted-call';
import { E2E_SERVER_ENV } from './support/e2e-env';

/**
 * A tool that needs the caller's confirmation, seen by an admin on the live monitor and the
 * review page: the fixture MCP server (it records what it received) registered with send_email
 * enabled and marked "needs confirmation", a real agent session (run-scripted-call) on the e2e
 * database. The script holds at the awaiting entry until the test says go.
 */
const suffix = () => randomBytes(3).toString('hex');
const ARGS = { to: 'bob@example.com', subject: 'Lunch moved', body: 'See you at 1 pm.' };
const QUESTION =
  'Should I send the email to bob@example.com with subject Lunch moved? Say yes or no.';

let fixture: FixtureServer;
const serverIds: string[] = [];

test.beforeAll(async () => {
  fixture = await startFixtureServer();
});
test.afterAll(async () => {
  await fixture?.close();
});
test.afterEach(async ({ db }) => {
  // Its URL dies with the fixture: leave no enabled server behind for other tests' calls.
  await db.mcpServer.updateMany({ where: { id: { in: serverIds } }, data: { enabled: false } });
});

/** The fixture as the Tools page would register it, send_email needing confirmation; a call. */
async function setUpCall(db: Db, callerId: string) {
  const server = await db.mcpServer.create({
    data: { name: `Confirm mail ${suffix()}`, url: fixture.url, headers: '[]' },
  });
  serverIds.push(server.id);
  const tool = await db.mcpTool.create({
    data: {
      serverId: server.id,
      name: 'send_email',
      description: 'Sends an email (records it).',
      inputSchema: JSON.stringify(SEND_EMAIL_INPUT_SCHEMA),
      annotations: JSON.stringify({ destructiveHint: true, readOnlyHint: false }),
      enabled: true,
      needsConfirmation: true,
      confirmTimeoutMs: 60_000,
    },
  });
  const profile = await db.agentProfile.create({
    data: {
      name: `E2E confirm ${suffix()}`,
      availableToCallers: false,
      versions: {
        create: {
          version: 1,
          prompt: 'You send emails for the caller.',
          model: 'gpt-realtime',
          voice: 'marin',
          allTools: false,
          toolIds: JSON.stringify([tool.id]),
        },
      },
    },
    include: { versions: true },
  });
  const call = await db.call.create({
    data: {
      userId: callerId,
      roomName: `room-${suffix()}`,
      profileVersionId: profile.versions[0]!.id,
    },
  });
  const config = await loadCallConfig({
    db,
    callId: call.id,
    sealKey: Buffer.from(E2E_SERVER_ENV.SEAL_KEY!, 'base64'),
  });
  const sendEmail = config.tools.find((t) => t.mcpName === 'send_email');
  expect(sendEmail?.needsConfirmation).toBe(true);
  return { callId: call.id, functionName: sendEmail!.functionName, serverName: server.name };
}

/** The first turn: the model asks for send_email, then asks the caller the question. */
function askTurn(functionName: string, toolCallId: string) {
  return {
    user: 'Tell Bob by email that lunch moved to 1 pm.',
    replies: [
      { call: { name: functionName, arguments: ARGS, callId: toolCallId } },
      { text: QUESTION, delayMs: 300 },
    ],
  };
}

async function expectAwaiting(page: Page, functionName: string, serverName: string) {
  const transcript = page.getByRole('log', { name: 'Call transcript' });
  const card = transcript.getByRole('article', { name: `Tool call ${functionName}` });
  await expect(card).toHaveAccessibleName(`Tool call ${functionName}: awaiting confirmation`, {
    timeout: 30_000,
  });
  await expect(card).toContainText(`on ${serverName}`);
  await expect(card.locator('summary', { hasText: 'Arguments' })).toContainText(
    '"to":"bob@example.com"',
  );
  await expect(transcript.getByText(QUESTION)).toBeVisible();
  return card;
}

const sentEmails = (before: number) =>
  fixture.received.slice(before).filter((r) => r.tool === 'send_email');

test('an admin sees the call wait for the caller, then the spoken yes, and the email sent once', async ({
  adminPage: page,
  member,
  db,
}) => {
  test.setTimeout(120_000);
  const { callId, functionName, serverName } = await setUpCall(db, member.id);
  const before = fixture.received.length;
  await page.goto(`/calls/${callId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Live call' })).toBeVisible();

  const run = runScriptedCall(callId, (go) => ({
    pauseMs: 800,
    delayMs: 200,
    turns: [
      askTurn(functionName, 'call_e2e_yes'),
      {
        waitForFile: go,
        user: 'Yes, send it.',
        spoken: true,
        replies: [
          { call: { name: 'confirm_action', arguments: { decision: 'yes' }, callId: 'c_yes' } },
          { text: 'Sent: the email to Bob is on its way.', delayMs: 300 },
        ],
      },
    ],
  }));
  try {
    const card = await expectAwaiting(page, functionName, serverName);
    // Waiting for the caller: nothing reached the MCP server.
    expect(sentEmails(before)).toEqual([]);
    await expect(card).not.toContainText('Confirmation:');

    run.release();
    await expect(card).toHaveAccessibleName(`Tool call ${functionName}: done`, { timeout: 30_000 });
    await expect(card).toContainText(/Confirmation: approved \(voice\)/);
    await expect(card.getByRole('list', { name: 'Steps' })).toHaveText(
      /requested.*→.*awaiting confirmation.*→.*executing.*→.*done/,
    );
    await expect(
      page.getByRole('log', { name: 'Call transcript' }).getByText('Yes, send it.'),
    ).toBeVisible();
    const { code, output } = await run.exited;
    expect(code, output).toBe(0);
  } finally {
    run.kill();
  }
  expect(sentEmails(before)).toEqual([{ tool: 'send_email', args: ARGS, at: expect.any(Number) }]);

  // Stored: who answered and how.
  const confirmation = (await listCallEvents({ db, callId })).find(
    (e) => e.type === 'confirmation',
  );
  expect(confirmation).toMatchObject({
    toolCallId: 'call_e2e_yes',
    decision: 'approved',
    via: 'voice',
    by: member.id,
  });

  // The review page replays it from the store.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Call review' })).toBeVisible();
  const replay = page
    .getByRole('log', { name: 'Call transcript' })
    .getByRole('article', { name: `Tool call ${functionName}` });
  await expect(replay).toHaveAccessibleName(`Tool call ${functionName}: done`);
  // who and how: the caller's name, as recorded in the event's `by`
  await expect(replay).toContainText(`Confirmation: approved (voice) by ${member.name} at `);
  await expect(replay.getByRole('list', { name: 'Steps' })).toHaveText(
    /awaiting confirmation.*→.*executing/,
  );
});

test("a button press from someone who is not the caller changes nothing; the caller's Deny fails it, nothing sent", async ({
  adminPage: page,
  member,
  db,
}) => {
  test.setTimeout(120_000);
  const { callId, functionName, serverName } = await setUpCall(db, member.id);
  const before = fixture.received.length;
  await page.goto(`/calls/${callId}`);

  const run = runScriptedCall(callId, (go) => ({
    pauseMs: 800,
    delayMs: 200,
    turns: [
      askTurn(functionName, 'call_e2e_deny'),
      {
        waitForFile: go,
        button: { toolCallId: 'call_e2e_deny', decision: 'approve', by: 'not-the-caller' },
        pauseMs: 1_500,
      },
      {
        button: { toolCallId: 'call_e2e_deny', decision: 'deny' },
        replies: [{ text: 'All right, I did not send it.', delayMs: 300 }],
      },
    ],
  }));
  try {
    const card = await expectAwaiting(page, functionName, serverName);
    run.release();
    await expect(card).toHaveAccessibleName(`Tool call ${functionName}: failed`, {
      timeout: 30_000,
    });
    await expect(card).toContainText(/Confirmation: denied \(button\)/);
    await expect(card).toContainText('denied');
    await expect(card).toContainText('the caller pressed Deny');
    await expect(
      page.getByRole('log', { name: 'Call transcript' }).getByText('All right, I did not send it.'),
    ).toBeVisible();
    const { code, output } = await run.exited;
    expect(code, output).toBe(0);
    // The refused press is answered 403 and recorded nowhere.
    expect(output).toContain('"code":403');
  } finally {
    run.kill();
  }
  expect(sentEmails(before)).toEqual([]);
  const confirmations = (await listCallEvents({ db, callId })).filter(
    (e) => e.type === 'confirmation',
  );
  expect(confirmations).toEqual([
    expect.objectContaining({ decision: 'denied', via: 'button', by: member.id }),
  ]);
});
