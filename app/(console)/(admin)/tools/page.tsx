import type { Metadata } from 'next';
import { ServersView } from '@/components/tools/servers-view';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { listServers } from '@/lib/db/mcp-servers';
import { requireAdminPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Tools' };

export default async function ToolsPage() {
  await requireAdminPage();
  const servers = await listServers({ db: getDb() });
  return (
    <>
      <PageHeader
        title="Tools"
        description="MCP servers the agent's tools come from. Register a server, choose which of its tools the agent may use, and try them by hand."
      />
      <ServersView servers={servers} />
    </>
  );
}
