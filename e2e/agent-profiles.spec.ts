import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { createAgentProfile, setDefaultProfile } from '@/lib/db/agent-profiles';
import type { Db } from '@/lib/db/client';
import {
  createUserWithApi,
  expect,
  signInWithApi,
  test,
  waitForHydration,
  type Credentials,
} from './fixtures';
import { E2E_BASE_URL } from './support/e2e-env';

const FIRST_PROMPT = 'You answer the phone for the bakery.\nGreet the caller.\nKeep it short.';

/** A profile of this test's own, so no test depends on the Default profile's content. */
async function seedProfile(db: Db, prompt = FIRST_PROMPT) {
  const admin = await db.user.findFirst({
    where: { role: 'admin' },
    orderBy: { createdAt: 'asc' },
  });
  return createAgentProfile({
    db,
    name: `E2E profile ${randomBytes(3).toString('hex')}`,
    content: { prompt, model: 'gpt-realtime', voice: 'marin', allTools: true, toolIds: [] },
    authorId: admin?.id ?? null,
    note: 'Seeded by the test',
  });
}

async function pageAs(browser: Browser, who: Credentials): Promise<Page> {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  await signInWithApi(context.request, who);
  return context.newPage();
}

/** The id Next gave a server action in this build, to call it the way the browser does. */
function actionId(exportedName: string): string {
  const manifest = JSON.parse(
    fs.readFileSync(
      path.resolve(import.meta.dirname, '..', '.next', 'server', 'server-reference-manifest.json'),
      'utf8',
    ),
  ) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const found = Object.entries(manifest.node).find(
    ([, entry]) =>
      entry.filename === 'server/actions/agent-profiles.ts' && entry.exportedName === exportedName,
  );
  if (!found) throw new Error(`no server action ${exportedName} in this build`);
  return found[0];
}

function promptField(page: Page) {
  return page.getByLabel('Prompt', { exact: true });
}

/** Opens a profile's editor and waits until it can be typed into. */
async function openEditor(page: Page, profileId: string) {
  await page.goto(`/agent/${profileId}`);
  await waitForHydration(promptField(page));
}

async function save(page: Page, version: number) {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(`Saved as version ${version}.`)).toBeVisible();
  await expect(page.getByText('No unsaved changes.')).toBeVisible();
}

