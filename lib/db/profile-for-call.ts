import { parseUnbackedClaims, type ProfileContent } from '../agent-config/profile-content';
import { AppError } from '../errors';
import { latestRow, parseToolIds } from './agent-profiles';
import type { Db } from './client';

/** What calls need from agent profiles: which a caller may pick, and the version a call uses. */

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
    unbackedClaims: parseUnbackedClaims(latest.unbackedClaims),
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
