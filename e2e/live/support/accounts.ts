import { randomBytes } from 'node:crypto';
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';

export interface Account {
  email: string;
  password: string;
  name: string;
}

/** Signs in through better-auth's HTTP API of the console at `baseUrl`; the cookie stays in `request`. */
export async function signIn(
  request: APIRequestContext,
  baseUrl: string,
  who: Account,
): Promise<void> {
  const response = await request.post(`${baseUrl}/api/auth/sign-in/email`, {
    data: { email: who.email, password: who.password },
    headers: { origin: baseUrl },
  });
  expect(response.status(), `sign in as ${who.email} at ${baseUrl}`).toBe(200);
}

/** Creates an account through the admin API of the console at `baseUrl`, as `admin`. */
export async function createAccount(
  browser: Browser,
  baseUrl: string,
  admin: Account,
  role: 'admin' | 'member',
): Promise<Account & { id: string }> {
  const suffix = randomBytes(4).toString('hex');
  const who = {
    email: `${role}-${suffix}@live.test`,
    password: `password-${suffix}-ok`,
    name: `${role === 'admin' ? 'Admin' : 'Member'} ${suffix}`,
  };
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    await signIn(context.request, baseUrl, admin);
    const response = await context.request.post(`${baseUrl}/api/auth/admin/create-user`, {
      data: { ...who, role },
      headers: { origin: baseUrl },
    });
    expect(response.status(), `create ${role} ${who.email}`).toBe(200);
    const body = (await response.json()) as { user: { id: string } };
    return { ...who, id: body.user.id };
  } finally {
    await context.close();
  }
}

/** A page in its own browser context, signed in as `who` at the console at `baseUrl`. */
export async function signedInPage(browser: Browser, baseUrl: string, who: Account): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl });
  await signIn(context.request, baseUrl, who);
  return context.newPage();
}
