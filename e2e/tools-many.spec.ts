import { randomBytes } from 'node:crypto';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';
import { expect, test, waitForHydration } from './fixtures';
import { addHttpServer } from './support/tools-page';

let many: FixtureServer;

test.beforeAll(async () => {
  many = await startFixtureServer({ manyTools: 300, pageSize: 50 });
});
test.afterAll(async () => {
  await many?.close();
});

test('a server with 300 tools: one compact list, search, bulk enable of a filtered set, detail a click away', async ({
  adminPage: page,
  db,
}) => {
  const name = `Many ${randomBytes(3).toString('hex')}`;
  await addHttpServer(page, { name, url: many.url });
  // Storing 300 tools takes a while on a loaded machine.
  await expect(page.getByText(/Connected in .*: 300 tools found/)).toBeVisible({ timeout: 60_000 });

  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(301); // the header and one row per tool
  await expect(page.getByText('300 tools, 0 enabled')).toBeVisible();

  // Search finds one tool by name.
  const search = page.getByRole('searchbox', { name: 'Search tools' });
  await search.fill('tool_123');
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'tool_123', exact: true })).toBeVisible();

  // Bulk enable a filtered set: tool_20x (tool_200 ... tool_209).
  await search.fill('tool_20');
  await expect(page.getByText('10 of 300 tools match')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all shown tools' }).check();
  const toolbar = page.getByRole('toolbar', { name: 'Change the selected tools' });
  await expect(toolbar.getByText('10 selected')).toBeVisible();
  await toolbar.getByRole('button', { name: 'Enable', exact: true }).click();
  await expect(page.getByText('10 tools enabled.')).toBeVisible();
  const server = await db.mcpServer.findUniqueOrThrow({ where: { name } });
  await expect
    .poll(async () =>
      (
        await db.mcpTool.findMany({
          where: { serverId: server.id, enabled: true },
          orderBy: { name: 'asc' },
        })
      ).map((tool) => tool.name),
    )
    .toEqual(Array.from({ length: 10 }, (_, i) => `tool_${200 + i}`));

  // The detail of one tool opens under its row, with its settings and what the model is given.
  await page.getByRole('button', { name: 'tool_205', exact: true }).click();
  const detail = page.getByRole('region', { name: 'tool_205', exact: true });
  await expect(detail.getByRole('switch', { name: 'Enabled', exact: true })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await expect(detail.getByText('Given to the model', { exact: true })).toBeVisible();

  // Sorting by Enabled puts the enabled ones first; keyboard reaches the sort control.
  await search.fill('');
  await page.getByRole('button', { name: 'Enabled', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(rows.nth(1)).toContainText('tool_200');
  await expect(page.getByText('300 tools, 10 enabled')).toBeVisible();
});

test('the 300-tool list works at phone width', async ({ adminPage: page, db }) => {
  const server = await db.mcpServer.findFirstOrThrow({
    where: { url: many.url },
    orderBy: { createdAt: 'desc' },
  });
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`/tools/${server.id}`);
  const search = page.getByRole('searchbox', { name: 'Search tools' });
  await waitForHydration(search);
  await search.fill('tool_042');
  await page.getByRole('button', { name: 'tool_042', exact: true }).click();
  await expect(page.getByRole('region', { name: 'tool_042', exact: true })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
