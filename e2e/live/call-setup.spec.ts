import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import { listCallEvents } from '@/lib/db/call-events';
import { expect, test } from './fixtures';
import { agentState, startCallFromPage } from './support/call-page';

/**
 * A member's call through the real LiveKit server: the console's token joins the room, LiveKit
 * dispatches the real worker with the call's id, the agent joins and listens, and the Status page
 * sees both LiveKit and the registered worker.
 */
test('a member starts a call: the room is joined, the worker is dispatched with the call id and the agent listens', async ({
  stack,
  db,
  member,
  memberPage,
}) => {
  const { callId, roomName } = await startCallFromPage(memberPage, db, member.id);
  await expect(agentState(memberPage)).toHaveText('listening', { timeout: 20_000 });

  // What LiveKit itself holds: one dispatch of our agent into the call's room, naming the call.
  const livekitApi = [
    stack.livekit.url.replace('ws://', 'http://'),
    stack.livekit.apiKey,
    stack.livekit.apiSecret,
  ] as const;
  const dispatches = await new AgentDispatchClient(...livekitApi).listDispatch(roomName);
  expect(dispatches.map((d) => ({ agentName: d.agentName, metadata: d.metadata }))).toEqual([
    { agentName: stack.agentName, metadata: JSON.stringify({ callId }) },
  ]);

  // The worker took that job: it loaded the call and stored its start.
  await expect
    .poll(async () => (await db.call.findUniqueOrThrow({ where: { id: callId } })).status)
    .toBe('active');
  // Stored in batches: wait for the first one.
  await expect
    .poll(async () => (await listCallEvents({ db, callId }))[0])
    .toMatchObject({ seq: 0, type: 'call_state', state: 'started' });
  // The model was really opened by the worker's job, with the call's instructions.
  await expect.poll(() => stack.realtime.connections.length).toBeGreaterThan(0);

  const status = await memberPage.context().newPage();
  await status.goto('/status');
  const list = status.getByRole('list', { name: 'Dependencies' });
  const livekit = list.getByRole('listitem').filter({ hasText: 'LiveKit server' });
  await expect(livekit).toContainText('Ready');
  await expect(livekit).not.toContainText('Not ready');
  const worker = list.getByRole('listitem').filter({ hasText: 'Agent worker' });
  await expect(worker).toContainText('Ready');
  await expect(worker).not.toContainText('Not ready');
  await status.close();

  // Hanging up from the browser: the agent stores the end, the review page shows the call.
  const endedAt = Date.now();
  await memberPage.getByRole('button', { name: 'End call' }).click();
  await expect
    .poll(async () => (await db.call.findUniqueOrThrow({ where: { id: callId } })).status)
    .toBe('ended');
  await expect
    .poll(async () => (await listCallEvents({ db, callId })).at(-1))
    .toMatchObject({ type: 'call_state', state: 'ended' });
  // Then the job ends and the agent leaves by itself, while LiveKit still keeps the empty room
  // (for its 20 s departure timeout): a finished call does not hold a job process until then.
  const rooms = new RoomServiceClient(...livekitApi);
  await expect
    .poll(
      async () => {
        const [room] = await rooms.listRooms([roomName]);
        if (!room) return 'LiveKit closed the room with the agent still in it';
        const left = await rooms.listParticipants(roomName);
        return left.length === 0 ? 'empty' : left.map((p) => p.identity).join(', ');
      },
      { timeout: 15_000 },
    )
    .toBe('empty');
  test.info().annotations.push({
    type: 'agent left',
    description: `the room was empty ${Date.now() - endedAt} ms after End call`,
  });
  await memberPage.getByRole('link', { name: 'Review this call' }).click();
  await expect(memberPage.getByRole('heading', { level: 1, name: 'Call review' })).toBeVisible();
  await expect(memberPage).toHaveURL(new RegExp(`/calls/${callId}$`));
});
