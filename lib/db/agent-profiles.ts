import { z } from 'zod';
import {
  normalizeContent,
  parseUnbackedClaims,
  type ProfileContent,
} from '../agent-config/profile-content';
import { decideSave, restoreNote } from '../agent-config/version-conflict';
import { AppError } from '../errors';
import { isRecordMissing, isUniqueViolation } from './prisma-errors';
import { dbProvider, type Db } from './client';
import { parseJson } from '../json';

/**
 * Agent profiles and their immutable, numbered versions. A save never updates a version: it
 * writes the next one, and only on top of the version the editor started from (see
 * lib/agent-config/version-conflict.ts). Calls record the exact version they used.
 */

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Any fixed number: the advisory lock of the choice of the default profile. */
const DEFAULT_PROFILE_LOCK = 16_001;

/**
 * Writers that decide which profile is the default take turns. SQLite needs nothing: its
 * transactions begin IMMEDIATE. PostgreSQL under READ COMMITTED would let two "is there a default
 * yet?" checks both say no, or two switches each clear only the defaults they can see, leaving
 * two defaults (test/agent-profiles/default-profile-race.test.ts). The lock ends with the
 * transaction, and each later statement there sees what the previous holder committed.
 */
async function lockDefaultChoice(db: Db, tx: Tx): Promise<void> {
  if (dbProvider(db) !== 'postgresql') return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DEFAULT_PROFILE_LOCK})`;
}

export interface ProfileVersionView extends ProfileContent {
  id: string;
  profileId: string;
  version: number;
  note: string | null;
  authorId: string | null;
  /** null: no author (created at first start) or the account is gone */
  authorName: string | null;
  createdAt: string;
}

export interface ProfileDetail {
  id: string;
  name: string;
  isDefault: boolean;
  availableToCallers: boolean;
  latest: ProfileVersionView;
}

export interface ProfileSummary extends ProfileDetail {
  versionCount: number;
}

interface VersionRow {
  id: string;
  profileId: string;
  version: number;
  prompt: string;
  model: string;
  voice: string;
  allTools: boolean;
  toolIds: string;
  unbackedClaims: string;
  note: string | null;
  authorId: string | null;
  createdAt: Date;
}

const ToolIds = z.array(z.string());

export function parseToolIds(raw: string | null | undefined): string[] {
  return ToolIds.catch([]).parse(parseJson(raw));
}

async function authorNames(db: Db | Tx, rows: VersionRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.authorId).filter((id): id is string => !!id))];
  if (ids.length === 0) return new Map();
  const users = await db.user.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u.name]));
}

function toView(row: VersionRow, names: Map<string, string>): ProfileVersionView {
  return {
    id: row.id,
    profileId: row.profileId,
    version: row.version,
    prompt: row.prompt,
    model: row.model,
    voice: row.voice,
    allTools: row.allTools,
    toolIds: parseToolIds(row.toolIds),
    unbackedClaims: parseUnbackedClaims(row.unbackedClaims),
    note: row.note,
    authorId: row.authorId,
    authorName: row.authorId ? (names.get(row.authorId) ?? null) : null,
    createdAt: row.createdAt.toISOString(),
  };
}

async function views(db: Db | Tx, rows: VersionRow[]): Promise<ProfileVersionView[]> {
  const names = await authorNames(db, rows);
  return rows.map((row) => toView(row, names));
}

/** The newest version row of a profile (also used by lib/db/profile-for-call.ts). */
export async function latestRow(db: Db | Tx, profileId: string): Promise<VersionRow | null> {
  return db.agentProfileVersion.findFirst({ where: { profileId }, orderBy: { version: 'desc' } });
}

export async function listAgentProfiles({ db }: { db: Db }): Promise<ProfileSummary[]> {
  const profiles = await db.agentProfile.findMany({
    orderBy: [{ isDefault: 'desc' }, { name: 'asc' }],
    include: {
      versions: { orderBy: { version: 'desc' }, take: 1 },
      _count: { select: { versions: true } },
    },
  });
  const latest = await views(
    db,
    profiles.flatMap((p) => p.versions),
  );
  const byProfile = new Map(latest.map((v) => [v.profileId, v]));
  return profiles.flatMap((p) => {
    const version = byProfile.get(p.id);
    if (!version) return [];
    return [
      {
        id: p.id,
        name: p.name,
        isDefault: p.isDefault,
        availableToCallers: p.availableToCallers,
        latest: version,
        versionCount: p._count.versions,
      },
    ];
  });
}

export async function getAgentProfile({
  db,
  profileId,
}: {
  db: Db;
  profileId: string;
}): Promise<ProfileDetail | null> {
  const profile = await db.agentProfile.findUnique({ where: { id: profileId } });
  if (!profile) return null;
  const row = await latestRow(db, profileId);
  if (!row) return null;
  const [latest] = await views(db, [row]);
  if (!latest) return null;
  return {
    id: profile.id,
    name: profile.name,
    isDefault: profile.isDefault,
    availableToCallers: profile.availableToCallers,
    latest,
  };
}

/** Newest first. */
export async function listProfileVersions({
  db,
  profileId,
}: {
  db: Db;
  profileId: string;
}): Promise<ProfileVersionView[]> {
  const rows = await db.agentProfileVersion.findMany({
    where: { profileId },
    orderBy: { version: 'desc' },
  });
  return views(db, rows);
}

export async function getProfileVersion({
  db,
  profileId,
  version,
}: {
  db: Db;
  profileId: string;
  version: number;
}): Promise<ProfileVersionView | null> {
  const row = await db.agentProfileVersion.findUnique({
    where: { profileId_version: { profileId, version } },
  });
  if (!row) return null;
  return (await views(db, [row]))[0] ?? null;
}

function versionData(content: ProfileContent) {
  const c = normalizeContent(content);
  return {
    prompt: c.prompt,
    model: c.model,
    voice: c.voice,
    allTools: c.allTools,
    toolIds: JSON.stringify(c.toolIds),
    unbackedClaims: c.unbackedClaims,
  };
}

export async function createAgentProfile({
  db,
  name,
  content,
  authorId,
  note,
}: {
  db: Db;
  name: string;
  content: ProfileContent;
  authorId: string | null;
  note?: string | null;
}): Promise<ProfileDetail> {
  try {
    const profile = await db.$transaction(async (tx) => {
      await lockDefaultChoice(db, tx);
      const hasDefault = (await tx.agentProfile.count({ where: { isDefault: true } })) > 0;
      return tx.agentProfile.create({
        data: {
          name,
          // The first profile becomes the default, so the call page always has one.
          isDefault: !hasDefault,
          availableToCallers: true,
          versions: {
            create: { version: 1, ...versionData(content), note: note || null, authorId },
          },
        },
      });
    });
    const detail = await getAgentProfile({ db, profileId: profile.id });
    if (!detail) throw new AppError('internal');
    return detail;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', 'A profile with this name already exists.', {
        field: 'name',
      });
    throw error;
  }
}

/** Thrown when the editor's base version is no longer the latest; carries the newer version. */
function staleError(latest: ProfileVersionView): AppError {
  const who = latest.authorName ?? 'someone else';
  return new AppError(
    'conflict',
    `Version ${latest.version} was saved by ${who} while you were editing, so your save was not applied.`,
    { reason: 'stale', latest },
  );
}

/** A new version of a profile, written only on top of `baseVersion`. */
interface VersionSave {
  db: Db;
  profileId: string;
  baseVersion: number;
  content: ProfileContent;
  note?: string | null;
  authorId: string | null;
}

async function writeVersion({
  db,
  profileId,
  baseVersion,
  content,
  note = null,
  authorId,
  unchangedMessage,
}: VersionSave & { unchangedMessage: (latest: number) => string }): Promise<ProfileVersionView> {
  let stale: VersionRow | null;
  try {
    const outcome = await db.$transaction(async (tx) => {
      const profile = await tx.agentProfile.findUnique({ where: { id: profileId } });
      if (!profile) throw new AppError('not_found', 'This agent profile no longer exists.');
      const latest = await latestRow(tx, profileId);
      const decision = decideSave({
        baseVersion,
        latest: latest
          ? {
              ...latest,
              toolIds: parseToolIds(latest.toolIds),
              unbackedClaims: parseUnbackedClaims(latest.unbackedClaims),
            }
          : null,
        content,
      });
      if (decision.kind === 'stale') return { created: null, latest };
      if (decision.kind === 'unchanged')
        throw new AppError('invalid_input', unchangedMessage(decision.latestVersion), {
          reason: 'unchanged',
        });
      const created = await tx.agentProfileVersion.create({
        data: { profileId, version: decision.version, ...versionData(content), note, authorId },
      });
      await tx.agentProfile.update({ where: { id: profileId }, data: { updatedAt: new Date() } });
      return { created, latest: created };
    });
    if (outcome.created) {
      const [view] = await views(db, [outcome.created]);
      if (view) return view;
    }
    stale = outcome.latest;
  } catch (error) {
    // Two saves on the same base that both passed the check: the unique (profileId, version)
    // index lets only one in, and the other is stale like any other.
    if (!isUniqueViolation(error)) throw error;
    stale = await latestRow(db, profileId);
  }
  const [latest] = stale ? await views(db, [stale]) : [];
  if (!latest) throw new AppError('not_found', 'This agent profile has no versions.');
  throw staleError(latest);
}

/** Saves the editor's content as the next version, only on top of `baseVersion`. */
export async function saveProfileVersion({
  note,
  ...save
}: VersionSave): Promise<ProfileVersionView> {
  return writeVersion({
    ...save,
    note: note || null,
    unchangedMessage: (latest) =>
      `Nothing changed since version ${latest}, so there is nothing to save.`,
  });
}

/** Writes an old version's content as the next version ("Restored from version N"). */
export async function restoreProfileVersion({
  db,
  profileId,
  version,
  baseVersion,
  authorId,
}: {
  db: Db;
  profileId: string;
  version: number;
  baseVersion: number;
  authorId: string | null;
}): Promise<ProfileVersionView> {
  const old = await getProfileVersion({ db, profileId, version });
  if (!old) throw new AppError('not_found', `Version ${version} of this profile does not exist.`);
  return writeVersion({
    db,
    profileId,
    baseVersion,
    content: old,
    note: restoreNote(version),
    authorId,
    unchangedMessage: (latest) =>
      `Version ${version} is the same as the latest version (${latest}); nothing to restore.`,
  });
}

export async function renameAgentProfile({
  db,
  profileId,
  name,
}: {
  db: Db;
  profileId: string;
  name: string;
}): Promise<void> {
  try {
    await db.agentProfile.update({ where: { id: profileId }, data: { name } });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', 'A profile with this name already exists.', {
        field: 'name',
      });
    if (isRecordMissing(error))
      throw new AppError('not_found', 'This agent profile no longer exists.');
    throw error;
  }
}

/** The default profile is the one the call page starts with, so it is also available to callers. */
export async function setDefaultProfile({
  db,
  profileId,
}: {
  db: Db;
  profileId: string;
}): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockDefaultChoice(db, tx);
    const profile = await tx.agentProfile.findUnique({ where: { id: profileId } });
    if (!profile) throw new AppError('not_found', 'This agent profile no longer exists.');
    await tx.agentProfile.updateMany({
      where: { isDefault: true, id: { not: profileId } },
      data: { isDefault: false },
    });
    await tx.agentProfile.update({
      where: { id: profileId },
      data: { isDefault: true, availableToCallers: true },
    });
  });
}

export async function setProfileAvailability({
  db,
  profileId,
  availableToCallers,
}: {
  db: Db;
  profileId: string;
  availableToCallers: boolean;
}): Promise<void> {
  const profile = await db.agentProfile.findUnique({ where: { id: profileId } });
  if (!profile) throw new AppError('not_found', 'This agent profile no longer exists.');
  if (profile.isDefault && !availableToCallers)
    throw new AppError(
      'conflict',
      'The default profile is what callers start with, so it stays available. Make another profile the default first.',
    );
  await db.agentProfile.update({ where: { id: profileId }, data: { availableToCallers } });
}

/**
 * Deletes a profile and its versions, unless it is the default (callers start with it) or a call
 * used one of its versions: a call's review shows the exact version the agent was given, so that
 * record is kept, and the profile can be hidden from callers instead.
 */
export async function deleteAgentProfile({
  db,
  profileId,
}: {
  db: Db;
  profileId: string;
}): Promise<{ name: string }> {
  return db.$transaction(async (tx) => {
    const profile = await tx.agentProfile.findUnique({ where: { id: profileId } });
    if (!profile) throw new AppError('not_found', 'This agent profile no longer exists.');
    if (profile.isDefault)
      throw new AppError(
        'conflict',
        'The default profile is what callers start with, so it cannot be deleted. Make another profile the default first.',
      );
    const calls = await tx.call.count({ where: { profileVersion: { profileId } } });
    if (calls > 0)
      throw new AppError(
        'conflict',
        `${calls === 1 ? '1 call' : `${calls} calls`} used this profile, and their reviews show the version the agent was given, so it is kept. Turn off "available to callers" to retire it.`,
      );
    await tx.agentProfile.delete({ where: { id: profileId } });
    return { name: profile.name };
  });
}
