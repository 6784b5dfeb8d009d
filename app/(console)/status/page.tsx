import type { Metadata } from 'next';
import { StatusList } from '@/components/status/status-list';
import { WorkerTable } from '@/components/status/worker-table';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { consoleEnv } from '@/lib/env/console-env';
import { checkAgentWorker, checkDatabase, checkLiveKit, checkOpenAiKey } from '@/lib/status/checks';
import { checkMcpServers } from '@/lib/status/mcp-check';
import { listWorkerViews } from '@/lib/status/worker-list';
import { requireUserPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Status' };

export default async function StatusPage() {
  const user = await requireUserPage();
  const env = consoleEnv();
  const db = getDb();
  const [checks, workers] = await Promise.all([
    Promise.all([
      checkDatabase({ db }),
      checkLiveKit(env.livekit),
      checkOpenAiKey(env.openaiConfigured),
      checkAgentWorker({ db, agentName: env.agentName }),
      checkMcpServers({ db }),
    ]),
    // A database that cannot be read is the Database check's to report; the list is then empty.
    listWorkerViews({ db }).catch(() => []),
  ]);
  return (
    <>
      <PageHeader
        title="Status"
        description="Whether everything a call needs is ready, and what to do when it is not."
      />
      <StatusList
        checks={checks}
        checkedAt={new Date().toISOString()}
        canSignIn={user.role === 'admin'}
      />
      <div className="mt-8">
        <WorkerTable workers={workers} />
      </div>
    </>
  );
}
