import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ServerDetailView } from '@/components/tools/server-detail-view';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { getServer } from '@/lib/db/mcp-servers';
import { consoleEnv } from '@/lib/env/console-env';
import { metadataDocumentClientId } from '@/lib/mcp/client-metadata';
import { latestDiscoveryGaps, listTools } from '@/lib/db/mcp-tools';
import { requireAdminPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'MCP server' };

const OAUTH_RESULTS = new Set(['connected', 'failed']);

export default async function ServerPage({
  params,
  searchParams,
}: {
  params: Promise<{ serverId: string }>;
  searchParams: Promise<{ oauth?: string | string[] }>;
}) {
  await requireAdminPage();
  const { serverId } = await params;
  const { oauth } = await searchParams;
  const oauthResult =
    typeof oauth === 'string' && OAUTH_RESULTS.has(oauth)
      ? (oauth as 'connected' | 'failed')
      : null;
  const db = getDb();
  const server = await getServer({ db, id: serverId });
  if (!server) notFound();
  const [tools, gaps] = await Promise.all([
    listTools({ db, serverId }),
    latestDiscoveryGaps({ db, serverId }),
  ]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/tools" className="text-indigo-700 hover:underline">
          Tools
        </Link>
      </nav>
      <PageHeader
        title={server.name}
        description="Choose which tools the agent may use, whether the caller confirms them first, and their limits."
      />
      <ServerDetailView
        server={server}
        tools={tools}
        gaps={gaps}
        oauthResult={oauthResult}
        stdioEnabled={consoleEnv().mcpStdioEnabled}
        metadataDocument={metadataDocumentClientId(consoleEnv().consoleUrl) !== undefined}
      />
    </>
  );
}
