import { randomBytes } from 'node:crypto';
import { DEFAULT_MODEL, DEFAULT_PROMPT, DEFAULT_VOICE } from '../agent-config/defaults';
import type { Db } from './client';
import { isUniqueViolation } from './prisma-errors';

export const DEFAULT_PROFILE_NAME = 'Default';

export async function hasAdmin({ db }: { db: Db }): Promise<boolean> {
  return (await db.user.count({ where: { role: 'admin' } })) > 0;
}

export function generatePassword(): string {
  // 18 random bytes -> 24 URL-safe characters; easy to copy from a terminal.
  return randomBytes(18).toString('base64url');
}

/** The default agent profile, so the call page works before an admin edits anything. */
export async function ensureDefaultAgentProfile({ db }: { db: Db }): Promise<void> {
  if ((await db.agentProfile.count()) > 0) return;
  try {
    await createDefaultProfile(db);
  } catch (error) {
    // Another console instance starting at the same time created it (the name is unique).
    if (!isUniqueViolation(error)) throw error;
  }
}

async function createDefaultProfile(db: Db) {
  await db.agentProfile.create({
    data: {
      name: DEFAULT_PROFILE_NAME,
      isDefault: true,
      availableToCallers: true,
      versions: {
        create: {
          version: 1,
          prompt: DEFAULT_PROMPT,
          model: DEFAULT_MODEL,
          voice: DEFAULT_VOICE,
          allTools: true,
          note: 'Created on first start',
        },
      },
    },
  });
}
