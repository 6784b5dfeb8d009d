import { randomBytes } from 'node:crypto';
import {
  test as base,
  expect,
  type APIRequestContext,
  type Browser,
  type Locator,
  type Page,
} from '@playwright/test';
import { createDb, type Db } from '@/lib/db/client';
import { watchCsp } from './support/csp-watch';
import { E2E_ADMIN, E2E_BASE_URL, E2E_SERVER_ENV } from './support/e2e-env';

export interface Credentials {
  email: string;
  password: string;
  name: string;
}

/**
 * Waits until React has hydrated an element rendered on the server. Typing into a control before
 * that races hydration (the browser keeps some keystrokes, React restores others).
 */
export async function waitForHydration(locator: Locator): Promise<void> {
  await expect
    .poll(() =>
      locator.evaluate((el) => Object.keys(el).some((key) => key.startsWith('__reactFiber'))),
    )
    .toBe(true);
}

/** Signs in through better-auth's HTTP API; the session cookie lands in the request's context. */
export async function signInWithApi(request: APIRequestContext, who: Credentials): Promise<void> {
  const response = await request.post('/api/auth/sign-in/email', {
    data: { email: who.email, password: who.password },
    headers: { origin: E2E_BASE_URL },
  });
  expect(response.status(), `sign in as ${who.email}`).toBe(200);
}

/** Creates an account through the admin API (as the first admin). */
export async function createUserWithApi(
  browser: Browser,
  role: 'admin' | 'member',
  overrides: Partial<Credentials> = {},
): Promise<Credentials & { id: string }> {
  const suffix = randomBytes(4).toString('hex');
  const who = {
    email: overrides.email ?? `${role}-${suffix}@e2e.test`,
    password: overrides.password ?? `password-${suffix}-ok`,
    name: overrides.name ?? `${role === 'admin' ? 'Admin' : 'Member'} ${suffix}`,
  };
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    await signInWithApi(context.request, E2E_ADMIN);
    const response = await context.request.post('/api/auth/admin/create-user', {
      data: { ...who, role },
      headers: { origin: E2E_BASE_URL },
    });
    expect(response.status(), `create ${role} ${who.email}`).toBe(200);
    const body = (await response.json()) as { user: { id: string } };
    return { ...who, id: body.user.id };
  } finally {
    await context.close();
  }
}

async function pageSignedInAs(browser: Browser, who: Credentials): Promise<Page> {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  await signInWithApi(context.request, who);
  return context.newPage();
}

interface Fixtures {
  /** the console's own database, for seeding and for asserting what was stored */
  db: Db;
  /** a page signed in as the first admin */
  adminPage: Page;
  /** a fresh member account for this test */
  member: Credentials & { id: string };
  /** a page signed in as `member` */
  memberPage: Page;
}

export const test = base.extend<Fixtures>({
  // Every page of every test runs under the console's CSP, and nothing it does may be blocked.
  page: async ({ page }, use) => {
    const csp = watchCsp(page.context());
    await use(page);
    expect(csp.violations, 'Content-Security-Policy violations').toEqual([]);
  },
  db: async ({}, use) => {
    const db = createDb(E2E_SERVER_ENV.DATABASE_URL);
    await use(db);
    await db.$disconnect();
  },
  adminPage: async ({ browser }, use) => {
    const page = await pageSignedInAs(browser, E2E_ADMIN);
    const csp = watchCsp(page.context());
    await use(page);
    await page.context().close();
    expect(csp.violations, 'Content-Security-Policy violations').toEqual([]);
  },
  member: async ({ browser }, use) => {
    await use(await createUserWithApi(browser, 'member'));
  },
  memberPage: async ({ browser, member }, use) => {
    const page = await pageSignedInAs(browser, member);
    const csp = watchCsp(page.context());
    await use(page);
    await page.context().close();
    expect(csp.violations, 'Content-Security-Policy violations').toEqual([]);
  },
});

export { expect };
export { E2E_ADMIN };
