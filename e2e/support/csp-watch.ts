import type { BrowserContext, Page } from '@playwright/test';

/**
 * Collects what Chromium reports as blocked by the Content-Security-Policy, on every page of a
 * context, so each test fails if the app does something its own policy forbids (the whole
 * suite runs with the CSP on: issue 13 item 6).
 */
export function watchCsp(context: BrowserContext): { violations: string[] } {
  const violations: string[] = [];
  const watch = (page: Page) =>
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        violations.push(`${page.url()}: ${message.text()}`);
      }
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  return { violations };
}
