import type { Metadata } from 'next';
import { CallPageView } from '@/components/calls/call-page-view';
import { PageHeader } from '@/components/ui/page-header';
import { listCallableProfiles } from '@/lib/db/profile-for-call';
import { getDb } from '@/lib/db/client';
import { requireUserPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Call' };

export default async function CallPage() {
  await requireUserPage();
  const profiles = await listCallableProfiles({ db: getDb() });
  return (
    <>
      <PageHeader
        title="Call"
        description="Talk to the agent in your browser. Every tool call it makes shows up as it happens."
      />
      <CallPageView profiles={profiles} />
    </>
  );
}
