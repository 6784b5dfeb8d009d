import type { Metadata } from 'next';
import { CallPageView } from '@/components/calls/call-page-view';
import { PageHeader } from '@/components/ui/page-header';
import { listCallableProfiles } from '@/lib/db/profile-for-call';
import { getDb } from '@/lib/db/client';
import { consoleEnv } from '@/lib/env/console-env';
import { checkAgentWorker } from '@/lib/status/checks';
import { requireUserPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Call' };

export default async function CallPage() {
  await requireUserPage();
  const db = getDb();
  const [profiles, worker] = await Promise.all([
    listCallableProfiles({ db }),
    // A database read: whether any worker can be dispatched this call, told before it is started.
    checkAgentWorker({ db, agentName: consoleEnv().agentName }),
  ]);
  return (
    <>
      <PageHeader
        title="Call"
        description="Talk to the agent in your browser. Every tool call it makes shows up as it happens."
      />
      <CallPageView
        profiles={profiles}
        agentProblem={worker.status === 'ok' ? null : worker.summary}
      />
    </>
  );
}
