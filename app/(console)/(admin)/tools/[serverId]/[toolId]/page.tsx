import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TryToolView } from '@/components/tools/try-tool-view';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { getServer } from '@/lib/db/mcp-servers';
import { getTool } from '@/lib/db/mcp-tools';
import { requireAdminPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Try a tool' };

export default async function TryToolPage({
  params,
}: {
  params: Promise<{ serverId: string; toolId: string }>;
}) {
  await requireAdminPage();
  const { serverId, toolId } = await params;
  const db = getDb();
  const [server, tool] = await Promise.all([
    getServer({ db, id: serverId }),
    getTool({ db, toolId }),
  ]);
  if (!server || !tool || tool.serverId !== server.id || tool.removedAt) notFound();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex gap-1 text-sm text-zinc-500">
        <Link href="/tools" className="text-indigo-700 hover:underline">
          Tools
        </Link>
        <span aria-hidden>/</span>
        <Link href={`/tools/${server.id}`} className="text-indigo-700 hover:underline">
          {server.name}
        </Link>
      </nav>
      <PageHeader
        title={`Try ${tool.name}`}
        description={
          tool.description || 'Call the tool by hand, through the same MCP client the agent uses.'
        }
      />
      {!server.enabled || !tool.enabled ? (
        <Alert tone="info" className="mb-4">
          {server.enabled
            ? 'This tool is disabled: the agent cannot call it. Trying it here still works.'
            : `${server.name} is disabled: the agent cannot call its tools. Trying them here still works.`}
        </Alert>
      ) : null}
      <TryToolView tool={tool} />
    </>
  );
}