test('an admin edits the prompt twice, compares versions and restores the first as a fourth', async ({
  adminPage: page,
  db,
}) => {
  const profile = await seedProfile(db);
  await page.goto('/agent');
  await expect(page.getByRole('heading', { name: 'Agent' })).toBeVisible();
  await page.getByRole('link', { name: profile.name }).click();
  await expect(page.getByRole('heading', { name: profile.name })).toBeVisible();
  await expect(promptField(page)).toHaveValue(FIRST_PROMPT);

  // The honesty rule and the live preview of the full instructions.
  await expect(page.getByLabel('Honesty rule')).toContainText('Never say that an action was done');
  const preview = page.getByRole('region', { name: 'Effective instructions' });
  await promptField(page).fill('You answer the phone for the bakery.\nGreet the caller warmly.');
  await expect(preview).toContainText('Greet the caller warmly.');
  await expect(preview).toContainText('Never say that an action was done');
  await save(page, 2);

  await promptField(page).fill(
    'You answer the phone for the bakery.\nGreet the caller warmly.\nOffer the daily special.',
  );
  await page.getByLabel('Version note (optional)').fill('Mention the special');
  await save(page, 3);

  const versions = page.getByRole('list', { name: 'Versions' }).getByRole('listitem');
  await expect(versions).toHaveCount(3);
  await expect(versions.first()).toContainText('Version 3');
  await expect(versions.first()).toContainText('Mention the special');

  await page.getByLabel('From version').selectOption('1');
  await page.getByLabel('To version').selectOption('3');
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(new RegExp(`/agent/${profile.id}/diff\\?from=1&to=3`));
  const diff = page.getByRole('region', { name: 'Changes from version 1 to version 3' });
  const removed = diff.getByRole('row').filter({ hasText: 'removed' });
  const added = diff.getByRole('row').filter({ hasText: 'added' });
  await expect(removed.filter({ hasText: 'Greet the caller.' })).toHaveCount(1);
  await expect(removed.filter({ hasText: 'Keep it short.' })).toHaveCount(1);
  await expect(added.filter({ hasText: 'Greet the caller warmly.' })).toHaveCount(1);
  await expect(added.filter({ hasText: 'Offer the daily special.' })).toHaveCount(1);

  await page.getByRole('link', { name: 'Back to the profile' }).click();
  await page.getByRole('button', { name: 'Restore version 1' }).click();
  await expect(page.getByText('Version 1 restored as version 4.')).toBeVisible();
  await expect(versions).toHaveCount(4);
  await expect(versions.first()).toContainText('Restored from version 1');
  await expect(promptField(page)).toHaveValue(FIRST_PROMPT);

  const stored = await db.agentProfileVersion.findMany({
    where: { profileId: profile.id },
    orderBy: { version: 'asc' },
  });
  expect(stored.map((v) => v.version)).toEqual([1, 2, 3, 4]);
  expect(stored[3]?.prompt).toBe(FIRST_PROMPT);
  expect(stored[3]?.note).toBe('Restored from version 1');
  // Versions are immutable: version 1 is exactly as seeded.
  expect(stored[0]?.prompt).toBe(FIRST_PROMPT);
  expect(stored[0]?.note).toBe('Seeded by the test');

  // The version page a call review links to ("Name · v3").
  await page.goto(`/agent/${profile.id}/versions/3`);
  await expect(page.getByRole('heading', { name: `${profile.name} · v3` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Prompt of version 3' })).toContainText(
    'Offer the daily special.',
  );
});

test('a stale save is refused and the newer version is shown next to the unsaved text', async ({
  adminPage: first,
  browser,
  db,
}) => {
  const profile = await seedProfile(db);
  const otherAdmin = await createUserWithApi(browser, 'admin');
  const second = await pageAs(browser, otherAdmin);
  try {
    await openEditor(first, profile.id);
    await openEditor(second, profile.id);
    await expect(promptField(first)).toHaveValue(FIRST_PROMPT);
    await expect(promptField(second)).toHaveValue(FIRST_PROMPT);

    await promptField(first).fill('Saved first by the first admin.');
    await save(first, 2);

    await promptField(second).fill('Saved second, from version 1.');
    await second.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(
      second.getByRole('alert').filter({ hasText: 'Your changes were not saved' }),
    ).toContainText('Version 2 was saved by Admin');
    await expect(second.getByRole('region', { name: 'Newer version 2' })).toContainText(
      'Saved first by the first admin.',
    );
    await expect(second.getByRole('region', { name: 'Your unsaved changes' })).toContainText(
      'Saved second, from version 1.',
    );
    await expect(promptField(second)).toHaveValue('Saved second, from version 1.');
    expect(await db.agentProfileVersion.count({ where: { profileId: profile.id } })).toBe(2);

    // Having seen the newer version, the second admin saves deliberately on top of it.
    await second.getByRole('button', { name: 'Keep my changes on top of version 2' }).click();
    await save(second, 3);
    const latest = await db.agentProfileVersion.findFirst({
      where: { profileId: profile.id },
      orderBy: { version: 'desc' },
    });
    expect(latest).toMatchObject({ version: 3, prompt: 'Saved second, from version 1.' });
    expect(latest?.authorId).toBe(otherAdmin.id);
  } finally {
    await second.context().close();
  }
});

test('unsaved changes ask before an in-app link leaves the page', async ({
  adminPage: page,
  db,
}) => {
  const profile = await seedProfile(db);
  await openEditor(page, profile.id);
  await promptField(page).fill('Not saved yet.');
  await expect(page.getByText('Unsaved changes. Saving creates version 2.')).toBeVisible();

  const messages: string[] = [];
  page.once('dialog', (dialog) => {
    messages.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect
    .poll(() => messages)
    .toEqual(['You have unsaved changes to this profile. Leave and lose them?']);
  await expect(page).toHaveURL(new RegExp(`/agent/${profile.id}$`));
  await expect(promptField(page)).toHaveValue('Not saved yet.');

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  expect(await db.agentProfileVersion.count({ where: { profileId: profile.id } })).toBe(1);
});

test('a member cannot open or change agent profiles', async ({ memberPage, browser, db }) => {
  const profile = await seedProfile(db);
  await memberPage.goto('/');
  await expect(memberPage.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(memberPage.getByRole('link', { name: 'Agent' })).toHaveCount(0);
  for (const path of ['/agent', `/agent/${profile.id}`, `/agent/${profile.id}/diff?from=1&to=1`]) {
    const response = await memberPage.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(memberPage.getByRole('heading', { name: 'Admins only' })).toBeVisible();
  }

  // The save action refuses a member who posts to it directly, as the browser would.
  const direct = await memberPage.request.post(`/agent/${profile.id}`, {
    headers: {
      'next-action': actionId('saveProfile'),
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: E2E_BASE_URL,
    },
    data: JSON.stringify([
      {
        profileId: profile.id,
        baseVersion: 1,
        prompt: 'Written by a member.',
        model: 'gpt-realtime',
        voice: 'marin',
        allTools: true,
        toolIds: [],
      },
    ]),
  });
  expect(direct.ok(), `direct action call answered ${direct.status()}`).toBe(false);
  expect(await db.agentProfileVersion.count({ where: { profileId: profile.id } })).toBe(1);

  // And through the UI: an admin opens the editor, loses the admin role, then saves.
  const demoted = await createUserWithApi(browser, 'admin');
  const page = await pageAs(browser, demoted);
  try {
    await openEditor(page, profile.id);
    await promptField(page).fill('Written after losing the admin role.');
    await db.user.update({ where: { id: demoted.id }, data: { role: 'member' } });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(
      page.getByRole('alert').filter({ hasText: 'Your changes were not saved' }),
    ).toBeVisible();
    await expect(promptField(page)).toHaveValue('Written after losing the admin role.');
    expect(await db.agentProfileVersion.count({ where: { profileId: profile.id } })).toBe(1);
  } finally {
    await page.context().close();
  }
});

test('an admin creates a profile, hides it from callers, and makes it the default', async ({
  adminPage: page,
  db,
}) => {
  const before = await db.agentProfile.findFirst({ where: { isDefault: true } });
  const name = `E2E created ${randomBytes(3).toString('hex')}`;
  try {
    await page.goto('/agent');
    await waitForHydration(page.getByRole('button', { name: 'New profile' }));
    await page.getByRole('button', { name: 'New profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'New profile' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Start from').selectOption({ label: 'The built-in starting prompt' });
    await dialog.getByRole('button', { name: 'Create profile' }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    await expect(promptField(page)).toHaveValue(/helpful voice assistant/);
    await expect(
      page.getByRole('list', { name: 'Versions' }).getByRole('listitem').first(),
    ).toContainText('Created');

    // A second profile with the same name is refused, with the reason on the field.
    await page.goto('/agent');
    await waitForHydration(page.getByRole('button', { name: 'New profile' }));
    await page.getByRole('button', { name: 'New profile' }).click();
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create profile' }).click();
    await expect(dialog.getByText('A profile with this name already exists.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByRole('switch', { name: `Available to callers: ${name}` }).click();
    await expect(page.getByText(`Callers can no longer pick ${name}.`)).toBeVisible();
    await expect
      .poll(async () => (await db.agentProfile.findUnique({ where: { name } }))?.availableToCallers)
      .toBe(false);

    await row.getByRole('button', { name: `Make ${name} the default` }).click();
    await expect(page.getByText(`${name} is now the default profile.`)).toBeVisible();
    await expect(row.getByText('Default', { exact: true })).toBeVisible();
    // The default is what callers start with, so it became available again and stays so.
    await expect(row.getByRole('switch', { name: `Available to callers: ${name}` })).toBeDisabled();
    expect(await db.agentProfile.findUnique({ where: { name } })).toMatchObject({
      isDefault: true,
      availableToCallers: true,
    });
  } finally {
    // Other tests start calls with the default profile: give it back.
    if (before) await setDefaultProfile({ db, profileId: before.id });
  }
});

test('an admin deletes an unused profile; one that a call used is kept, with the reason', async ({
  adminPage: page,
  db,
}) => {
  const unused = await seedProfile(db);
  await openEditor(page, unused.id);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${unused.name}?` });
  await dialog.getByRole('button', { name: 'Delete profile' }).click();
  await expect(page.getByText(`${unused.name} deleted.`)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Agent' })).toBeVisible();
  await expect(page.getByRole('link', { name: unused.name })).toHaveCount(0);
  expect(await db.agentProfile.findUnique({ where: { id: unused.id } })).toBeNull();

  const used = await seedProfile(db);
  const caller = await db.user.findFirstOrThrow({ where: { role: 'admin' } });
  await db.call.create({
    data: {
      userId: caller.id,
      roomName: `e2e-delete-${used.id}`,
      profileVersionId: used.latest.id,
      status: 'ended',
    },
  });
  await openEditor(page, used.id);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const keptDialog = page.getByRole('dialog', { name: `Delete ${used.name}?` });
  await keptDialog.getByRole('button', { name: 'Delete profile' }).click();
  await expect(keptDialog.getByRole('alert')).toContainText('1 call used this profile');
  await keptDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: used.name })).toBeVisible();
  expect(await db.agentProfile.findUnique({ where: { id: used.id } })).not.toBeNull();
});
