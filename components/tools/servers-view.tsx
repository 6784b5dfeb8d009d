'use client';

import { Plus } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Td, Th } from '@/components/ui/table';
import type { ServerRow } from '@/lib/db/mcp-servers';
import { formatMs, plural, serverLocation } from './format';
import { OAuthConnectButton, OAuthStatusBadge } from './oauth-connect';
import { ServerForm } from './server-form';
import { When } from './when';

function AddServerDialog({ stdioEnabled }: { stdioEnabled: boolean }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden className="size-4" />
          Add server
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Add MCP server"
        description="Saving connects to the server and lists its tools. A server that fails this test is not saved."
      >
        <ServerForm
          stdioEnabled={stdioEnabled}
          onCancel={() => setOpen(false)}
          onSaved={(data) => {
            setOpen(false);
            toast.success(
              data.needsOAuth
                ? 'Saved. This server signs in with OAuth: press Connect to sign in.'
                : `Connected in ${formatMs(data.test?.ms ?? 0)}: ${plural(data.test?.toolCount ?? 0, 'tool', 'tools')} found. New tools start disabled.`,
            );
            router.push(`/tools/${data.id}`);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

export function CheckBadge({ server }: { server: ServerRow }) {
  if (server.lastCheckOk === null) return <Badge>Not tested</Badge>;
  return server.lastCheckOk ? (
    <Badge tone="success">
      Connected{server.lastCheckMs !== null ? ` · ${formatMs(server.lastCheckMs)}` : ''}
    </Badge>
  ) : (
    <Badge tone="danger">Last test failed</Badge>
  );
}

export function ServersView({
  servers,
  stdioEnabled,
}: {
  servers: ServerRow[];
  /** MCP_STDIO_ENABLED: local commands may be registered */
  stdioEnabled: boolean;
}) {
  if (servers.length === 0) {
    return (
      <EmptyState
        title="No MCP servers yet"
        description="Add a server by its MCP endpoint URL or, where turned on, a local command. The console connects to it, lists its tools, and you choose which ones the agent may use."
        action={<AddServerDialog stdioEnabled={stdioEnabled} />}
      />
    );
  }
  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <AddServerDialog stdioEnabled={stdioEnabled} />
      </div>
      <Table aria-label="MCP servers">
        <thead>
          <tr>
            <Th>Server</Th>
            <Th>Connection</Th>
            <Th>Tools</Th>
            <Th className="hidden md:table-cell">Last test</Th>
          </tr>
        </thead>
        <tbody>
          {servers.map((server) => (
            <tr key={server.id}>
              <Td className="min-w-48">
                <Link
                  href={`/tools/${server.id}`}
                  className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                  {server.name}
                </Link>
                {server.enabled ? null : (
                  <Badge className="ml-2" tone="warning">
                    Disabled
                  </Badge>
                )}
                <p className="mt-0.5 text-xs break-all text-zinc-500">{serverLocation(server)}</p>
              </Td>
              <Td>
                {server.oauth && server.oauth.status !== 'connected' ? (
                  <div className="flex flex-wrap items-center gap-2">
                    <OAuthStatusBadge oauth={server.oauth} />
                    <OAuthConnectButton
                      serverId={server.id}
                      serverName={server.name}
                      oauth={server.oauth}
                      size="sm"
                    />
                  </div>
                ) : (
                  <CheckBadge server={server} />
                )}
              </Td>
              <Td className="whitespace-nowrap">
                {server.enabledToolCount} of {server.toolCount} enabled
              </Td>
              <Td className="hidden text-zinc-600 md:table-cell">
                <When iso={server.lastCheckedAt} />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
