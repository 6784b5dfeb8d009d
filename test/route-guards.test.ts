/**
 * The shared route-handler wrapper (server/route-handler.ts) on every route handler found in
 * app/ (better-auth's included): state-changing requests must be same-origin JSON, and bodies
 * past the limit are refused with 413 before they are read (issue 13 items 4 and 5).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '@/server/auth-guards';
import { AppError } from '@/lib/errors';
import { DEFAULT_MAX_BODY_BYTES } from '@/server/request-guards';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { seedDefaultProfile, seedUser } from './calls/seed';

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('@/server/auth-guards', () => ({
  requireUser: async () => {
    if (!session.user) throw new AppError('unauthorized');
    return session.user;
  },
  requireAdmin: async () => {
    if (session.user?.role !== 'admin') throw new AppError('forbidden');
    return session.user;
  },
}));

const ORIGIN = 'http://console.test';
const member: CurrentUser = { id: 'mia', email: 'mia@guards.test', name: 'Mia', role: 'member' };
const root = path.resolve(import.meta.dirname, '..');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}
const routeFiles = walk(path.join(root, 'app'))
  .map((file) => path.relative(root, file).split(path.sep).join('/'))
  .filter((file) => /\/route\.tsx?$/.test(file));
/** the ones that export a state-changing method */
const changingFiles = routeFiles.filter((file) =>
  /export (const|async function) (POST|PUT|PATCH|DELETE)\b/.test(
    fs.readFileSync(path.join(root, file), 'utf8'),
  ),
);

type Handler = (request: Request, context: unknown) => Promise<Response>;
const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

async function handlersOf(file: string): Promise<Array<[string, Handler]>> {
  const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
  return STATE_CHANGING.filter((method) => typeof mod[method] === 'function').map((method) => [
    method,
    mod[method] as Handler,
  ]);
}

function urlFor(file: string): string {
  const route = file.replace(/^app/, '').replace(/\/route\.tsx?$/, '');
  return `${ORIGIN}${route.replace('[...all]', 'sign-in/email').replace('[callId]', 'c1')}`;
}

const context = { params: Promise.resolve({ callId: 'c1', all: ['sign-in', 'email'] }) };

/** A body stream that counts what was pulled from it: proof of what the server read. */
function countingBody(totalBytes: number): {
  stream: ReadableStream<Uint8Array>;
  pulled(): number;
} {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= totalBytes) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  Object.assign(process.env, {
    DATABASE_URL: t.url,
    CONSOLE_URL: ORIGIN,
    LIVEKIT_URL: 'ws://livekit.test:7880',
    LIVEKIT_API_KEY: 'guards-key',
    LIVEKIT_API_SECRET: 'guards-secret-guards-secret-guards-1',
  });
  await seedUser(t.db, member.id, member.role);
  await seedDefaultProfile(t.db);
  session.user = member;
});
afterAll(async () => {
  await t?.cleanup();
});

describe('the sweep finds the route handlers', () => {
  it('includes the auth handler and the calls handler', () => {
    expect(changingFiles).toContain('app/api/auth/[...all]/route.ts');
    expect(changingFiles).toContain('app/api/calls/route.ts');
  });
});

describe.each(changingFiles)('state-changing requests to %s', (file) => {
  it('are refused cross-origin, without an origin, and when not JSON', async () => {
    const handlers = await handlersOf(file);
    expect(handlers.length).toBeGreaterThan(0);
    for (const [method, handler] of handlers) {
      const send = (headers: Record<string, string>) =>
        handler(new Request(urlFor(file), { method, headers, body: '{}' }), context);
      const evil = await send({
        origin: 'http://evil.example',
        'content-type': 'application/json',
      });
      expect(evil.status, `${method} ${file} from another origin`).toBe(403);
      const otherPort = await send({
        origin: 'http://console.test:8080',
        'content-type': 'application/json',
      });
      expect(otherPort.status, `${method} ${file} from another port`).toBe(403);
      const noOrigin = await send({ 'content-type': 'application/json' });
      expect(noOrigin.status, `${method} ${file} without Origin`).toBe(403);
      const crossSite = await send({
        'sec-fetch-site': 'cross-site',
        'content-type': 'application/json',
      });
      expect(crossSite.status, `${method} ${file} Sec-Fetch-Site cross-site`).toBe(403);
      const text = await send({ origin: ORIGIN, 'content-type': 'text/plain' });
      expect(text.status, `${method} ${file} as text/plain`).toBe(415);
      const form = await send({
        origin: ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(form.status, `${method} ${file} as a form`).toBe(415);
    }
  });

  it('refuse a body past the limit with 413 before reading it', async () => {
    for (const [method, handler] of await handlersOf(file)) {
      const declared = countingBody(50 * 1024 * 1024);
      const byLength = await handler(
        new Request(urlFor(file), {
          method,
          headers: {
            origin: ORIGIN,
            'content-type': 'application/json',
            'content-length': String(50 * 1024 * 1024),
          },
          body: declared.stream,
          duplex: 'half',
        } as RequestInit),
        context,
      );
      expect(byLength.status, `${method} ${file} with Content-Length 50 MB`).toBe(413);
      expect(declared.pulled(), 'bytes read of a body refused by its length').toBeLessThanOrEqual(
        64 * 1024,
      );

      const streamed = countingBody(50 * 1024 * 1024);
      const byStream = await handler(
        new Request(urlFor(file), {
          method,
          headers: { origin: ORIGIN, 'content-type': 'application/json' },
          body: streamed.stream,
          duplex: 'half',
        } as RequestInit),
        context,
      );
      expect(byStream.status, `${method} ${file} streaming 50 MB`).toBe(413);
      expect(streamed.pulled()).toBeLessThanOrEqual(DEFAULT_MAX_BODY_BYTES + 3 * 64 * 1024);
      expect(((await byStream.json()) as { error: { code: string } }).error.code).toBe(
        'payload_too_large',
      );
    }
  });
});

describe('POST /api/calls as the probe sent it', () => {
  async function post(headers: Record<string, string>) {
    const { POST } = await import('@/app/api/calls/route');
    return POST(new Request(`${ORIGIN}/api/calls`, { method: 'POST', headers, body: '{}' }));
  }

  it('cross-origin text/plain with a member session starts no call', async () => {
    const response = await post({ origin: 'http://evil.example', 'content-type': 'text/plain' });
    expect(response.status).toBe(403);
    expect(JSON.stringify(await response.json())).not.toContain('token');
    expect(await t.db.call.count()).toBe(0);
  });

  it('same-origin JSON still starts one (by Origin, or Sec-Fetch-Site without it)', async () => {
    expect((await post({ origin: ORIGIN, 'content-type': 'application/json' })).status).toBe(201);
    expect(
      (await post({ 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' })).status,
    ).toBe(201);
    expect(await t.db.call.count()).toBe(2);
  });
});
