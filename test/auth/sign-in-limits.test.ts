/**
 * Sign-in limits over real sockets (issue 13 item 1): the address limit keys on the connection's
 * address, not on an X-Forwarded-For the client wrote, and a per-account lock stops one email
 * being tried from many addresses, with the same answer for an email no account has.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress } from '@/server/client-address';
import { startAuthHttpServer, type AuthHttpServer } from '@/test/support/auth-http-server';
import { createTestDb, type TestDb } from '@/test/support/test-db';

describe('clientAddress', () => {
  it.each([
    [0, '203.0.113.9', '1.2.3.4', '203.0.113.9'],
    [0, '203.0.113.9', undefined, '203.0.113.9'],
    [1, '10.0.0.2', '1.2.3.4', '1.2.3.4'],
    [1, '10.0.0.2', '6.6.6.6, 1.2.3.4', '1.2.3.4'],
    [2, '10.0.0.2', '6.6.6.6, 1.2.3.4, 10.0.0.1', '1.2.3.4'],
    [1, '10.0.0.2', undefined, '10.0.0.2'],
    [3, '10.0.0.2', '1.2.3.4', '1.2.3.4'],
  ] as const)(
    'with %i trusted proxies, socket %s and X-Forwarded-For %s: %s',
    (trustedProxyCount, socketAddress, forwardedFor, expected) => {
      expect(clientAddress({ socketAddress, forwardedFor, trustedProxyCount })).toBe(expected);
    },
  );
});

let t: TestDb;
let direct: AuthHttpServer;
let behindProxy: AuthHttpServer;

beforeAll(async () => {
  t = await createTestDb();
  Object.assign(process.env, {
    DATABASE_URL: t.url,
    SIGN_IN_RATE_LIMIT: '10/60',
    SIGN_IN_ACCOUNT_LOCK: '5/300',
  });
  const { getAuth } = await import('@/lib/auth/auth');
  await getAuth().api.createUser({
    body: { email: 'mia@limits.test', password: 'member-password-1', name: 'Mia', role: 'member' },
  });
  direct = await startAuthHttpServer({ trustedProxyCount: 0 });
  // Behind one proxy, each request's address is the X-Forwarded-For value that proxy appended.
  behindProxy = await startAuthHttpServer({ trustedProxyCount: 1 });
});
afterAll(async () => {
  await Promise.all([direct?.close(), behindProxy?.close()]);
  await t?.cleanup();
});

describe('the address limit', () => {
  // Sign-ins hash passwords on purpose: a dozen take seconds on a loaded two-core machine.
  it('holds when every attempt claims another X-Forwarded-For', { timeout: 120_000 }, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const response = await direct.signIn(
        { email: `nobody${i}@limits.test`, password: 'wrong-password' },
        { 'x-forwarded-for': `198.51.100.${i + 1}` },
      );
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('the per-account lock', () => {
  async function failFiveTimes(email: string, firstAddress: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await behindProxy.signIn(
        { email, password: 'wrong-password' },
        { 'x-forwarded-for': `192.0.2.${firstAddress + i}` },
      );
      statuses.push(response.status);
    }
    return statuses;
  }

  it(
    'locks an email after 5 failures from 5 addresses, even for the right password',
    {
      timeout: 120_000,
    },
    async () => {
      expect(await failFiveTimes('Mia@limits.test', 1)).toEqual([401, 401, 401, 401, 401]);
      const right = await behindProxy.signIn(
        { email: 'mia@limits.test', password: 'member-password-1' },
        { 'x-forwarded-for': '192.0.2.77' },
      );
      expect(right.status).toBe(429);
      const body = (await right.json()) as { code?: string; message?: string };
      expect(body.code).toBe('ACCOUNT_LOCKED');
      expect(right.headers.get('set-cookie') ?? '').not.toContain('session_token');

      // An email no account has is locked the same way, with the same answer.
      expect(await failFiveTimes('ghost@limits.test', 20)).toEqual([401, 401, 401, 401, 401]);
      const ghost = await behindProxy.signIn(
        { email: 'ghost@limits.test', password: 'member-password-1' },
        { 'x-forwarded-for': '192.0.2.78' },
      );
      expect(ghost.status).toBe(429);
      expect(await ghost.json()).toEqual(body);
    },
  );

  it(
    'a success clears the count, and other emails are not affected',
    { timeout: 120_000 },
    async () => {
      const other = await behindProxy.signIn(
        { email: 'someone@limits.test', password: 'wrong-password' },
        { 'x-forwarded-for': '192.0.2.90' },
      );
      expect(other.status).toBe(401);
      await t.db.signInFailure.deleteMany({ where: { email: 'mia@limits.test' } });
      for (let i = 0; i < 4; i += 1) {
        await behindProxy.signIn(
          { email: 'mia@limits.test', password: 'wrong-password' },
          { 'x-forwarded-for': `192.0.2.${100 + i}` },
        );
      }
      const ok = await behindProxy.signIn(
        { email: 'mia@limits.test', password: 'member-password-1' },
        { 'x-forwarded-for': '192.0.2.110' },
      );
      expect(ok.status).toBe(200);
      expect(await t.db.signInFailure.count({ where: { email: 'mia@limits.test' } })).toBe(0);
    },
  );
});
