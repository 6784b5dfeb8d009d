import { sameContent, type ProfileContent } from './profile-content';

/**
 * Optimistic concurrency for profile saves. The editor submits the version it started from
 * (baseVersion); a save is only written on top of that same version. When someone saved in
 * between, the save is refused and the admin is shown the newer version, never overwritten.
 */

export type SaveDecision =
  /** write `version` (latest + 1) */
  | { kind: 'create'; version: number }
  /** someone saved `latestVersion` after the editor loaded `baseVersion` */
  | { kind: 'stale'; baseVersion: number; latestVersion: number }
  /** the content equals the latest version: nothing to save */
  | { kind: 'unchanged'; latestVersion: number };

export function decideSave({
  baseVersion,
  latest,
  content,
}: {
  baseVersion: number;
  /** the profile's newest version; null only for a profile with no versions yet */
  latest: (ProfileContent & { version: number }) | null;
  content: ProfileContent;
}): SaveDecision {
  const latestVersion = latest?.version ?? 0;
  if (baseVersion !== latestVersion) return { kind: 'stale', baseVersion, latestVersion };
  if (latest && sameContent(latest, content)) return { kind: 'unchanged', latestVersion };
  return { kind: 'create', version: latestVersion + 1 };
}

/** What a restore writes: the old content as a new version, with a note saying so. */
export function restoreNote(version: number): string {
  return `Restored from version ${version}`;
}
