import { Room } from '@livekit/rtc-node';
import { AgentDispatchClient, RoomServiceClient, type ParticipantInfo } from 'livekit-server-sdk';
import { StartCallResponse } from '@/lib/call-events/start-call';
import { listCallEvents } from '@/lib/db/call-events';
import { expect, test } from './fixtures';
import { agentState, startCallFromPage } from './support/call-page';
import { recordCallEvents } from './support/observer';

/** `ParticipantInfo_Kind.AGENT` in @livekit/protocol (the server SDK does not re-export the enum). */
const AGENT_KIND = 4 as ParticipantInfo['kind'];

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

/**
 * The console makes the call's room, with the agent dispatched to it, as it answers the call
 * page's POST (server/call-room.ts): the agent joins while the browser is still connecting. What
 * the agent publishes before the caller is in the room would reach nobody, so it waits for them.
 */
test('the agent joins the call’s room before the caller; what it published meanwhile reaches the caller once they join', async ({
  stack,
  db,
  liveConsole,
  memberPage,
}) => {
  const response = await memberPage.request.post(`${liveConsole.url}/api/calls`, {
    data: {},
    headers: { origin: liveConsole.url },
  });
  expect(response.status()).toBe(201);
  const started = StartCallResponse.parse(await response.json());
  const livekitApi = [
    stack.livekit.url.replace('ws://', 'http://'),
    stack.livekit.apiKey,
    stack.livekit.apiSecret,
  ] as const;
  const rooms = new RoomServiceClient(...livekitApi);
  // No caller has joined: LiveKit has the room, and our agent in it, and the agent stored its start.
  await expect
    .poll(
      async () =>
        (await rooms.listParticipants(started.roomName).catch(() => [])).map((p) =>
          p.kind === AGENT_KIND ? 'agent' : p.identity,
        ),
      { timeout: 20_000 },
    )
    .toEqual(['agent']);
  await expect
    .poll(async () => (await listCallEvents({ db, callId: started.callId }))[0])
    .toMatchObject({ seq: 0, type: 'call_state', state: 'started' });

  // The caller joins with the console's token: the events from before arrive, from seq 0.
  const caller = new Room();
  const { events, rejected } = recordCallEvents(caller);
  await caller.connect(started.url, started.token, { autoSubscribe: false, dynacast: false });
  try {
    await expect.poll(() => events.map((e) => e.event.seq)[0], { timeout: 10_000 }).toBe(0);
    const stored = await listCallEvents({ db, callId: started.callId });
    await expect.poll(() => events.length).toBeGreaterThanOrEqual(stored.length);
    expect(events.map((e) => e.event).slice(0, stored.length)).toEqual(stored);
    expect(rejected).toEqual([]);
    // One dispatch, one job: the token's own dispatch applies only to a join that creates the room.
    const dispatches = await new AgentDispatchClient(...livekitApi).listDispatch(started.roomName);
    expect(dispatches).toHaveLength(1);
    const [room] = await rooms.listRooms([started.roomName]);
    const requests = stack.workers
      .flatMap((w) => w.output().split('\n'))
      .filter((line) => line.includes('"received job request"') && line.includes(room!.sid));
    expect(requests).toHaveLength(1);
  } finally {
    await caller.disconnect();
  }
  await expect
    .poll(async () => (await db.call.findUniqueOrThrow({ where: { id: started.callId } })).status)
    .toBe('ended');
});

test('a caller whose page never joins: the agent ends the call, saying so, and leaves the room', async ({
  stack,
  db,
  liveConsole,
  memberPage,
}) => {
  const response = await memberPage.request.post(`${liveConsole.url}/api/calls`, {
    data: {},
    headers: { origin: liveConsole.url },
  });
  expect(response.status()).toBe(201);
  const { callId, roomName } = StartCallResponse.parse(await response.json());
  // The live stack's workers give a caller 15 s (AGENT_CALLER_JOIN_TIMEOUT_MS).
  await expect
    .poll(async () => (await db.call.findUniqueOrThrow({ where: { id: callId } })).status, {
      timeout: 60_000,
    })
    .toBe('ended');
  expect((await db.call.findUniqueOrThrow({ where: { id: callId } })).endReason).toBe(
    'caller_never_joined',
  );
  expect((await listCallEvents({ db, callId })).at(-1)).toMatchObject({
    type: 'call_state',
    state: 'ended',
    reason: 'caller_never_joined',
  });
  const rooms = new RoomServiceClient(
    stack.livekit.url.replace('ws://', 'http://'),
    stack.livekit.apiKey,
    stack.livekit.apiSecret,
  );
  await expect
    .poll(async () => (await rooms.listParticipants(roomName).catch(() => [])).length, {
      timeout: 15_000,
    })
    .toBe(0);
});
