import type { Metadata } from 'next';
import { z } from 'zod';
import { CallsListView } from '@/components/calls/calls-list-view';
import { PageHeader } from '@/components/ui/page-header';
import { CALL_LIST_LIMIT, listCallsForViewer } from '@/lib/db/calls';
import { getDb } from '@/lib/db/client';
import { requireUserPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Calls' };

/** The list's filters in the address: `?failed=1&unbacked=1`; anything else reads as off. */
const flag = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v.at(-1) : v) === '1');
const CallsListQuery = z.object({ failed: flag, unbacked: flag });

export default async function CallsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUserPage();
  const filters = CallsListQuery.parse(await searchParams);
  const calls = await listCallsForViewer({
    db: getDb(),
    viewer: user,
    onlyFailed: filters.failed,
    onlyUnbackedClaims: filters.unbacked,
  });
  return (
    <>
      <PageHeader
        title="Calls"
        description={
          user.role === 'admin'
            ? 'Every call, with its tool calls, what failed and what the agent claimed without a tool behind it. Open one to replay it, or to watch it live.'
            : 'Your calls, with their tool calls, what failed and what the agent claimed without a tool behind it. Open one to replay it.'
        }
      />
      <CallsListView
        calls={calls}
        filters={{ onlyFailed: filters.failed, onlyUnbackedClaims: filters.unbacked }}
        showCaller={user.role === 'admin'}
        limit={CALL_LIST_LIMIT}
      />
    </>
  );
}
