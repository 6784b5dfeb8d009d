import fs from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import { createDb, type Db } from '@/lib/db/client';
import { watchCsp } from '../support/csp-watch';
import { createAccount, signedInPage, type Account } from './support/accounts';
import { startLiveStack, type LiveStack } from './support/live-stack';
import type { LiveConsole } from './support/console-server';

interface WorkerFixtures {
  /** one live stack per Playwright worker: LiveKit, the model, an MCP server, a console, a worker */
  stack: LiveStack;
  /** the stack's console */
  liveConsole: LiveConsole;
  /** the stack's database, for seeding and for asserting what was stored */
  db: Db;
}

interface TestFixtures {
  /** on failure, the processes' output is attached to the report */
  processLogs: void;
  member: Account & { id: string };
  memberPage: Page;
  adminPage: Page;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  stack: [
    async ({}, use) => {
      const stack = await startLiveStack();
      await use(stack);
      await stack.stop();
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  liveConsole: [async ({ stack }, use) => use(stack.consoles[0]!), { scope: 'worker' }],
  db: [
    async ({ stack }, use) => {
      const db = createDb(stack.databaseUrl);
      await use(db);
      await db.$disconnect();
    },
    { scope: 'worker' },
  ],
  processLogs: [
    async ({ stack }, use, testInfo) => {
      await use();
      if (testInfo.status === testInfo.expectedStatus) return;
      const logs: Record<string, string> = {
        livekit: stack.livekit.output(),
        ...Object.fromEntries(stack.workers.map((w) => [`worker-${w.index}`, w.output()])),
        ...Object.fromEntries(stack.consoles.map((c) => [`console-${c.port}`, c.process.output()])),
      };
      for (const [name, text] of Object.entries(logs)) {
        const file = testInfo.outputPath(`${name}.log`);
        fs.writeFileSync(file, text);
        await testInfo.attach(`${name}.log`, { path: file, contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],
  member: async ({ browser, liveConsole }, use) => {
    await use(await createAccount(browser, liveConsole.url, liveConsole.admin, 'member'));
  },
  memberPage: async ({ browser, liveConsole, member }, use) => {
    const page = await signedInPage(browser, liveConsole.url, member);
    const csp = watchCsp(page.context());
    await use(page);
    await page.context().close();
    expect(csp.violations, 'Content-Security-Policy violations').toEqual([]);
  },
  adminPage: async ({ browser, liveConsole }, use) => {
    const page = await signedInPage(browser, liveConsole.url, liveConsole.admin);
    const csp = watchCsp(page.context());
    await use(page);
    await page.context().close();
    expect(csp.violations, 'Content-Security-Policy violations').toEqual([]);
  },
});

export { expect };
