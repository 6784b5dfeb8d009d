/**
 * Every route handler (app/) and every server action (app/ and server/), found from the file tree
 * (so a new one cannot be forgotten), refuses an anonymous request; every one not listed as open to members
 * refuses a member. Actions are called with garbage arguments: the refusal must come before any
 * input is read, as the first line of each (CONTRIBUTING.md rule 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { declarationOf } from '@/server/define-action';
import { signedInCookie } from './support/signed-in';
import { createTestDb, type TestDb } from './support/test-db';

// The request's headers as next/headers would see them; each call sets them.
const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock('next/headers', () => ({
  headers: async () => requestHeaders.current,
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}));

const root = path.resolve(import.meta.dirname, '..');

/** Route handlers and actions members may use (each still checks what it returns is theirs). */
const MEMBER_ROUTES = new Set([
  'app/api/calls/route.ts',
  'app/api/calls/[callId]/events/route.ts',
  'app/api/calls/[callId]/agent-left/route.ts',
  'app/api/calls/[callId]/events/stored/route.ts',
]);
const MEMBER_ACTION_FILES = new Set<string>([]);
/**
 * Route handlers open to anyone, each with its reason; what they answer is checked below (only
 * GET, the same to everyone, nothing but non-secret client metadata).
 */
const PUBLIC_ROUTES = new Map([
  [
    'app/api/mcp-oauth/client-metadata/route.ts',
    'the console’s OAuth client ID metadata document: authorization servers fetch it anonymously',
  ],
]);
/** better-auth's own endpoints: sign-in must accept anonymous requests; tested below by behaviour. */
const AUTH_ROUTE = 'app/api/auth/[...all]/route.ts';

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

const filesIn = (dir: string) =>
  walk(path.join(root, dir)).map((file) => path.relative(root, file).split(path.sep).join('/'));
const routeFiles = filesIn('app').filter((file) => /\/route\.tsx?$/.test(file));
const actionFiles = [...filesIn('app'), ...filesIn('server')].filter(
  (file) =>
    /\.tsx?$/.test(file) &&
    /^\s*['"]use server['"]/.test(fs.readFileSync(path.join(root, file), 'utf8')),
);

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Dummy params for dynamic segments ([callId] -> { callId: 'sweep-callId' }). */
function paramsFor(file: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const match of file.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)) {
    const name = match[2] ?? 'param';
    params[name] = match[1] ? ['sweep'] : `sweep-${name}`;
  }
  return params;
}

let testDb: TestDb;
let memberCookie = '';

async function asAnonymous<T>(run: () => Promise<T>): Promise<T> {
  requestHeaders.current = new Headers();
  return run();
}

async function asMember<T>(run: () => Promise<T>): Promise<T> {
  requestHeaders.current = new Headers({ cookie: memberCookie });
  return run();
}

beforeAll(async () => {
  testDb = await createTestDb();
  process.env.DATABASE_URL = testDb.url;
  memberCookie = await signedInCookie({
    email: 'member@sweep.test',
    password: 'member-password-1',
    name: 'Member',
    role: 'member',
  });
});

afterAll(async () => {
  await testDb?.cleanup();
});

describe('the sweep finds what it must check', () => {
  it('finds route handlers and server actions from the file tree', () => {
    expect(routeFiles).toContain(AUTH_ROUTE);
    expect(actionFiles).toEqual(
      expect.arrayContaining([
        'server/actions/agent-profiles.ts',
        'server/actions/mcp-oauth.ts',
        'server/actions/mcp-servers.ts',
        'server/actions/mcp-tools.ts',
        'server/actions/users.ts',
      ]),
    );
  });

  it('lists as open to members only route handlers and action files it found', () => {
    for (const file of MEMBER_ROUTES) expect(routeFiles, 'MEMBER_ROUTES').toContain(file);
    for (const file of PUBLIC_ROUTES.keys()) expect(routeFiles, 'PUBLIC_ROUTES').toContain(file);
    for (const file of MEMBER_ACTION_FILES)
      expect(actionFiles, 'MEMBER_ACTION_FILES').toContain(file);
  });
});

describe.each(routeFiles.filter((file) => file !== AUTH_ROUTE && !PUBLIC_ROUTES.has(file)))(
  'route handler %s',
  (file) => {
    it('refuses anonymous requests, and members unless open to them', async () => {
      const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<
        string,
        unknown
      >;
      const methods = HTTP_METHODS.filter((method) => typeof mod[method] === 'function');
      expect(methods.length, `${file} exports no HTTP method`).toBeGreaterThan(0);
      for (const method of methods) {
        const handler = mod[method] as (request: Request, context: unknown) => Promise<Response>;
        const call = (cookie?: string) =>
          handler(
            new Request(`http://sweep.test/${file}`, {
              method,
              // Same-origin JSON: what server/route-handler.ts requires before the handler runs.
              headers: {
                'content-type': 'application/json',
                origin: 'http://sweep.test',
                ...(cookie ? { cookie } : {}),
              },
              ...(method === 'GET' ? {} : { body: '{"sweep":true}' }),
            }),
            { params: Promise.resolve(paramsFor(file)) },
          );
        const anonymous = await asAnonymous(() => call());
        expect(anonymous.status, `${method} ${file} as anonymous`).toBe(401);
        if (!MEMBER_ROUTES.has(file)) {
          const member = await asMember(() => call(memberCookie));
          expect(member.status, `${method} ${file} as member`).toBe(403);
        }
      }
    });
  },
);

