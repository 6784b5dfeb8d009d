import { callTool, text } from '@/agent/test/support/scripted-realtime-server';
import { listCallEvents } from '@/lib/db/call-events';
import { expect, test } from './fixtures';
import { agentState, startCallFromPage } from './support/call-page';
import { LONG_RUNNING, registerMcpServer } from './support/seed';

// Each test here stops a process the stack shares, and waits for what a person would see, on a
// host the tests share with the browser, LiveKit and the console: minutes, not seconds. The file
// sorts last in the tier, so a replaced worker is never the one another spec's first call meets.
test.describe.configure({ timeout: 180_000 });

test('the LiveKit server stopped mid-call: the page says the call dropped; once it is back the worker takes calls again', async ({
  stack,
  db,
  member,
  memberPage: page,
}) => {
  // No reply is scripted: nobody talks to the agent here, and an unused one would answer the next
  // test's question.
  await startCallFromPage(page, db, member.id);
  await expect(agentState(page)).toHaveText('listening', { timeout: 30_000 });

  await stack.livekit.stop();
  try {
    const alert = page.getByRole('alert').filter({ hasText: 'The call dropped' });
    await expect(alert).toBeVisible({ timeout: 60_000 });
    await expect(alert).toContainText(/The call dropped: the (connection to the )?LiveKit server/);
    test
      .info()
      .annotations.push({ type: 'LiveKit stopped', description: (await alert.innerText()).trim() });
  } finally {
    await stack.livekit.start();
  }

  // The worker registers again by itself, as the Status page shows, and takes the next call.
  const status = await page.context().newPage();
  await status.goto('/status');
  const worker = status
    .getByRole('list', { name: 'Dependencies' })
    .getByRole('listitem')
    .filter({ hasText: 'Agent worker' });
  await expect(async () => {
    await status.reload();
    await expect(worker).toContainText('Ready', { timeout: 2_000 });
    await expect(worker).not.toContainText('Not ready', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await status.close();

  // A fresh page: the dropped call's page stays as it was, for the trace.
  const next = await page.context().newPage();
  await startCallFromPage(next, db, member.id);
  await expect(agentState(next)).toHaveText('listening', { timeout: 60_000 });
  await next.getByRole('button', { name: 'End call' }).click();
  await next.close();
});

test('the agent worker killed mid-call: the page says the agent left, the call ends with a reason, every stored event stays', async ({
  stack,
  db,
  member,
  memberPage: page,
}) => {
  await registerMcpServer(db, {
    name: 'Everything, slow (live)',
    url: stack.mcp.url,
    tools: [LONG_RUNNING],
  });
  stack.realtime.script(
    callTool(LONG_RUNNING.name, { duration: 60, steps: 60 }, 'call_live_long'),
    text('It finished.'),
  );
  const { callId } = await startCallFromPage(page, db, member.id);
  await expect(agentState(page)).toHaveText('listening', { timeout: 30_000 });
  await page.getByLabel('Type to the agent').fill('Run the long operation, please.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByLabel(`Tool call ${LONG_RUNNING.name}: executing`)).toBeVisible({
    timeout: 30_000,
  });
  const storedStates = async () =>
    (await listCallEvents({ db, callId })).flatMap((e) =>
      e.type === 'tool_call' && e.toolCallId === 'call_live_long' ? [e.state] : [],
    );
  await expect.poll(storedStates, { timeout: 15_000 }).toEqual(['requested', 'executing']);
  const before = await listCallEvents({ db, callId });

  try {
    const killedAt = Date.now();
    await stack.workers[0]!.kill();

    const alert = page.getByRole('alert').filter({ hasText: 'The agent left the call' });
    await expect(alert).toBeVisible({ timeout: 60_000 });
    await expect(alert).toContainText('The call is ended and everything said until then is saved.');
    test.info().annotations.push({
      type: 'worker killed',
      description: `the page said the call was ended and saved ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`,
    });
    const call = await db.call.findUniqueOrThrow({ where: { id: callId } });
    expect(call.status).toBe('ended');
    expect(call.endReason).toBe('the agent left the call');

    const after = await listCallEvents({ db, callId });
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((e) => e.seq)).toEqual([...Array(after.length).keys()]);
    expect(await storedStates()).toEqual(['requested', 'executing', 'failed']);
    const failed = after.find(
      (e) => e.type === 'tool_call' && e.toolCallId === 'call_live_long' && e.state === 'failed',
    );
    expect(failed).toMatchObject({ error: { code: 'cancelled' } });
    expect(after.at(-1)).toMatchObject({
      type: 'call_state',
      state: 'ended',
      reason: 'the agent left the call',
    });

    // The review shows the call as it ended.
    await alert.getByRole('link', { name: 'Review what was recorded' }).click();
    await expect(page).toHaveURL(new RegExp(`/calls/${callId}$`));
    await expect(page.getByText('The call ended (the agent left the call).')).toBeVisible();
    await expect(page.getByLabel(`Tool call ${LONG_RUNNING.name}: failed`)).toBeVisible();
  } finally {
    await stack.replaceWorker(0);
  }
});
