import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CallReviewView, type ProfileLabel } from '@/components/calls/call-review-view';
import { PageHeader } from '@/components/ui/page-header';
import { describeProfileVersion } from '@/lib/db/profile-for-call';
import { listCallEvents } from '@/lib/db/call-events';
import { getCallForViewer, isCallLive } from '@/lib/db/calls';
import { getDb } from '@/lib/db/client';
import { requireUserPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Call' };

export default async function CallReviewPage({ params }: { params: Promise<{ callId: string }> }) {
  const user = await requireUserPage();
  const { callId } = await params;
  const db = getDb();
  // A call that is not the viewer's reads as not found, so its existence is not revealed.
  const call = await getCallForViewer({ db, callId, viewer: user });
  if (!call) notFound();
  const [events, version] = await Promise.all([
    listCallEvents({ db, callId }),
    call.profileVersionId ? describeProfileVersion({ db, versionId: call.profileVersionId }) : null,
  ]);
  const profile: ProfileLabel | null = version
    ? { label: version.label, href: user.role === 'admin' ? version.href : null }
    : null;
  const live = isCallLive(call);
  return (
    <>
      <PageHeader
        title={live ? 'Live call' : 'Call review'}
        description={
          live
            ? 'This call is in progress: the transcript and tool calls fill in as they are stored.'
            : 'Everything the agent stored for this call, replayed in order.'
        }
      />
      <CallReviewView
        key={call.id}
        call={call}
        events={events}
        profile={profile}
        live={live}
        showCaller={user.role === 'admin'}
      />
    </>
  );
}
