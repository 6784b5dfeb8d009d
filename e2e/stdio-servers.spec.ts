import { randomBytes } from 'node:crypto';
import { STDIO_FIXTURE_SCRIPT } from '@/test/support/stdio-fixture';
import { expect, test } from './fixtures';
import { openAddServer } from './support/tools-page';

/**
 * A local (stdio) MCP server registered in the browser: the admin chooses "Local command",
 * enters the command, its arguments and a secret variable; saving starts the command and lists
 * its tools; trying a tool starts it again, and an echoed secret comes back redacted.
 */
test('an admin registers a local command as an MCP server and tries one of its tools', async ({
  adminPage: page,
  db,
}) => {
  const name = `Local ${randomBytes(3).toString('hex')}`;
  const secret = `e2e-stdio-${randomBytes(6).toString('hex')}`;
  const dialog = await openAddServer(page);
  await dialog.getByRole('radio', { name: 'Local command' }).check();
  await expect(dialog.getByRole('textbox', { name: 'URL' })).toHaveCount(0);
  await dialog.getByLabel('Name').fill(name);

  // Without a command nothing is started, and the field says what is missing.
  await dialog.getByRole('button', { name: 'Test and save' }).click();
  await expect(dialog.getByText('Enter the command to run')).toBeVisible();

  await dialog.getByRole('textbox', { name: 'Command', exact: true }).fill(process.execPath);
  // A command that exits fails its test: refused with the reason and its code, nothing saved.
  await dialog.getByLabel('Arguments').fill(`--import\ntsx\n${STDIO_FIXTURE_SCRIPT}\nexit`);
  await dialog.getByRole('button', { name: 'Test and save' }).click();
  const refused = dialog
    .getByRole('alert')
    .filter({ hasText: 'Not saved: the connection test failed' });
  await expect(refused).toContainText('exited with code 3');
  await expect(refused).toContainText('Code process_failed');
  expect(await db.mcpServer.count({ where: { name } })).toBe(0);

  await dialog.getByLabel('Arguments').fill(`--import\ntsx\n${STDIO_FIXTURE_SCRIPT}\ngood`);
  await dialog.getByRole('button', { name: 'Add variable' }).click();
  await dialog.getByLabel('Variable 1 name').fill('9TOKEN');
  await dialog.getByLabel('Variable 1 value').fill(secret);
  await dialog.getByRole('button', { name: 'Test and save' }).click();
  await expect(dialog.getByText('letters, digits and underscores')).toBeVisible();
  await dialog.getByLabel('Variable 1 name').fill('FIXTURE_TOKEN');
  await dialog.getByRole('button', { name: 'Test and save' }).click();

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText(`$ ${process.execPath} --import tsx`)).toBeVisible();
  await expect(page.getByText('stdio', { exact: true })).toBeVisible();
  const server = await db.mcpServer.findUniqueOrThrow({ where: { name } });
  expect(server).toMatchObject({ kind: 'stdio', command: process.execPath, url: '' });
  expect(JSON.stringify(server)).not.toContain(secret);

  await page.getByRole('button', { name: 'env', exact: true }).click();
  const envTool = page.getByRole('region', { name: 'env', exact: true });
  await envTool.getByRole('link', { name: 'Try env' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Try env' })).toBeVisible();
  await page.getByRole('textbox', { name: 'name', exact: true }).fill('FIXTURE_TOKEN');
  await page.getByRole('button', { name: 'Run tool' }).click();
  const result = page.getByRole('region', { name: 'Result' });
  await expect(result).toContainText('FIXTURE_TOKEN=[redacted]');
  expect(await page.content()).not.toContain(secret);
});
