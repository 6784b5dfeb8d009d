import { randomBytes } from 'node:crypto';
import { createAgentProfile } from '@/lib/db/agent-profiles';
import { loadToolCatalogForProfiles } from '@/lib/db/profile-tool-catalog';
import { MODEL_TOOL_LIMIT } from '@/lib/agent-config/tool-limit';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';
import { expect, test, waitForHydration } from './fixtures';
import { addHttpServer } from './support/tools-page';

/**
 * The profile editor says when a call would offer more tools than the model accepts (128): a
 * server's 130 tools are enabled on the Tools page, and the profile's Tools picker warns while
 * it offers all enabled tools, and stops once it offers only chosen ones. The tools are disabled
 * again at the end, so other specs' calls do not carry 130 more tools.
 */

let many: FixtureServer;

test.beforeAll(async () => {
  many = await startFixtureServer({ manyTools: MODEL_TOOL_LIMIT + 2, pageSize: 50 });
});
test.afterAll(async () => {
  await many?.close();
});

test('the profile editor warns past 128 enabled tools, and not when the profile offers fewer', async ({
  adminPage: page,
  db,
}) => {
  const name = `Limit ${randomBytes(3).toString('hex')}`;
  await addHttpServer(page, { name, url: many.url });
  await expect(page.getByText(/Connected in .*: 130 tools found/)).toBeVisible({
    timeout: 60_000,
  });
  const server = await db.mcpServer.findUniqueOrThrow({ where: { name } });
  try {
    await page.getByRole('checkbox', { name: 'Select all shown tools' }).check();
    const toolbar = page.getByRole('toolbar', { name: 'Change the selected tools' });
    await toolbar.getByRole('button', { name: 'Enable', exact: true }).click();
    await expect(page.getByText('130 tools enabled.')).toBeVisible();

    // Counted as a call counts them: other specs leave enabled tools on disabled servers and
    // tools whose schema no call can use, which a raw count of enabled rows would include.
    const enabled = (await loadToolCatalogForProfiles({ db })).tools.length;
    expect(enabled).toBeGreaterThan(MODEL_TOOL_LIMIT);
    const profile = await createAgentProfile({
      db,
      name: `E2E limit profile ${randomBytes(3).toString('hex')}`,
      content: {
        prompt: 'You answer the phone.',
        model: 'gpt-realtime',
        voice: 'marin',
        allTools: true,
        toolIds: [],
      },
      authorId: null,
      note: 'Seeded by the test',
    });
    await page.goto(`/agent/${profile.id}`);
    const onlyChosen = page.getByRole('radio', { name: /^Only the tools I choose/ });
    await waitForHydration(onlyChosen);
    const warning = page
      .getByRole('status')
      .filter({ hasText: 'More tools than the model accepts' });
    await expect(warning).toBeVisible();
    await expect(warning).toContainText(`${enabled} tools would be offered in each call`);
    await expect(warning).toContainText('128 function tools');

    // Offering only chosen tools (none chosen yet): the warning goes.
    await onlyChosen.check();
    await expect(page.getByText('More tools than the model accepts')).toHaveCount(0);
  } finally {
    await db.mcpTool.updateMany({ where: { serverId: server.id }, data: { enabled: false } });
  }
});
