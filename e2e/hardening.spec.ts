import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { E2E_ADMIN, expect, test, waitForHydration } from './fixtures';
import { watchCsp } from './support/csp-watch';
import { E2E_BASE_URL, E2E_LIVEKIT_URL } from './support/e2e-env';

/** Issue 13 items 2 and 6, in Chromium: the ?next= redirect, framing, and the CSP. */

const EVIL = 'http://evil.example';

/** Answers anything on evil.example locally, so a redirect there shows instead of failing DNS. */
async function trapEvil(page: Page): Promise<void> {
  await page
    .context()
    .route(`${EVIL}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>evil.example</h1>' }),
    );
}

const HOSTILE_NEXT = ['/%5Cevil.example/', '/%09/evil.example/', '//evil.example/', `${EVIL}/`];

test.describe('?next= never leaves the console', () => {
  for (const next of HOSTILE_NEXT) {
    test(`a signed-in user opening /sign-in?next=${next} stays on the console`, async ({
      adminPage: page,
    }) => {
      await trapEvil(page);
      await page.goto(`/sign-in?next=${next}`);
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(E2E_BASE_URL);
      await expect(page.getByText('evil.example')).toHaveCount(0);
    });

    test(`signing in through the form with ?next=${next} stays on the console`, async ({
      page,
    }) => {
      await trapEvil(page);
      await page.goto(`/sign-in?next=${next}`);
      await waitForHydration(page.getByLabel('Email'));
      await page.getByLabel('Email').fill(E2E_ADMIN.email);
      await page.getByLabel('Password').fill(E2E_ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(E2E_BASE_URL);
    });
  }

  test('a path of the console, with its query, is still opened', async ({ adminPage: page }) => {
    await page.goto(`/sign-in?next=${encodeURIComponent('/calls?failed=1')}`);
    await expect(page).toHaveURL(`${E2E_BASE_URL}/calls?failed=1`);
  });
});

test.describe('security headers', () => {
  test('pages, route handlers and assets carry them; each page gets its own nonce', async ({
    request,
  }) => {
    const first = await request.get('/sign-in');
    const second = await request.get('/sign-in');
    const html = await first.text();
    const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const responses = [
      first,
      await request.get('/api/auth/get-session'),
      await request.get(asset!),
    ];
    for (const response of responses) {
      const headers = response.headers();
      expect(headers['x-frame-options'], response.url()).toBe('DENY');
      expect(headers['x-content-type-options'], response.url()).toBe('nosniff');
      expect(headers['referrer-policy'], response.url()).toBe('same-origin');
    }
    const policy = first.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain(E2E_LIVEKIT_URL.replace(/\/$/, ''));
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    // Next put the nonce on its own scripts; the next page got another one.
    expect(html).toContain(`nonce="${nonce}"`);
    expect(second.headers()['content-security-policy']).not.toContain(nonce);
    expect(responses[1]!.headers()['content-security-policy']).toContain("default-src 'none'");
  });

  test('the one public route, the OAuth client metadata document, opens without a session', async ({
    request,
  }) => {
    const response = await request.get('/api/mcp-oauth/client-metadata', { maxRedirects: 0 });
    expect(response.status()).toBe(200);
    expect(response.headers()['x-frame-options']).toBe('DENY');
    const document = (await response.json()) as Record<string, unknown>;
    expect(document.client_id).toBe(`${E2E_BASE_URL}/api/mcp-oauth/client-metadata`);
    expect(document.redirect_uris).toEqual([`${E2E_BASE_URL}/api/mcp-oauth/callback`]);
    expect(document.token_endpoint_auth_method).toBe('none');
    // Its neighbour, the callback, still asks for a session.
    const callback = await request.get('/api/mcp-oauth/callback?state=x', { maxRedirects: 0 });
    expect(callback.status()).toBe(401);
  });

  test('another site cannot frame the console', async ({ browser }) => {
    // Its own context: the refusal is itself a CSP report, which the page fixture would fail on.
    const context = await browser.newContext();
    const page = await context.newPage();
    // A page on the same host at another port: another origin, as the probe used.
    const framer = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<iframe id="console" src="${E2E_BASE_URL}/sign-in" width="800" height="600"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = framer.address() as AddressInfo;
      const framed = page.waitForResponse(`${E2E_BASE_URL}/sign-in`);
      await page.goto(`http://127.0.0.1:${port}/`);
      expect((await framed).status()).toBe(200);
      // Chromium replaces a refused frame with its error page; the sign-in form never shows.
      await expect
        .poll(() => page.frames().map((frame) => frame.url()))
        .toContain('chrome-error://chromewebdata/');
      await expect(page.frameLocator('#console').getByLabel('Email')).toHaveCount(0);
    } finally {
      await context.close();
      framer.closeAllConnections();
      await new Promise<void>((resolve) => framer.close(() => resolve()));
    }
  });

  test('the CSP is enforced: a script the page did not bring does not run', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: E2E_BASE_URL });
    const csp = watchCsp(context);
    const page = await context.newPage();
    // The console's real response, headers and all, with one inline script slipped in.
    await page.route(`${E2E_BASE_URL}/sign-in`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(
        '</body>',
        '<script>window.__injected = true</script></body>',
      );
      await route.fulfill({ response, body });
    });
    await page.goto('/sign-in');
    // Next's own scripts, which carry the nonce, ran: the form is hydrated.
    await waitForHydration(page.getByLabel('Email'));
    expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBe(
      undefined,
    );
    expect(csp.violations.join('\n')).toMatch(/script-src/);
    await context.close();
  });

  test('the call page may open its LiveKit WebSocket', async ({ memberPage: page }) => {
    await page.goto('/call');
    const socket = page.waitForEvent('websocket', (ws) => ws.url().startsWith(E2E_LIVEKIT_URL));
    await waitForHydration(page.getByRole('button', { name: 'Start call' }));
    await page.getByRole('button', { name: 'Start call' }).click();
    await socket;
    // Nothing listens there: the page says so (and the fixture fails on any CSP violation).
    await expect(
      page.getByRole('alert').filter({ hasText: 'Cannot reach the LiveKit server' }),
    ).toBeVisible();
  });
});
