import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultAgentProfile } from '@/lib/db/bootstrap';
import {
  createAgentProfile,
  deleteAgentProfile,
  getAgentProfile,
  listAgentProfiles,
  listProfileVersions,
  restoreProfileVersion,
  saveProfileVersion,
  setDefaultProfile,
  setProfileAvailability,
} from '@/lib/db/agent-profiles';
import {
  describeProfileVersion,
  listCallableProfiles,
  resolveProfileForCall,
} from '@/lib/db/profile-for-call';
import { createCall } from '@/lib/db/calls';
import { loadToolCatalogForProfiles } from '@/lib/db/profile-tool-catalog';
import { AppError } from '@/lib/errors';
import { createTestDb, type TestDb } from '../support/test-db';

let testDb: TestDb;
let authorId: string;
const content = {
  prompt: 'You answer the phone.',
  model: 'gpt-realtime',
  voice: 'marin',
  allTools: true,
  toolIds: [],
};

async function caught(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

beforeAll(async () => {
  testDb = await createTestDb();
  await ensureDefaultAgentProfile({ db: testDb.db });
  const user = await testDb.db.user.create({
    data: { id: 'author-1', name: 'Ada Admin', email: 'ada@test.test', role: 'admin' },
  });
  authorId = user.id;
});

afterAll(async () => {
  await testDb?.cleanup();
});

describe('profile versions', () => {
  it('numbers versions from 1 and keeps every one unchanged', async () => {
    const { db } = testDb;
    const profile = await createAgentProfile({ db, name: 'Numbered', content, authorId });
    expect(profile.latest.version).toBe(1);
    expect(profile.latest.authorName).toBe('Ada Admin');
    const v1 = profile.latest;

    const v2 = await saveProfileVersion({
      db,
      profileId: profile.id,
      baseVersion: 1,
      content: { ...content, prompt: 'Second.' },
      note: 'tighter',
      authorId,
    });
    const v3 = await saveProfileVersion({
      db,
      profileId: profile.id,
      baseVersion: 2,
      content: { ...content, prompt: 'Third.', voice: 'alloy', allTools: false, toolIds: ['x'] },
      authorId,
    });
    expect([v2.version, v3.version]).toEqual([2, 3]);
    expect(v2.note).toBe('tighter');
    expect(v3.note).toBeNull();

    const versions = await listProfileVersions({ db, profileId: profile.id });
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    // Version 1 is exactly what it was: saves add rows, never update them.
    expect(versions.at(-1)).toEqual(v1);
    expect(versions[0]).toMatchObject({
      prompt: 'Third.',
      voice: 'alloy',
      allTools: false,
      toolIds: ['x'],
    });
    expect((await getAgentProfile({ db, profileId: profile.id }))?.latest.version).toBe(3);
  });

  it('refuses a stale save and hands back the newer version', async () => {
    const { db } = testDb;
    const profile = await createAgentProfile({ db, name: 'Contested', content, authorId });
    await saveProfileVersion({
      db,
      profileId: profile.id,
      baseVersion: 1,
      content: { ...content, prompt: 'Saved first.' },
      authorId,
    });
    const error = await caught(() =>
      saveProfileVersion({
        db,
        profileId: profile.id,
        baseVersion: 1,
        content: { ...content, prompt: 'Saved second, from the same base.' },
        authorId,
      }),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/Version 2 was saved by Ada Admin/);
    expect(error.details).toMatchObject({
      reason: 'stale',
      latest: { version: 2, prompt: 'Saved first.' },
    });
    const versions = await listProfileVersions({ db, profileId: profile.id });
    expect(versions.map((v) => v.prompt)).toEqual(['Saved first.', content.prompt]);
  });

  it('lets only one of two simultaneous saves on the same base through', async () => {
    const { db } = testDb;
    const profile = await createAgentProfile({ db, name: 'Race', content, authorId });
    const results = await Promise.allSettled(
      ['A', 'B', 'C'].map((who) =>
        saveProfileVersion({
          db,
          profileId: profile.id,
          baseVersion: 1,
          content: { ...content, prompt: `From ${who}` },
          authorId,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r.reason as AppError).code).toBe('conflict');
    expect(
      (await listProfileVersions({ db, profileId: profile.id })).map((v) => v.version),
    ).toEqual([2, 1]);
  });

  it('does not write a copy when nothing changed', async () => {
    const { db } = testDb;
    const profile = await createAgentProfile({ db, name: 'Unchanged', content, authorId });
    const error = await caught(() =>
      saveProfileVersion({ db, profileId: profile.id, baseVersion: 1, content, authorId }),
    );
    expect(error.code).toBe('invalid_input');
    expect(await listProfileVersions({ db, profileId: profile.id })).toHaveLength(1);
  });

  it('restores an old version as a new one, noting where it came from', async () => {
    const { db } = testDb;
    const profile = await createAgentProfile({ db, name: 'Restorable', content, authorId });
    await saveProfileVersion({
      db,
      profileId: profile.id,
      baseVersion: 1,
      content: { ...content, prompt: 'Changed.', model: 'gpt-realtime-mini' },
      authorId,
    });
    const restored = await restoreProfileVersion({
      db,
      profileId: profile.id,
      version: 1,
      baseVersion: 2,
      authorId,
    });
    expect(restored).toMatchObject({
      version: 3,
      prompt: content.prompt,
      model: 'gpt-realtime',
      note: 'Restored from version 1',
      authorName: 'Ada Admin',
    });
    expect(
      (await listProfileVersions({ db, profileId: profile.id })).map((v) => v.version),
    ).toEqual([3, 2, 1]);
    // Restoring from a stale page is refused like a stale save.
    const stale = await caught(() =>
      restoreProfileVersion({ db, profileId: profile.id, version: 2, baseVersion: 2, authorId }),
    );
    expect(stale.code).toBe('conflict');
    const missing = await caught(() =>
      restoreProfileVersion({ db, profileId: profile.id, version: 9, baseVersion: 3, authorId }),
    );
    expect(missing.code).toBe('not_found');
  });

  it('refuses a second profile with the same name', async () => {
    const { db } = testDb;
    await createAgentProfile({ db, name: 'Twin', content, authorId });
    const error = await caught(() => createAgentProfile({ db, name: 'Twin', content, authorId }));
    expect(error.code).toBe('conflict');
    expect(error.details).toEqual({ field: 'name' });
  });
});

describe('profiles for calls', () => {
  it('resolves the default profile to its latest version', async () => {
    const { db } = testDb;
    const resolved = await resolveProfileForCall({ db });
    expect(resolved).toMatchObject({ profileName: 'Default', isDefault: true, version: 1 });
    const row = await db.agentProfileVersion.findUnique({ where: { id: resolved.versionId } });
    expect(row?.version).toBe(1);
  });

  it('resolves a chosen profile to its latest version', async () => {
    const { db } = testDb;
    const profile = await createAgentProfile({ db, name: 'Chosen', content, authorId });
    await saveProfileVersion({
      db,
      profileId: profile.id,
      baseVersion: 1,
      content: { ...content, prompt: 'Latest.' },
      authorId,
    });
    const resolved = await resolveProfileForCall({ db, profileId: profile.id });
    expect(resolved).toMatchObject({ profileId: profile.id, version: 2, prompt: 'Latest.' });
  });

  it('refuses a profile that is not available to callers, and one that does not exist', async () => {
    const { db } = testDb;
    const profile = await createAgentProfile({ db, name: 'Hidden', content, authorId });
    await setProfileAvailability({ db, profileId: profile.id, availableToCallers: false });
    expect((await caught(() => resolveProfileForCall({ db, profileId: profile.id }))).code).toBe(
      'forbidden',
    );
    expect((await caught(() => resolveProfileForCall({ db, profileId: 'nope' }))).code).toBe(
      'not_found',
    );
    const callable = await listCallableProfiles({ db });
    expect(callable.map((p) => p.name)).not.toContain('Hidden');
    expect(callable[0]).toMatchObject({ name: 'Default', isDefault: true });
  });

  it('moves the default, keeps it available, and refuses hiding it', async () => {
    const { db } = testDb;
    const profile = await createAgentProfile({ db, name: 'Next default', content, authorId });
    await setProfileAvailability({ db, profileId: profile.id, availableToCallers: false });
    await setDefaultProfile({ db, profileId: profile.id });
    const profiles = await listAgentProfiles({ db });
    expect(profiles.filter((p) => p.isDefault).map((p) => p.name)).toEqual(['Next default']);
    expect(profiles[0]).toMatchObject({ name: 'Next default', availableToCallers: true });
    expect((await resolveProfileForCall({ db })).profileId).toBe(profile.id);
    const error = await caught(() =>
      setProfileAvailability({ db, profileId: profile.id, availableToCallers: false }),
    );
    expect(error.code).toBe('conflict');
    const original = profiles.find((p) => p.name === 'Default');
    if (original) await setDefaultProfile({ db, profileId: original.id });
  });

  it('describes the version a call used as "Name · vN" with a link to it', async () => {
    const { db } = testDb;
    const profile = await createAgentProfile({ db, name: 'Described', content, authorId });
    const v2 = await saveProfileVersion({
      db,
      profileId: profile.id,
      baseVersion: 1,
      content: { ...content, prompt: 'v2' },
      authorId,
    });
    expect(await describeProfileVersion({ db, versionId: v2.id })).toEqual({
      profileId: profile.id,
      profileName: 'Described',
      version: 2,
      label: 'Described · v2',
      href: `/agent/${profile.id}/versions/2`,
    });
    expect(await describeProfileVersion({ db, versionId: 'missing' })).toBeNull();
  });
});

describe('deleting a profile', () => {
  it('deletes an unused profile with all its versions', async () => {
    const { db } = testDb;
    const profile = await createAgentProfile({ db, name: 'Short-lived', content, authorId });
    await saveProfileVersion({
      db,
      profileId: profile.id,
      baseVersion: 1,
      content: { ...content, prompt: 'Second thoughts.' },
      note: null,
      authorId,
    });
    expect(await deleteAgentProfile({ db, profileId: profile.id })).toEqual({
      name: 'Short-lived',
    });
    expect(await getAgentProfile({ db, profileId: profile.id })).toBeNull();
    expect(await db.agentProfileVersion.count({ where: { profileId: profile.id } })).toBe(0);
  });

  it('keeps the default profile, and one a call used, with the reason', async () => {
    const { db } = testDb;
    const defaultProfile = (await listAgentProfiles({ db })).find((p) => p.isDefault)!;
    const refusedDefault = await caught(() =>
      deleteAgentProfile({ db, profileId: defaultProfile.id }),
    );
    expect(refusedDefault.code).toBe('conflict');
    expect(refusedDefault.message).toMatch(/default/);

    const used = await createAgentProfile({ db, name: 'Used once', content, authorId });
    await createCall({
      db,
      userId: authorId,
      roomName: `room-${used.id}`,
      profileVersionId: used.latest.id,
    });
    const refusedUsed = await caught(() => deleteAgentProfile({ db, profileId: used.id }));
    expect(refusedUsed.code).toBe('conflict');
    expect(refusedUsed.message).toMatch(/^1 call used this profile/);
    expect(await getAgentProfile({ db, profileId: used.id })).not.toBeNull();

    const gone = await caught(() => deleteAgentProfile({ db, profileId: 'no-such-profile' }));
    expect(gone.code).toBe('not_found');
  });
});

describe('the tool catalog a profile chooses from', () => {
  it('lists enabled, current tools of enabled servers, with their last connection test', async () => {
    const { db } = testDb;
    expect(await loadToolCatalogForProfiles({ db })).toEqual({ tools: [], servers: [] });
    const schema = JSON.stringify({ type: 'object', properties: {} });
    await db.mcpServer.create({
      data: {
        name: 'mail',
        url: 'http://127.0.0.1:1/mcp',
        lastCheckOk: false,
        lastErrorCode: 'connection_refused',
        lastError: 'nothing listens',
        tools: {
          create: [
            { name: 'send_email', inputSchema: schema, enabled: true },
            { name: 'draft', inputSchema: schema, enabled: false },
            { name: 'old', inputSchema: schema, enabled: true, removedAt: new Date() },
          ],
        },
      },
    });
    await db.mcpServer.create({
      data: {
        name: 'off',
        url: 'http://127.0.0.1:2/mcp',
        enabled: false,
        tools: { create: [{ name: 'hidden', inputSchema: schema, enabled: true }] },
      },
    });
    const catalog = await loadToolCatalogForProfiles({ db });
    expect(catalog.tools.map((t) => `${t.serverName}/${t.functionName}`)).toEqual([
      'mail/send_email',
    ]);
    expect(catalog.servers).toEqual([
      expect.objectContaining({
        name: 'mail',
        lastCheckOk: false,
        lastErrorCode: 'connection_refused',
        lastError: 'nothing listens',
      }),
    ]);
  });
});
