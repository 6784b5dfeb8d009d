import { ParticipantKind, RpcError } from '@livekit/rtc-node';
import { callTool, text } from '@/agent/test/support/scripted-realtime-server';
import { CONFIRM_TOOL_RPC_METHOD } from '@/lib/call-events/confirm-tool-rpc';
import { listCallEvents } from '@/lib/db/call-events';
import { expect, test } from './fixtures';
import { joinAsObserver } from './support/observer';
import { agentState, startCallFromPage } from './support/call-page';
import { registerMcpServer } from './support/seed';

const ECHO_CONFIRMED = {
  name: 'echo',
  description: 'Echoes back the input',
  inputSchema: {
    type: 'object',
    properties: { message: { type: 'string', description: 'Message to echo' } },
    required: ['message'],
  },
  needsConfirmation: true,
  confirmTimeoutMs: 60_000,
};
const QUESTION = 'Should I echo hello live? Say yes or no.';

/**
 * Confirmation over the console.confirm_tool RPC through LiveKit: a participant who is not the
 * caller (a token the test mints) is refused and nothing runs; the caller's Approve runs it once.
 */
test("Approve goes over the RPC through LiveKit and the tool runs once; another participant's RPC is refused", async ({
  stack,
  db,
  member,
  memberPage: page,
}) => {
  await registerMcpServer(db, {
    name: 'Everything, confirmed (live)',
    url: stack.mcp.url,
    tools: [ECHO_CONFIRMED],
  });
  stack.realtime.script(
    callTool('echo', { message: 'hello live' }, 'call_live_echo'),
    text(QUESTION),
    text('Echoed.'),
  );
  const { callId, roomName } = await startCallFromPage(page, db, member.id);
  await expect(agentState(page)).toHaveText('listening', { timeout: 20_000 });
  await page.getByLabel('Type to the agent').fill('Echo hello live, please.');
  await page.getByRole('button', { name: 'Send' }).click();
  const card = page.getByLabel('Tool call echo: awaiting confirmation');
  await expect(card).toBeVisible({ timeout: 20_000 });

  // Visible, as an intruder with a token would be: a hidden participant's RPC never arrives.
  const intruder = await joinAsObserver({ livekit: stack.livekit, roomName, hidden: false });
  try {
    const agent = [...intruder.room.remoteParticipants.values()].find(
      (p) => p.info.kind === ParticipantKind.AGENT,
    );
    expect(agent, 'the agent is in the room').toBeDefined();
    const refused = await intruder.room
      .localParticipant!.performRpc({
        destinationIdentity: agent!.identity,
        method: CONFIRM_TOOL_RPC_METHOD,
        payload: JSON.stringify({ toolCallId: 'call_live_echo', decision: 'approve' }),
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(RpcError);
    expect((refused as RpcError).code).toBe(403);
  } finally {
    await intruder.disconnect();
  }
  // Nothing ran: still awaiting, nothing executing stored.
  await expect(card).toBeVisible();
  const executing = async () =>
    (await listCallEvents({ db, callId })).filter(
      (e) => e.type === 'tool_call' && e.toolCallId === 'call_live_echo' && e.state === 'executing',
    ).length;
  expect(await executing()).toBe(0);

  await page
    .getByRole('region', { name: 'Confirm before it runs' })
    .getByRole('button', { name: 'Approve' })
    .click();
  await expect(page.getByLabel('Tool call echo: done')).toBeVisible({ timeout: 20_000 });

  await page.getByRole('button', { name: 'End call' }).click();
  await expect
    .poll(async () => (await db.call.findUniqueOrThrow({ where: { id: callId } })).status)
    .toBe('ended');
  const events = await listCallEvents({ db, callId });
  const states = events.flatMap((e) =>
    e.type === 'tool_call' && e.toolCallId === 'call_live_echo' ? [e.state] : [],
  );
  expect(states).toEqual(['requested', 'awaiting_confirmation', 'executing', 'done']);
  const confirmations = events.filter((e) => e.type === 'confirmation');
  expect(confirmations).toHaveLength(1);
  expect(confirmations[0]).toMatchObject({ toolCallId: 'call_live_echo', decision: 'approved' });
  const done = events.find(
    (e) => e.type === 'tool_call' && e.toolCallId === 'call_live_echo' && e.state === 'done',
  );
  expect(JSON.stringify(done)).toContain('hello live');
});
