import { expect, type Page } from '@playwright/test';
import type { Db } from '@/lib/db/client';

/**
 * The caller's side of a live call, through the page as a person uses it: Start call, then the
 * agent's state as the page shows it. Returns the call the console created (newest of this user).
 */
export async function startCallFromPage(
  page: Page,
  db: Db,
  userId: string,
): Promise<{ callId: string; roomName: string }> {
  await page.goto('/call');
  const start = page.getByRole('button', { name: 'Start call' });
  await expect
    .poll(() =>
      start.evaluate((el) => Object.keys(el).some((key) => key.startsWith('__reactFiber'))),
    )
    .toBe(true);
  await start.click();
  await expect(page.getByRole('heading', { name: 'In a call' })).toBeVisible();
  const call = await db.call.findFirstOrThrow({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, roomName: true },
  });
  return { callId: call.id, roomName: call.roomName };
}

/** The agent's state as the call card shows it ("connecting", "listening", "speaking", ...). */
export function agentState(page: Page) {
  return page
    .getByRole('status')
    .filter({ hasText: /^(not in the call|connecting|listening|thinking|speaking|failed)$/ });
}
