import type { Metadata } from 'next';
import { ServersView } from '@/components/tools/servers-view';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { listServers } from '@/lib/db/mcp-servers';
import { consoleEnv } from '@/lib/env/console-env';
import { requireAdminPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Tools' };

export default async function ToolsPage({
  searchParams,
}: {
  searchParams: Promise<{ oauth?: string | string[] }>;
}) {
  await requireAdminPage();
  const servers = await listServers({ db: getDb() });
  const { oauth } = await searchParams;
  return (
    <>
      <PageHeader
        title="Tools"
        description="MCP servers the agent's tools come from. Register a server, choose which of its tools the agent may use, and try them by hand."
      />
      {oauth === 'unknown_state' ? (
        <Alert tone="error" title="The OAuth sign-in could not be matched" className="mb-4">
          The authorization server sent the browser back with a sign-in this console did not start,
          or one older than 10 minutes. Press Connect on the server again.
        </Alert>
      ) : null}
      <ServersView servers={servers} stdioEnabled={consoleEnv().mcpStdioEnabled} />
    </>
  );
}
