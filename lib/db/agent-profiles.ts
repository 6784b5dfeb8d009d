import { z } from 'zod';
import type { CatalogServerState, CatalogToolOption } from '../agent-config/effective-preview';
import { normalizeContent, type ProfileContent } from '../agent-config/profile-content';
import { decideSave, restoreNote } from '../agent-config/version-conflict';
import { AppError } from '../errors';
import { buildFunctionDefinitions, type CatalogTool } from '../mcp/tool-definitions';
import type { Db } from './client';

/**
 * Agent profiles and their immutable, numbered versions. A save never updates a version: it
 * writes the next one, and only on top of the version the editor started from (see
 * lib/agent-config/version-conflict.ts). Calls record the exact version they used.
 */

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

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
  note: string | null;
  authorId: string | null;
  createdAt: Date;
}

const ToolIds = z.array(z.string());

function parseToolIds(raw: string): string[] {
  try {
    return ToolIds.catch([]).parse(JSON.parse(raw));
  } catch {
    return [];
  }
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

async function latestRow(db: Db | Tx, profileId: string): Promise<VersionRow | null> {
  return db.agentProfileVersion.findFirst({ where: { profileId }, orderBy: { version: 'desc' } });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
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

async function writeVersion({
  db,
  profileId,
  baseVersion,
  content,
  note,
  authorId,
  unchangedMessage,
}: {
  db: Db;
  profileId: string;
  baseVersion: number;
  content: ProfileContent;
  note: string | null;
  authorId: string | null;
  unchangedMessage: (latest: number) => string;
}): Promise<ProfileVersionView> {
  let stale: VersionRow | null;
  try {
    const outcome = await db.$transaction(async (tx) => {
      const profile = await tx.agentProfile.findUnique({ where: { id: profileId } });
      if (!profile) throw new AppError('not_found', 'This agent profile no longer exists.');
      const latest = await latestRow(tx, profileId);
      const decision = decideSave({
        baseVersion,
        latest: latest ? { ...latest, toolIds: parseToolIds(latest.toolIds) } : null,
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
  db,
  profileId,
  baseVersion,
  content,
  note,
  authorId,
}: {
  db: Db;
  profileId: string;
  baseVersion: number;
  content: ProfileContent;
  note?: string | null;
  authorId: string | null;
}): Promise<ProfileVersionView> {
  return writeVersion({
    db,
    profileId,
    baseVersion,
    content,
    note: note || null,
    authorId,
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
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2025')
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

export interface CallableProfile {
  id: string;
  name: string;
  isDefault: boolean;
  versionId: string;
  version: number;
}

/** Profiles a caller may pick on the call page, the default first. */
export async function listCallableProfiles({ db }: { db: Db }): Promise<CallableProfile[]> {
  const profiles = await db.agentProfile.findMany({
    where: { availableToCallers: true },
    orderBy: [{ isDefault: 'desc' }, { name: 'asc' }],
    include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
  });
  return profiles.flatMap((p) => {
    const latest = p.versions[0];
    return latest
      ? [
          {
            id: p.id,
            name: p.name,
            isDefault: p.isDefault,
            versionId: latest.id,
            version: latest.version,
          },
        ]
      : [];
  });
}

export interface ResolvedProfile extends ProfileContent {
  profileId: string;
  profileName: string;
  isDefault: boolean;
  /** store this as Call.profileVersionId */
  versionId: string;
  version: number;
}

/**
 * The latest version of the profile a call starts with: the one asked for, or the default.
 * A profile that is not available to callers is refused.
 */
export async function resolveProfileForCall({
  db,
  profileId,
}: {
  db: Db;
  profileId?: string | null;
}): Promise<ResolvedProfile> {
  const profile = profileId
    ? await db.agentProfile.findUnique({ where: { id: profileId } })
    : await db.agentProfile.findFirst({ where: { isDefault: true } });
  if (!profile)
    throw profileId
      ? new AppError('not_found', 'That agent profile does not exist.')
      : new AppError('unavailable', 'No default agent profile is set. Ask an admin to choose one.');
  if (!profile.availableToCallers)
    throw new AppError(
      'forbidden',
      `The agent profile "${profile.name}" is not available for calls.`,
    );
  const latest = await latestRow(db, profile.id);
  if (!latest)
    throw new AppError('unavailable', `The agent profile "${profile.name}" has no version.`);
  return {
    profileId: profile.id,
    profileName: profile.name,
    isDefault: profile.isDefault,
    versionId: latest.id,
    version: latest.version,
    prompt: latest.prompt,
    model: latest.model,
    voice: latest.voice,
    allTools: latest.allTools,
    toolIds: parseToolIds(latest.toolIds),
  };
}

export interface ProfileVersionLabel {
  profileId: string;
  profileName: string;
  version: number;
  /** e.g. "Default · v3" */
  label: string;
  /** the admin page of that exact version */
  href: string;
}

/** For the call review: which profile version a call used, and where to read it. */
export async function describeProfileVersion({
  db,
  versionId,
}: {
  db: Db;
  versionId: string;
}): Promise<ProfileVersionLabel | null> {
  const row = await db.agentProfileVersion.findUnique({
    where: { id: versionId },
    include: { profile: { select: { id: true, name: true } } },
  });
  if (!row) return null;
  return {
    profileId: row.profile.id,
    profileName: row.profile.name,
    version: row.version,
    label: `${row.profile.name} · v${row.version}`,
    href: `/agent/${row.profile.id}/versions/${row.version}`,
  };
}

export interface ToolCatalogForProfiles {
  /** enabled, current tools of enabled servers, with the function names calls give them */
  tools: CatalogToolOption[];
  /** enabled servers with at least one such tool, with their last connection test */
  servers: CatalogServerState[];
}

/** The catalog a profile chooses from, computed the way a call computes it (lib/db/call-config). */
export async function loadToolCatalogForProfiles({
  db,
}: {
  db: Db;
}): Promise<ToolCatalogForProfiles> {
  const servers = await db.mcpServer.findMany({
    where: { enabled: true },
    include: { tools: { where: { removedAt: null }, orderBy: { name: 'asc' } } },
    orderBy: { name: 'asc' },
  });
  const catalog: CatalogTool[] = servers.flatMap((server) =>
    server.tools.map((tool) => ({
      id: tool.id,
      serverId: server.id,
      serverName: server.name,
      name: tool.name,
      ...(tool.title ? { title: tool.title } : {}),
      description: tool.description,
      inputSchema: safeJson(tool.inputSchema),
    })),
  );
  const definitions = new Map(buildFunctionDefinitions(catalog).map((d) => [d.toolId, d]));
  const tools: CatalogToolOption[] = [];
  for (const server of servers)
    for (const tool of server.tools) {
      const definition = definitions.get(tool.id);
      if (!tool.enabled || !definition || definition.problem !== null) continue;
      tools.push({
        id: tool.id,
        serverId: server.id,
        serverName: server.name,
        mcpName: tool.name,
        functionName: definition.functionName,
        description: definition.description,
      });
    }
  const used = new Set(tools.map((t) => t.serverId));
  return {
    tools,
    servers: servers
      .filter((s) => used.has(s.id))
      .map((s) => ({
        id: s.id,
        name: s.name,
        lastCheckOk: s.lastCheckOk,
        lastErrorCode: s.lastErrorCode,
        lastError: s.lastError,
        lastCheckedAt: s.lastCheckedAt?.toISOString() ?? null,
      })),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

/** "server / tool" for tool ids a version names, including tools since disabled or removed. */
export async function toolLabelsById({
  db,
  ids,
}: {
  db: Db;
  ids: string[];
}): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const tools = await db.mcpTool.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, name: true, server: { select: { name: true } } },
  });
  return Object.fromEntries(tools.map((t) => [t.id, `${t.server.name} / ${t.name}`]));
}
