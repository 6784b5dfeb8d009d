/**
 * Members and admins cannot store a name the app's own rules refuse, through any of the auth
 * library's endpoints (issue 13 item 8): the rules are lib/auth/user-fields.ts, checked in
 * better-auth's database hooks; the unused self-service update-user endpoint is off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserName } from '@/lib/auth/user-fields';
import { createTestDb, type TestDb } from '@/test/support/test-db';

const ORIGIN = 'http://localhost:3000';
// 20,000 characters with controls and right-to-left overrides, as the probe sent.
const HOSTILE = `Mallory\u202e\u0000\u0007${'\u202dx\u2066'.repeat(6_666)}`.slice(0, 20_000);
// Small enough for the body limit (server/request-guards.ts), so the name rules themselves answer.
const HOSTILE_SHORT = `Mallory\u202e\u0000${'x'.repeat(500)}`;

let t: TestDb;
let memberCookie = '';
let adminCookie = '';
let memberId = '';

async function authPost(pathname: string, body: unknown, cookie: string): Promise<Response> {
  const { POST } = await import('@/app/api/auth/[...all]/route');
  return POST(
    new Request(`${ORIGIN}/api/auth${pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, cookie },
      body: JSON.stringify(body),
    }),
  );
}

async function signIn(email: string, password: string): Promise<string> {
  const { getAuth } = await import('@/lib/auth/auth');
  const response = await getAuth().api.signInEmail({ body: { email, password }, asResponse: true });
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

beforeAll(async () => {
  t = await createTestDb();
  process.env.DATABASE_URL = t.url;
  const { getAuth } = await import('@/lib/auth/auth');
  const auth = getAuth();
  const member = await auth.api.createUser({
    body: { email: 'mia@fields.test', password: 'member-password-1', name: 'Mia', role: 'member' },
  });
  memberId = member.user.id;
  await auth.api.createUser({
    body: { email: 'ada@fields.test', password: 'admin-password-1', name: 'Ada', role: 'admin' },
  });
  memberCookie = await signIn('mia@fields.test', 'member-password-1');
  adminCookie = await signIn('ada@fields.test', 'admin-password-1');
});
afterAll(async () => {
  await t?.cleanup();
});

describe('UserName', () => {
  it.each([
    ['x'.repeat(101), 'Use at most 100 characters.'],
    ['Eve\u202egnp.exe', 'Remove control or text-direction characters from the name.'],
    ['Eve\u2066x\u2069', 'Remove control or text-direction characters from the name.'],
    ['Eve\u0000', 'Remove control or text-direction characters from the name.'],
    ['Eve\nAdmin', 'Remove control or text-direction characters from the name.'],
    ['   ', 'Enter a name.'],
  ])('refuses %j', (name, message) => {
    const result = UserName.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it.each(['Zoë Ålander', 'محمد', '李小龍', 'Sam 👩‍💻', "O'Brien-Smith"])('accepts %j', (name) => {
    expect(UserName.parse(` ${name} `)).toBe(name);
  });
});

describe('the auth endpoints keep to the same rules', () => {
  it('a member cannot rename themselves through update-user', async () => {
    for (const name of [HOSTILE, HOSTILE_SHORT]) {
      const response = await authPost('/update-user', { name }, memberCookie);
      expect(response.status).toBeGreaterThanOrEqual(400);
    }
    expect((await t.db.user.findUniqueOrThrow({ where: { id: memberId } })).name).toBe('Mia');
  });

  it('an admin cannot store such a name through admin/update-user or admin/create-user', async () => {
    const update = await authPost(
      '/admin/update-user',
      { userId: memberId, data: { name: HOSTILE_SHORT } },
      adminCookie,
    );
    expect(update.status).toBe(400);
    expect(JSON.stringify(await update.json())).toContain('characters');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: memberId } })).name).toBe('Mia');

    const create = await authPost(
      '/admin/create-user',
      {
        email: 'bidi@fields.test',
        password: 'bidi-password-1',
        name: 'Eve\u202eexe',
        role: 'member',
      },
      adminCookie,
    );
    expect(create.status).toBe(400);
    expect(await t.db.user.count({ where: { email: 'bidi@fields.test' } })).toBe(0);
  });

  it('a good name still goes through, trimmed', async () => {
    const update = await authPost(
      '/admin/update-user',
      { userId: memberId, data: { name: '  Mia Müller  ' } },
      adminCookie,
    );
    expect(update.status).toBe(200);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: memberId } })).name).toBe(
      'Mia Müller',
    );
  });
});
