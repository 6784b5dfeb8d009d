import type { Metadata } from 'next';
import { ProfilesView } from '@/components/agent-profiles/profiles-view';
import { PageHeader } from '@/components/ui/page-header';
import { listAgentProfiles } from '@/lib/db/agent-profiles';
import { getDb } from '@/lib/db/client';
import { requireAdminPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Agent' };

export default async function AgentProfilesPage() {
  await requireAdminPage();
  const profiles = await listAgentProfiles({ db: getDb() });
  return (
    <>
      <PageHeader
        title="Agent"
        description="What the agent is told, how it sounds and which tools it may use. Callers start with the default profile and may pick any profile marked available."
      />
      <ProfilesView profiles={profiles} />
    </>
  );
}
