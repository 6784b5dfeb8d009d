import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '@/server/auth-guards';
import { AppError } from '@/lib/errors';
import { appendCallEvents } from '@/lib/db/call-events';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { callEvents } from './events';
import { seedCallRow, seedDefaultProfile, seedUser } from './seed';

/**
 * The two route handlers, called as Next would call them, with the signed-in user chosen per test
 * (the sign-in itself is better-auth's, covered by the access sweep and the e2e tests).
 */
const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('@/server/auth-guards', () => ({
  requireUser: async () => {
    if (!session.user) throw new AppError('unauthorized');
    return session.user;
  },
  requireAdmin: async () => {
    throw new AppError('forbidden');
  },
}));

const LIVEKIT = {
  url: 'ws://livekit.test:7880',
  key: 'routes-key',
  secret: 'routes-secret-routes-secret-routes-1',
};
const ann: CurrentUser = { id: 'ann', email: 'ann@calls.test', name: 'User ann', role: 'member' };
const bob: CurrentUser = { id: 'bob', email: 'bob@calls.test', name: 'User bob', role: 'member' };
const root: CurrentUser = {
  id: 'root',
  email: 'root@calls.test',
  name: 'User root',
  role: 'admin',
};

let t: TestDb;
let latestVersionId = '';

beforeAll(async () => {
  t = await createTestDb();
  Object.assign(process.env, {
    DATABASE_URL: t.url,
    LIVEKIT_URL: LIVEKIT.url,
    LIVEKIT_API_KEY: LIVEKIT.key,
    LIVEKIT_API_SECRET: LIVEKIT.secret,
    AGENT_NAME: 'routes-agent',
    CALL_RATE_LIMIT: '3/60',
  });
  for (const user of [ann, bob, root]) await seedUser(t.db, user.id, user.role);
  ({ latestVersionId } = await seedDefaultProfile(t.db));
});
afterAll(async () => {
  await t?.cleanup();
});

async function startCall(as: CurrentUser | null, body?: unknown) {
  session.user = as;
  const { POST } = await import('@/app/api/calls/route');
  return POST(
    new Request('http://console.test/api/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://console.test' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

describe('POST /api/calls', () => {
  it('refuses anonymous callers', async () => {
    expect((await startCall(null)).status).toBe(401);
  });

  it('creates the call and answers a token for a server-chosen room that dispatches the agent', async () => {
    const response = await startCall(ann);
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['callId', 'roomName', 'token', 'url']);
    expect(body.url).toBe(LIVEKIT.url);
    expect(body.roomName).toMatch(/^call-[\w-]{16}$/);

    const call = await t.db.call.findUniqueOrThrow({ where: { id: body.callId } });
    expect(call).toMatchObject({
      userId: 'ann',
      roomName: body.roomName,
      profileVersionId: latestVersionId,
      status: 'created',
    });

    const claims = await new TokenVerifier(LIVEKIT.key, LIVEKIT.secret).verify(body.token!);
    expect(claims.sub).toBe('ann');
    expect(claims.video).toMatchObject({
      room: body.roomName,
      roomJoin: true,
      canPublishSources: ['microphone'],
    });
    const config = claims.roomConfig as unknown as {
      agents: Array<{ agentName: string; metadata: string }>;
    };
    expect(config.agents[0]?.agentName).toBe('routes-agent');
    expect(JSON.parse(config.agents[0]!.metadata)).toEqual({ callId: body.callId });
  });

  it('lets the browser choose nothing but the profile', async () => {
    const sneaky = await startCall(bob, { roomName: 'their-room', agentName: 'other-agent' });
    expect(sneaky.status).toBe(400);
    const unknown = await startCall(bob, { profileId: 'no-such-profile' });
    expect(unknown.status).toBe(404);
    expect(await t.db.call.count({ where: { userId: 'bob' } })).toBe(0);
  });

  it('limits how many calls one user starts in the window, with a clear 429', async () => {
    // Ann started one above; the limit is 3 per 60 s.
    expect((await startCall(ann)).status).toBe(201);
    expect((await startCall(ann)).status).toBe(201);
    const limited = await startCall(ann);
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(
      /You started 3 calls in the last 60 seconds.*Try again in \d+ s\./,
    );
    // Another user is not affected.
    expect((await startCall(root)).status).toBe(201);
  });
});

interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/** Reads server-sent events until `until` says stop (or the stream ends). */
async function readSse(
  response: Response,
  until: (messages: SseMessage[]) => boolean = () => false,
) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const messages: SseMessage[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { messages, ended: true };
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const message: SseMessage = { event: 'message', data: '' };
      let hasData = false;
      for (const line of block.split('\n')) {
        const [field, ...rest] = line.split(':');
        const value = rest.join(':').replace(/^ /, '');
        if (field === 'id') message.id = value;
        if (field === 'event') message.event = value;
        if (field === 'data') {
          message.data += value;
          hasData = true;
        }
      }
      if (hasData) messages.push(message);
    }
    if (until(messages)) {
      await reader.cancel();
      return { messages, ended: false };
    }
  }
}

