import type { Locator, Page } from '@playwright/test';
import { waitForHydration } from '../fixtures';

/** Opens the Tools page's Add server dialog, once the page can take the click. */
export async function openAddServer(page: Page): Promise<Locator> {
  await page.goto('/tools');
  await waitForHydration(page.getByRole('button', { name: 'Add server' }));
  await page.getByRole('button', { name: 'Add server' }).click();
  return page.getByRole('dialog', { name: 'Add MCP server' });
}

/**
 * Adds an HTTP server as an admin does (name, URL, Test and save); returns the dialog, which
 * holds the alert when the test failed and nothing was saved.
 */
export async function addHttpServer(
  page: Page,
  { name, url }: { name: string; url: string },
): Promise<Locator> {
  const dialog = await openAddServer(page);
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('URL').fill(url);
  await dialog.getByRole('button', { name: 'Test and save' }).click();
  return dialog;
}
