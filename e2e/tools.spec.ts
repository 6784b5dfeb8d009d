import { randomBytes } from 'node:crypto';
import type { Response } from '@playwright/test';
import { unseal } from '@/lib/seal';
import { startFixtureServer } from '@/test/fixtures/mcp-fixture-server';
import { startServerEverything, type ServerEverything } from '@/test/support/server-everything';
import { expect, test } from './fixtures';
import { addHttpServer } from './support/tools-page';
import { E2E_SERVER_ENV } from './support/e2e-env';
import { closedPortUrl } from '@/test/support/closed-port';

const suffix = () => randomBytes(3).toString('hex');

/**
 * A duration as formatMs (components/tools/format.ts) writes it: "840 ms" under a second,
 * "1 s" or "1.4 s" above. How long a step takes on a loaded machine is not what these check.
 */
const TOOK = String.raw`(?:\d+ ms|\d+(?:\.\d)? s)`;
const took = (before: string, after = '') => new RegExp(`${before} ${TOOK}${after}`);

let everything: ServerEverything;

test.beforeAll(async () => {
  everything = await startServerEverything();
});
test.afterAll(async () => {
  await everything?.close();
});

test('an admin registers server-everything, enables two tools and tries get-sum', async ({
  adminPage: page,
  db,
}) => {
  const name = `Everything ${suffix()}`;
  await addHttpServer(page, { name, url: everything.url });

  // The toast comes with the answer and lives 4 s: look for it before the page it opens, which
  // can take longer than that to render on a loaded machine.
  await expect(page.getByText(took('Connected in', ': \\d+ tools found'))).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const server = await db.mcpServer.findUniqueOrThrow({ where: { name } });
  expect(server).toMatchObject({ url: everything.url, lastCheckOk: true });
  expect(await db.toolSnapshot.count({ where: { serverId: server.id } })).toBe(1);

  // Each tool's detail opens under its row in the list.
  await page.getByRole('button', { name: 'get-sum', exact: true }).click();
  await page.getByRole('button', { name: 'echo', exact: true }).click();
  const getSum = page.getByRole('region', { name: 'get-sum', exact: true });
  const echo = page.getByRole('region', { name: 'echo', exact: true });
  await expect(getSum).toBeVisible();
  await expect(getSum.getByText('Not given to the model')).toBeVisible();
  for (const tool of [getSum, echo]) {
    const enabled = tool.getByRole('switch', { name: 'Enabled', exact: true });
    await expect(enabled).toHaveAttribute('aria-checked', 'false');
    await enabled.click();
    await expect(enabled).toHaveAttribute('aria-checked', 'true');
    await expect(tool.getByText('Given to the model', { exact: true })).toBeVisible();
  }
  const enabledTools = await db.mcpTool.findMany({
    where: { serverId: server.id, enabled: true },
    orderBy: { name: 'asc' },
  });
  expect(enabledTools.map((tool) => tool.name)).toEqual(['echo', 'get-sum']);

  // What the Realtime model will be given for it.
  await getSum.getByText('What the model is given').click();
  const definition = getSum.getByLabel('Function definition of get-sum');
  await expect(definition).toContainText('"type": "function"');
  await expect(definition).toContainText('"required": [');

  // A time limit outside 1-300 s is refused with the reason.
  await getSum.getByLabel('Time limit (seconds)').fill('301');
  await getSum.getByRole('button', { name: 'Save limits' }).click();
  await expect(getSum.getByText('Use 1 to 300 seconds.')).toBeVisible();
  expect(enabledTools.find((tool) => tool.name === 'get-sum')?.timeoutMs).toBe(20_000);

  await getSum.getByRole('link', { name: 'Try get-sum' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Try get-sum' })).toBeVisible();
  await page.getByRole('spinbutton', { name: 'a', exact: true }).fill('2');
  await page.getByRole('button', { name: 'Run tool' }).click();
  // Refused with the schema's own words before anything is sent to the MCP server.
  await expect(
    page.getByRole('alert').filter({ hasText: "b: must have required property 'b'" }),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Result' })).toHaveCount(0);

  await page.getByRole('spinbutton', { name: 'b', exact: true }).fill('3');
  await page.getByRole('button', { name: 'Run tool' }).click();
  const result = page.getByRole('region', { name: 'Result' });
  await expect(result).toContainText('The sum of 2 and 3 is 5.');
  await expect(result).toContainText(took('The call took'));

  // The raw JSON editor gives the same call.
  await page.getByRole('switch', { name: 'Edit as raw JSON' }).click();
  await page.getByLabel('Arguments (JSON)').fill('{"a": 40, "b": 2}');
  await page.getByRole('button', { name: 'Run tool' }).click();
  await expect(result).toContainText('The sum of 40 and 2 is 42.');

  await page.goto('/status');
  await expect(page.getByRole('listitem').filter({ hasText: 'MCP servers' })).toContainText(
    /registered/,
  );
});

test('a URL that is not an MCP endpoint, a server that is down, or a metadata address is refused with the reason, and nothing is saved', async ({
  adminPage: page,
  db,
}) => {
  const notMcp = await startFixtureServer({ answerStatus: 404 });
  try {
    const cases = [
      { url: `${notMcp.url}`, reason: /answered 404/, code: 'not_mcp_endpoint' },
      { url: await closedPortUrl(), reason: /connection was refused/, code: 'connection_refused' },
      { url: 'http://169.254.169.254/mcp', reason: /not allowed/i, code: 'url_not_allowed' },
    ];
    for (const { url, reason, code } of cases) {
      const name = `Broken ${suffix()}`;
      const dialog = await addHttpServer(page, { name, url: url });
      const alert = dialog.getByRole('alert');
      await expect(alert).toContainText('Not saved: the connection test failed');
      await expect(alert).toContainText(reason);
      // The typed code the action answered with, shown as it is.
      await expect(alert).toContainText(`Code ${code}`);
      expect(await db.mcpServer.count({ where: { name } })).toBe(0);
    }
  } finally {
    await notMcp.close();
  }
});

test('a member cannot see the Tools page', async ({ memberPage }) => {
  await memberPage.goto('/');
  await expect(memberPage.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(memberPage.getByRole('link', { name: 'Tools' })).toHaveCount(0);
  for (const path of ['/tools', '/tools/some-server', '/tools/some-server/some-tool']) {
    const response = await memberPage.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(memberPage.getByRole('heading', { name: 'Admins only' })).toBeVisible();
  }
});

test('a stored header value never appears in anything the console serves', async ({
  adminPage: page,
  db,
}) => {
  const secret = `e2e-secret-${randomBytes(16).toString('hex')}`;
  const fixture = await startFixtureServer({ requireBearer: secret });
  const bodies: Array<{ url: string; action: boolean; text: string }> = [];
  const reads: Array<Promise<void>> = [];
  // Pages and other responses: read as they come (a body still streaming when the page navigates
  // away cannot always be read, so these are not counted).
  const collect = (response: Response) => {
    if (response.request().headers()['next-action']) return;
    reads.push(
      response
        .body()
        .then((body) => {
          bodies.push({ url: response.url(), action: false, text: body.toString('utf8') });
        })
        .catch(() => undefined), // redirects and aborted requests have no body
    );
  };
  page.on('response', collect);
  // Every server action's answer is read whole before the page gets it, so none can be missed.
  const actionsSent: string[] = [];
  await page.route('**/*', async (route) => {
    if (!route.request().headers()['next-action']) return route.fallback();
    actionsSent.push(route.request().url());
    const response = await route.fetch();
    const text = await response.text();
    bodies.push({ url: route.request().url(), action: true, text });
    await route.fulfill({ response, body: text });
  });
  const name = `Secret ${suffix()}`;
  try {
    // Without the token the server refuses us, and says so.
    const dialog = await addHttpServer(page, { name, url: fixture.url });
    await expect(dialog.getByRole('alert')).toContainText('401');
    await dialog.getByRole('button', { name: 'Add header' }).click();
    await dialog.getByLabel('Header 1 name').fill('Authorization');
    await dialog.getByLabel('Header 1 value').fill(`Bearer ${secret}`);
    await dialog.getByRole('button', { name: 'Test and save' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByText('•••••• set')).toBeVisible();

    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByText(took('Connection test passed in'))).toBeVisible();
    await page.getByRole('button', { name: 'Refresh tools' }).click();
    await expect(page.getByText(took('Refreshed in', ': no changes'))).toBeVisible();

    // Editing keeps the stored value: adding another header re-tests with it, and passes.
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit MCP server' });
    await expect(edit.getByLabel('Header 1 value is set')).toBeVisible();
    await expect(edit.getByLabel('Header 1 value', { exact: true })).toHaveCount(0);
    await edit.getByRole('button', { name: 'Add header' }).click();
    await edit.getByLabel('Header 2 name').fill('X-Trace');
    await edit.getByLabel('Header 2 value').fill('trace-1');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();
    await expect(page.getByText(took('Saved; connected in'))).toBeVisible();

    // An edit to an address where nothing answers is refused, and changes nothing.
    await page.getByRole('button', { name: 'Edit' }).click();
    await edit.getByLabel('URL').fill(await closedPortUrl());
    await edit.getByRole('button', { name: 'Save' }).click();
    const notSaved = edit
      .getByRole('alert')
      .filter({ hasText: 'Not saved: the new settings failed the connection test' });
    await expect(notSaved).toContainText('Code connection_refused');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await expect(edit).toBeHidden();
    expect(await db.mcpServer.findUniqueOrThrow({ where: { name } })).toMatchObject({
      url: fixture.url,
    });

    await page.getByRole('button', { name: 'echo', exact: true }).click();
    const echo = page.getByRole('region', { name: 'echo', exact: true });
    await echo.getByRole('switch', { name: 'Enabled', exact: true }).click();
    await expect(echo.getByText('Given to the model', { exact: true })).toBeVisible();
    await echo.getByRole('link', { name: 'Try echo' }).click();
    await page.getByRole('textbox', { name: 'text', exact: true }).fill('hello there');
    await page.getByRole('button', { name: 'Run tool' }).click();
    await expect(page.getByRole('region', { name: 'Result' })).toContainText('hello there');

    const server = await db.mcpServer.findUniqueOrThrow({ where: { name } });
    for (const path of ['/tools', `/tools/${server.id}`, '/status']) await page.goto(path);
    await page.goto(`/tools/${server.id}`);

    // The server goes away: the re-test says why and is recorded on the row.
    await fixture.close();
    await page.getByRole('button', { name: 'Test connection' }).click();
    const testFailed = page.getByRole('alert').filter({ hasText: 'Connection test failed' });
    await expect(testFailed).toContainText('refused');
    await expect(testFailed).toContainText('Code connection_refused');
    const failed = await db.mcpServer.findUniqueOrThrow({ where: { id: server.id } });
    expect(failed).toMatchObject({ lastCheckOk: false, lastErrorCode: 'connection_refused' });
    // A refresh that cannot reach it says so the same way, and the page shows the failed test.
    await page.getByRole('button', { name: 'Refresh tools' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Refresh failed' })).toContainText(
      'Code connection_refused',
    );
    await expect(page.getByText('Last test failed')).toBeVisible();

    // In the database the value is sealed: not there in plain text, and it unseals to it.
    expect(failed.headers).not.toContain(secret);
    const stored = JSON.parse(failed.headers) as Array<{ name: string; sealed: string }>;
    const key = Buffer.from(E2E_SERVER_ENV.SEAL_KEY!, 'base64');
    expect(stored.map((h) => h.name)).toEqual(['Authorization', 'X-Trace']);
    expect(unseal(stored[0]!.sealed, key)).toBe(`Bearer ${secret}`);
  } finally {
    page.off('response', collect);
    await page.unrouteAll({ behavior: 'wait' });
    await fixture.close().catch(() => undefined);
  }
  await Promise.all(reads);
  expect(bodies.length).toBeGreaterThan(10);
  // Ten actions ran (a refused save, save, test, refresh, edit, a refused edit, enable, try, test,
  // refresh): each answer read.
  expect(actionsSent.length, 'server actions sent').toBeGreaterThanOrEqual(10);
  expect(bodies.filter((b) => b.action).length, 'every action answer read').toBe(
    actionsSent.length,
  );
  console.info(
    `[tools e2e] checked ${bodies.length} response bodies, ${bodies.filter((b) => b.action).length} of them server-action answers`,
  );
  // The collector does read what pages and actions answer: the server's name is in them.
  expect(bodies.some((b) => b.action && b.text.includes(name))).toBe(true);
  const leaks = bodies.filter((b) => b.text.includes(secret)).map((b) => b.url);
  expect(leaks).toEqual([]);
});