describe.each([...PUBLIC_ROUTES])('public route handler %s (%s)', (file) => {
  it('answers only GET, the same to anonymous callers and members, with client metadata only', async () => {
    const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
    expect(HTTP_METHODS.filter((method) => typeof mod[method] === 'function')).toEqual(['GET']);
    const { ClientMetadataDocument } = await import('@/lib/mcp/client-metadata');
    const handler = mod.GET as (request: Request) => Promise<Response>;
    const bodies: unknown[] = [];
    for (const cookie of [undefined, memberCookie]) {
      const response = await (cookie ? asMember : asAnonymous)(() =>
        handler(new Request(`http://sweep.test/${file}`, cookie ? { headers: { cookie } } : {})),
      );
      expect(response.status, cookie ? 'as member' : 'as anonymous').toBe(200);
      bodies.push(await response.json());
    }
    expect(bodies[1]).toEqual(bodies[0]);
    // Strict: a field beyond the document's (a secret, a user's data) fails the parse.
    const document = ClientMetadataDocument.parse(bodies[0]);
    expect(document.token_endpoint_auth_method).toBe('none');
  });
});

describe.each(actionFiles)('server actions in %s', (file) => {
  it('refuse anonymous callers, and members unless open to them, before reading input', async () => {
    const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
    const actions = Object.entries(mod).filter(([, value]) => typeof value === 'function');
    expect(actions.length, `${file} exports no action`).toBeGreaterThan(0);
    // Each is declared through the one builder (server/define-action.ts), with its role and schema.
    for (const [name, action] of actions) {
      const declared = declarationOf(action);
      expect(declared, `${name} is not declared with adminAction()`).toBeDefined();
      expect(declared?.role, name).toBe(MEMBER_ACTION_FILES.has(file) ? 'member' : 'admin');
    }
    for (const [name, action] of actions) {
      const run = action as (...args: unknown[]) => Promise<unknown>;
      await expect(
        asAnonymous(() => run({ sweep: true }, 'garbage')),
        `${name} as anonymous`,
      ).rejects.toMatchObject({
        code: 'unauthorized',
      });
      if (!MEMBER_ACTION_FILES.has(file)) {
        await expect(
          asMember(() => run({ sweep: true }, 'garbage')),
          `${name} as member`,
        ).rejects.toMatchObject({
          code: 'forbidden',
        });
      }
    }
  });
});

describe("better-auth's own endpoints", () => {
  async function authRequest(pathname: string, body: unknown, cookie?: string): Promise<Response> {
    const { POST } = await import('@/app/api/auth/[...all]/route');
    return POST(
      new Request(`http://localhost:3000/api/auth${pathname}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: 'http://localhost:3000',
          ...(cookie ? { cookie } : {}),
        },
        body: JSON.stringify(body),
      }),
    );
  }

  it('refuses self sign-up', async () => {
    const response = await authRequest('/sign-up/email', {
      email: 'self@sweep.test',
      password: 'self-password-1',
      name: 'Self',
    });
    expect(response.ok).toBe(false);
    expect(await testDb.db.user.count({ where: { email: 'self@sweep.test' } })).toBe(0);
  });

  it('refuses admin endpoints to anonymous callers and to members', async () => {
    const body = { email: 'x@sweep.test', password: 'x-password-12', name: 'X', role: 'admin' };
    expect((await authRequest('/admin/create-user', body)).status).toBe(401);
    expect((await authRequest('/admin/create-user', body, memberCookie)).status).toBe(403);
    expect(
      (await authRequest('/admin/set-role', { userId: 'anyone', role: 'admin' }, memberCookie))
        .status,
    ).toBe(403);
    expect(await testDb.db.user.count({ where: { email: 'x@sweep.test' } })).toBe(0);
  });

  it(
    'rate-limits sign-in attempts and answers 429 past the limit',
    { timeout: 120_000 },
    async () => {
      const statuses: number[] = [];
      // SIGN_IN_RATE_LIMIT defaults to 10 per 60 s per client address.
      for (let i = 0; i < 12; i += 1) {
        // Another email each time: one email would meet the per-account lock (5 failures) first.
        const response = await authRequest('/sign-in/email', {
          email: `nobody-${i}@sweep.test`,
          password: 'wrong-password',
        });
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    },
  );
});
