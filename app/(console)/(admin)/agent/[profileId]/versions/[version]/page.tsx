import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { VersionDetail } from '@/components/agent-profiles/version-detail';
import { getAgentProfile, getProfileVersion } from '@/lib/db/agent-profiles';
import { toolLabelsById } from '@/lib/db/profile-tool-catalog';
import { getDb } from '@/lib/db/client';
import { requireAdminPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Profile version' };

const VersionParams = z.object({
  profileId: z.string().min(1),
  version: z.coerce.number().int().min(1),
});

export default async function ProfileVersionPage({
  params,
}: {
  params: Promise<{ profileId: string; version: string }>;
}) {
  await requireAdminPage();
  const parsed = VersionParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { profileId, version: number } = parsed.data;
  const db = getDb();
  const [profile, version] = await Promise.all([
    getAgentProfile({ db, profileId }),
    getProfileVersion({ db, profileId, version: number }),
  ]);
  if (!profile || !version) notFound();
  const labels = await toolLabelsById({ db, ids: version.toolIds });
  return (
    <VersionDetail
      profile={{ id: profile.id, name: profile.name }}
      version={version}
      latestVersion={profile.latest.version}
      toolNames={version.toolIds.map((id) => labels[id] ?? `removed tool ${id}`)}
    />
  );
}
