import { z } from 'zod';
import type { ProfileVersionView } from '@/lib/db/agent-profiles';

/** The `details` of a refused stale save (lib/db/agent-profiles.ts): the newer version. */
const StaleSaveDetails = z.object({
  reason: z.literal('stale'),
  latest: z.object({
    id: z.string(),
    profileId: z.string(),
    version: z.number().int(),
    prompt: z.string(),
    model: z.string(),
    voice: z.string(),
    allTools: z.boolean(),
    toolIds: z.array(z.string()),
    note: z.string().nullable(),
    authorId: z.string().nullable(),
    authorName: z.string().nullable(),
    createdAt: z.string(),
  }),
});

export function parseStaleSave(details: unknown): ProfileVersionView | null {
  const parsed = StaleSaveDetails.safeParse(details);
  return parsed.success ? parsed.data.latest : null;
}
