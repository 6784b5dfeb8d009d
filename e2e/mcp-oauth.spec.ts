import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { unseal } from '@/lib/seal';
import type { AuthorizationServer } from '@/test/fixtures/oauth-authorization-server';
import type { OAuthMcpServer } from '@/test/fixtures/oauth-mcp-server';
import { startOAuthStack, type OAuthStack } from '@/test/support/oauth-stack';
import { expect, test, waitForHydration } from './fixtures';
import { addHttpServer } from './support/tools-page';
import { E2E_SERVER_ENV } from './support/e2e-env';

/**
 * OAuth for an MCP server in the browser: a real authorization server (oidc-provider) in front of
 * an MCP server that checks audience and scope. The admin adds the server, presses Connect,
 * signs in on the authorization server's own pages and comes back connected; a revoked grant
 * then shows Reconnect on the Tools and Status pages, and Reconnect signs in again. Disconnect
 * revokes the grant at the authorization server, forgets the tokens and offers Connect again.
 */

let stack: OAuthStack;
let as: AuthorizationServer;
let mcp: OAuthMcpServer;

test.beforeAll(async () => {
  // 30 s tokens: every use by the console starts with a refresh, so a revoked grant shows at once.
  stack = await startOAuthStack({ accessTokenTtl: 30 });
  ({ as, mcp } = stack);
});
test.afterAll(async () => {
  await stack?.close();
});

async function signInAtAuthorizationServer(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${as.issuer}/interaction/`));
  const loginField = page.getByPlaceholder('Enter any login');
  if (await loginField.isVisible()) {
    await loginField.fill(login);
    await page.getByPlaceholder('and password').fill('any-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('an admin connects an OAuth MCP server, and reconnects after the grant is revoked', async ({
  adminPage: page,
  db,
}) => {
  const name = `OAuth notes ${randomBytes(3).toString('hex')}`;
  await addHttpServer(page, { name, url: mcp.url });

  // Saved although the test answered 401: the server advertises OAuth.
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('This server signs in with OAuth: press Connect')).toBeVisible();
  await expect(page.getByText('Not signed in')).toBeVisible();
  await expect(page.getByText(/Add or fix the Authorization/)).toHaveCount(0);

  const connect = page.getByRole('button', { name: `Connect ${name}` });
  await waitForHydration(connect);
  await connect.click();
  await signInAtAuthorizationServer(page, 'alice');

  // Back on the console, connected, with the server's tools listed through the new token.
  await expect(page).toHaveURL(/\/tools\/[^/?]+\?oauth=connected$/);
  await expect(page.getByRole('status').filter({ hasText: 'Signed in' })).toBeVisible();
  await expect(page.getByText('Signed in with OAuth')).toBeVisible();
  // Its tools were listed with the grant: whoami is a row of the Tools list.
  await expect(
    page.getByRole('row').getByRole('button', { name: 'whoami', exact: true }),
  ).toBeVisible();
  const server = await db.mcpServer.findUniqueOrThrow({ where: { name } });
  const grant = await db.mcpOAuthGrant.findUniqueOrThrow({ where: { serverId: server.id } });
  expect(grant.status).toBe('connected');
  const tokens = JSON.parse(
    unseal(grant.tokens!, Buffer.from(E2E_SERVER_ENV.SEAL_KEY!, 'base64')),
  ) as { access_token: string; refresh_token: string };
  expect(mcp.acceptedTokens).toContain(tokens.access_token);
  // Tokens never reach the browser.
  const html = await page.content();
  expect(html).not.toContain(tokens.access_token);
  expect(html).not.toContain(tokens.refresh_token);

  // The authorization server revokes the grant: the next use cannot refresh it.
  await as.revokeGrantsOf(
    JSON.parse(unseal(grant.client!, Buffer.from(E2E_SERVER_ENV.SEAL_KEY!, 'base64')))
      .client_id as string,
  );
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('Connection test failed')).toBeVisible();
  await page.reload();
  await expect(page.getByText('Needs Reconnect')).toBeVisible();

  await page.goto('/tools');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row.getByRole('button', { name: `Reconnect ${name}` })).toBeVisible();

  await page.goto('/status');
  const mcpCheck = page.locator('[data-check="mcp-servers"]');
  await expect(
    mcpCheck.getByText(/in with OAuth and needs an admin to sign in again/),
  ).toBeVisible();
  const reconnect = mcpCheck.getByRole('button', { name: `Reconnect ${name}` });
  await waitForHydration(reconnect);
  await reconnect.click();
  await signInAtAuthorizationServer(page, 'alice');
  await expect(page).toHaveURL(/\/tools\/[^/?]+\?oauth=connected$/);
  await expect(page.getByText('Signed in with OAuth')).toBeVisible();
  expect(
    (await db.mcpOAuthGrant.findUniqueOrThrow({ where: { serverId: server.id } })).status,
  ).toBe('connected');
});

test('an admin disconnects an OAuth MCP server: tokens revoked and forgotten, Connect offered again', async ({
  adminPage: page,
  db,
}) => {
  const name = `OAuth bye ${randomBytes(3).toString('hex')}`;
  await addHttpServer(page, { name, url: mcp.url });
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  // Nothing to disconnect before a sign-in.
  await expect(page.getByRole('button', { name: `Disconnect ${name}` })).toHaveCount(0);
  const connect = page.getByRole('button', { name: `Connect ${name}` });
  await waitForHydration(connect);
  await connect.click();
  await signInAtAuthorizationServer(page, 'bob');
  await expect(page).toHaveURL(/\/tools\/[^/?]+\?oauth=connected$/);
  await expect(page.getByText('Signed in with OAuth')).toBeVisible();

  const server = await db.mcpServer.findUniqueOrThrow({ where: { name } });
  const revocationsBefore = as.revocations.length;
  const disconnect = page.getByRole('button', { name: `Disconnect ${name}` });
  await waitForHydration(disconnect);
  await disconnect.click();
  const confirm = page.getByRole('dialog', { name: `Disconnect ${name}?` });
  await confirm.getByRole('button', { name: 'Disconnect' }).click();
  await expect(
    page.getByText(`Disconnected ${name}: the authorization server revoked the grant`),
  ).toBeVisible();

  // The page shows the state as it now is: not signed in, Connect, no Disconnect.
  await expect(page.getByText('Not signed in')).toBeVisible();
  await expect(page.getByRole('button', { name: `Connect ${name}` })).toBeVisible();
  await expect(page.getByRole('button', { name: `Disconnect ${name}` })).toHaveCount(0);
  const grant = await db.mcpOAuthGrant.findUniqueOrThrow({ where: { serverId: server.id } });
  expect(grant).toMatchObject({ status: 'not_connected', tokens: null, expiresAt: null });
  // The refresh token was revoked (200); the JWT access token cannot be (400), and is forgotten.
  expect(as.revocations.slice(revocationsBefore)).toEqual([{ status: 200 }, { status: 400 }]);

  // Connect works again from there.
  await page.getByRole('button', { name: `Connect ${name}` }).click();
  await signInAtAuthorizationServer(page, 'bob');
  await expect(page).toHaveURL(/\/tools\/[^/?]+\?oauth=connected$/);
  await expect(page.getByText('Signed in with OAuth')).toBeVisible();
});
