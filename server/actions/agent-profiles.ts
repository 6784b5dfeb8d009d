'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { UNBACKED_CLAIMS } from '@/lib/agent-config/profile-content';
import { REALTIME_MODEL_NAMES, REALTIME_VOICE_NAMES } from '@/lib/agent-config/realtime-options';
import {
  createAgentProfile,
  deleteAgentProfile,
  getAgentProfile,
  renameAgentProfile,
  restoreProfileVersion,
  saveProfileVersion,
  setDefaultProfile,
  setProfileAvailability,
  type ProfileVersionView,
} from '@/lib/db/agent-profiles';
import { DEFAULT_MODEL, DEFAULT_PROMPT, DEFAULT_VOICE } from '@/lib/agent-config/defaults';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { adminAction } from '@/server/define-action';

const ProfileId = z.string().trim().min(1).max(100);
const ProfileName = z.string().trim().min(1, 'Enter a name.').max(60, 'Use at most 60 characters.');
const VersionNumber = z.coerce.number().int().min(0);

function revalidateAgentPages() {
  revalidatePath('/agent', 'layout');
}

const CreateProfile = z.object({
  name: ProfileName,
  /** a profile whose latest version the new one starts from; empty: the built-in defaults */
  copyFrom: z.string().trim().max(100).optional(),
});

export const createProfile = adminAction(CreateProfile, async (input, { user }) => {
  const db = getDb();
  const source = input.copyFrom ? await getAgentProfile({ db, profileId: input.copyFrom }) : null;
  if (input.copyFrom && !source)
    throw new AppError('not_found', 'The profile to start from no longer exists.');
  const profile = await createAgentProfile({
    db,
    name: input.name,
    content: source
      ? source.latest
      : {
          prompt: DEFAULT_PROMPT,
          model: DEFAULT_MODEL,
          voice: DEFAULT_VOICE,
          allTools: true,
          toolIds: [],
        },
    authorId: user.id,
    note: source ? `Copied from ${source.name} v${source.latest.version}` : 'Created',
  });
  console.info(`[agent] ${user.email} created profile ${profile.name}`);
  revalidateAgentPages();
  return { id: profile.id };
});

const SaveProfile = z.object({
  profileId: ProfileId,
  baseVersion: VersionNumber,
  prompt: z.string().max(20_000, 'Keep the prompt under 20,000 characters.'),
  model: z.enum(REALTIME_MODEL_NAMES, 'Choose one of the listed models.'),
  voice: z.enum(REALTIME_VOICE_NAMES, 'Choose one of the listed voices.'),
  allTools: z.boolean(),
  toolIds: z.array(z.string().min(1).max(100)).max(500),
  unbackedClaims: z
    .enum(UNBACKED_CLAIMS, 'Choose "Flag and correct" or "Flag only".')
    .default('correct'),
  note: z.string().trim().max(200, 'Keep the note under 200 characters.').optional(),
});

/**
 * Saves the editor as the next version. Refused with `conflict` (details.latest: the newer
 * version) when someone saved after the editor loaded `baseVersion`.
 */
export const saveProfile = adminAction(
  SaveProfile,
  async (input, { user }): Promise<ProfileVersionView> => {
    const saved = await saveProfileVersion({
      db: getDb(),
      profileId: input.profileId,
      baseVersion: input.baseVersion,
      content: input,
      note: input.note ?? null,
      authorId: user.id,
    });
    console.info(`[agent] ${user.email} saved profile ${input.profileId} v${saved.version}`);
    revalidateAgentPages();
    return saved;
  },
);

const RestoreVersion = z.object({
  profileId: ProfileId,
  version: VersionNumber.min(1),
  baseVersion: VersionNumber,
});

export const restoreVersion = adminAction(
  RestoreVersion,
  async (input, { user }): Promise<ProfileVersionView> => {
    const restored = await restoreProfileVersion({
      db: getDb(),
      profileId: input.profileId,
      version: input.version,
      baseVersion: input.baseVersion,
      authorId: user.id,
    });
    console.info(
      `[agent] ${user.email} restored profile ${input.profileId} v${input.version} as v${restored.version}`,
    );
    revalidateAgentPages();
    return restored;
  },
);

const SetDefault = z.object({ profileId: ProfileId });

export const setDefault = adminAction(SetDefault, async (input, { user }) => {
  await setDefaultProfile({ db: getDb(), profileId: input.profileId });
  console.info(`[agent] ${user.email} made profile ${input.profileId} the default`);
  revalidateAgentPages();
});

const SetAvailability = z.object({ profileId: ProfileId, availableToCallers: z.boolean() });

export const setAvailability = adminAction(SetAvailability, async (input, { user }) => {
  await setProfileAvailability({
    db: getDb(),
    profileId: input.profileId,
    availableToCallers: input.availableToCallers,
  });
  console.info(
    `[agent] ${user.email} set profile ${input.profileId} available=${input.availableToCallers}`,
  );
  revalidateAgentPages();
});

const RenameProfile = z.object({ profileId: ProfileId, name: ProfileName });

export const renameProfile = adminAction(RenameProfile, async (input, { user }) => {
  await renameAgentProfile({ db: getDb(), profileId: input.profileId, name: input.name });
  console.info(`[agent] ${user.email} renamed profile ${input.profileId} to ${input.name}`);
  revalidateAgentPages();
});

const DeleteProfile = z.object({ profileId: ProfileId });

export const deleteProfile = adminAction(DeleteProfile, async (input, { user }) => {
  const deleted = await deleteAgentProfile({ db: getDb(), profileId: input.profileId });
  console.info(`[agent] ${user.email} deleted profile ${deleted.name}`);
  revalidateAgentPages();
});
