import type { Db } from '@/lib/db/client';

/** Users, a default agent profile with a version, and calls, as the console would have them. */
export async function seedUser(db: Db, id: string, role: 'admin' | 'member' = 'member') {
  return db.user.create({
    data: { id, name: `User ${id}`, email: `${id}@calls.test`, role },
  });
}

export async function seedDefaultProfile(db: Db) {
  const profile = await db.agentProfile.create({
    data: {
      name: `Default ${Math.random().toString(36).slice(2, 8)}`,
      isDefault: true,
      versions: {
        create: [
          { version: 1, prompt: 'v1', model: 'gpt-realtime', voice: 'marin' },
          { version: 2, prompt: 'v2', model: 'gpt-realtime', voice: 'marin' },
        ],
      },
    },
    include: { versions: { orderBy: { version: 'desc' } } },
  });
  return { profileId: profile.id, latestVersionId: profile.versions[0]!.id };
}

export async function seedCallRow(
  db: Db,
  input: { userId: string; status?: 'created' | 'active' | 'ended'; createdAt?: Date },
) {
  const startedAt = input.status && input.status !== 'created' ? new Date() : null;
  return db.call.create({
    data: {
      userId: input.userId,
      roomName: `room-${Math.random().toString(36).slice(2)}`,
      status: input.status ?? 'created',
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
      startedAt,
      endedAt:
        input.status === 'ended' ? new Date((startedAt ?? new Date()).getTime() + 65_000) : null,
    },
  });
}
