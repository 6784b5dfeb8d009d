import type { Metadata } from 'next';
import { CallsListView } from '@/components/calls/calls-list-view';
import { PageHeader } from '@/components/ui/page-header';
import { CALL_LIST_LIMIT, listCallsForViewer } from '@/lib/db/calls';
import { getDb } from '@/lib/db/client';
import { requireUserPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Calls' };

export default async function CallsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUserPage();
  const onlyFailed = (await searchParams).failed === '1';
  const calls = await listCallsForViewer({ db: getDb(), viewer: user, onlyFailed });
  return (
    <>
      <PageHeader
        title="Calls"
        description={
          user.role === 'admin'
            ? 'Every call, with its tool calls and what failed. Open one to replay it, or to watch it live.'
            : 'Your calls, with their tool calls and what failed. Open one to replay it.'
        }
      />
      <CallsListView
        calls={calls}
        onlyFailed={onlyFailed}
        showCaller={user.role === 'admin'}
        limit={CALL_LIST_LIMIT}
      />
    </>
  );
}
