import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ProfileEditor } from '@/components/agent-profiles/profile-editor';
import { getAgentProfile, listProfileVersions } from '@/lib/db/agent-profiles';
import { loadToolCatalogForProfiles, toolLabelsById } from '@/lib/db/profile-tool-catalog';
import { getDb } from '@/lib/db/client';
import { requireAdminPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Agent profile' };

export default async function AgentProfilePage({
  params,
}: {
  params: Promise<{ profileId: string }>;
}) {
  await requireAdminPage();
  const { profileId } = await params;
  const db = getDb();
  const profile = await getAgentProfile({ db, profileId });
  if (!profile) notFound();
  const [versions, catalog] = await Promise.all([
    listProfileVersions({ db, profileId }),
    loadToolCatalogForProfiles({ db }),
  ]);
  const toolLabels = await toolLabelsById({ db, ids: versions.flatMap((v) => v.toolIds) });
  return (
    <ProfileEditor
      profile={{
        id: profile.id,
        name: profile.name,
        isDefault: profile.isDefault,
        availableToCallers: profile.availableToCallers,
      }}
      versions={versions}
      catalog={catalog.tools}
      servers={catalog.servers}
      toolLabels={toolLabels}
    />
  );
}
