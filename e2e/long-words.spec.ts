import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { makePreview } from '@/lib/call-events/preview';
import { appendCallEvents } from '@/lib/db/call-events';
import { callEvents } from '@/test/calls/events';
import { expect, test } from './fixtures';

/**
 * One unbroken word from outside never widens a page (issue 13 item 9): a 200,000-character
 * tool description made the tool page 2.7 million pixels wide. Checked at desktop and phone width
 * on every page that shows outside text.
 */
const WORD = (length: number, seed: string) =>
  seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
const WIDTHS = [1280, 390];

async function expectNoSidewaysScroll(page: Page, path: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const sizes = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      view: document.documentElement.clientWidth,
    }));
    expect(sizes.scroll, `${path} at ${width} px`).toBeLessThanOrEqual(sizes.view);
  }
}

test('tool, server and user names, descriptions, schemas, arguments, results and transcripts wrap', async ({
  adminPage: page,
  db,
}) => {
  test.setTimeout(120_000);
  const suffix = randomBytes(3).toString('hex');
  const server = await db.mcpServer.create({
    data: {
      name: `srv-${suffix}-${WORD(55, 'S')}`,
      url: `http://127.0.0.1:9/${WORD(1_500, 'u')}`,
      lastCheckOk: true,
      lastCheckedAt: new Date(),
    },
  });
  const tool = await db.mcpTool.create({
    data: {
      serverId: server.id,
      name: `tool_${WORD(300, 'n')}`,
      description: WORD(200_000, 'd'),
      inputSchema: JSON.stringify({
        type: 'object',
        properties: { [`p_${WORD(400, 'k')}`]: { type: 'string', description: WORD(5_000, 'e') } },
      }),
      enabled: true,
    },
  });
  const user = await db.user.create({
    data: {
      id: `long-${suffix}`,
      name: WORD(100, 'M'),
      email: `${WORD(60, 'm')}-${suffix}@e2e.test`,
      role: 'member',
    },
  });
  const version = await db.agentProfileVersion.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
  const call = await db.call.create({
    data: {
      userId: user.id,
      roomName: `room-${suffix}`,
      status: 'ended',
      startedAt: new Date(),
      endedAt: new Date(),
      profileVersionId: version.id,
    },
  });
  const events = callEvents(call.id, [
    { type: 'call_state', state: 'started' },
    { type: 'transcript', role: 'user', segmentId: 'u1', text: WORD(20_000, 'w'), final: true },
    {
      type: 'tool_call',
      toolCallId: 'call_long',
      tool: tool.name,
      server: server.name,
      state: 'requested',
      args: makePreview({ text: WORD(6_000, 'a') }),
    },
    {
      type: 'tool_call',
      toolCallId: 'call_long',
      tool: tool.name,
      server: server.name,
      state: 'done',
      result: makePreview(WORD(6_000, 'r')),
      durationMs: 3,
    },
    { type: 'transcript', role: 'agent', segmentId: 'a1', text: WORD(20_000, 'g'), final: true },
    { type: 'call_state', state: 'ended' },
  ]);
  await appendCallEvents({ db, events: events.map((event) => ({ event })) });

  await expectNoSidewaysScroll(page, '/tools');
  await expectNoSidewaysScroll(page, `/tools/${server.id}`);
  await expectNoSidewaysScroll(page, `/tools/${server.id}/${tool.id}`);
  await expectNoSidewaysScroll(page, '/users');
  await expectNoSidewaysScroll(page, '/calls');
  await expectNoSidewaysScroll(page, `/calls/${call.id}`);
});