async function openEvents(
  as: CurrentUser,
  callId: string,
  init: { after?: number; lastEventId?: string } = {},
) {
  session.user = as;
  const { GET } = await import('@/app/api/calls/[callId]/events/route');
  const url = `http://console.test/api/calls/${callId}/events${init.after === undefined ? '' : `?after=${init.after}`}`;
  return GET(
    new Request(url, { headers: init.lastEventId ? { 'last-event-id': init.lastEventId } : {} }),
    { params: Promise.resolve({ callId }) },
  );
}

describe('GET /api/calls/[callId]/events', () => {
  it("answers 404 for another member's call and for calls that do not exist", async () => {
    const call = await seedCallRow(t.db, { userId: 'ann', status: 'active' });
    expect((await openEvents(bob, call.id)).status).toBe(404);
    expect((await openEvents(bob, 'no-such-call')).status).toBe(404);
  });

  it('streams stored events as they are appended, ids = seq, and ends when the call has ended', async () => {
    const call = await seedCallRow(t.db, { userId: 'ann', status: 'active' });
    const events = callEvents(call.id, [
      { type: 'call_state', state: 'started' },
      { type: 'tool_call', toolCallId: 'c1', tool: 'echo', server: 's', state: 'requested' },
      { type: 'tool_call', toolCallId: 'c1', tool: 'echo', server: 's', state: 'executing' },
      {
        type: 'tool_call',
        toolCallId: 'c1',
        tool: 'echo',
        server: 's',
        state: 'done',
        durationMs: 3,
      },
      { type: 'call_state', state: 'ended', reason: 'done' },
    ]);
    await appendCallEvents({ db: t.db, events: events.slice(0, 2).map((event) => ({ event })) });

    const response = await openEvents(root, call.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const later = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await appendCallEvents({ db: t.db, events: events.slice(2).map((event) => ({ event })) });
      await t.db.call.update({
        where: { id: call.id },
        data: { status: 'ended', endedAt: new Date() },
      });
    })();
    const { messages, ended } = await readSse(response);
    await later;
    expect(ended).toBe(true);
    const data = messages.filter((m) => m.event === 'message');
    expect(data.map((m) => m.id)).toEqual(['0', '1', '2', '3', '4']);
    expect(data.map((m) => (JSON.parse(m.data) as { seq: number }).seq)).toEqual([0, 1, 2, 3, 4]);
    expect(messages.at(-1)).toMatchObject({ event: 'end' });
  });

  it('resumes after Last-Event-ID (or ?after=) with no duplicates and no gaps', async () => {
    const call = await seedCallRow(t.db, { userId: 'ann', status: 'ended' });
    const events = callEvents(
      call.id,
      Array.from({ length: 6 }, (_, i) => ({
        type: 'notice' as const,
        level: 'info' as const,
        code: `n${i}`,
        message: `notice ${i}`,
      })),
    );
    await appendCallEvents({ db: t.db, events: events.map((event) => ({ event })) });

    const first = await readSse(await openEvents(ann, call.id), (m) => m.length >= 3);
    const lastId = first.messages.at(-1)!.id!;
    expect(lastId).toBe('2');
    const resumed = await readSse(
      await openEvents(ann, call.id, { lastEventId: lastId, after: 0 }),
    );
    const ids = [...first.messages, ...resumed.messages]
      .filter((m) => m.event === 'message')
      .map((m) => m.id);
    expect(ids).toEqual(['0', '1', '2', '3', '4', '5']);
    const byQuery = await readSse(await openEvents(ann, call.id, { after: 4 }));
    expect(byQuery.messages.map((m) => m.id ?? m.event)).toEqual(['5', 'end']);
  });
});
