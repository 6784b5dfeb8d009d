'use client';

import { PlugZap, RefreshCw, Pencil, Trash2 } from 'lucide-react';
import { useId, useOptimistic, useState, type ReactNode } from 'react';
import { toast } from 'sonner';
import { refreshMcpTools, setMcpServerEnabled, testMcpServer } from '@/server/actions/mcp-servers';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Switch } from '@/components/ui/switch';
import { useAction, type ShownFailure } from '@/components/ui/use-action';
import type { ServerRow } from '@/lib/db/mcp-servers';
import type { ToolRow } from '@/lib/db/mcp-tools';
import type { McpRefusedTool } from '@/lib/mcp/types';
import { DiscoveryGaps } from './discovery-gaps';
import { plural, serverLocation } from './format';
import { OAuthPanel } from './oauth-connect';
import { DeleteServerDialog, EditServerDialog } from './server-detail-dialogs';
import { ReportView, type Report } from './server-report';
import { CheckBadge } from './servers-view';
import { ToolCard } from './tool-card';
import { ToolList } from './tool-list';
import { When } from './when';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[10rem_1fr]">
      <dt className="text-sm text-zinc-500">{label}</dt>
      <dd className="min-w-0 text-sm break-words text-zinc-900">{children}</dd>
    </div>
  );
}

export function ServerDetailView({
  server,
  tools,
  gaps,
  oauthResult = null,
  stdioEnabled,
  metadataDocument = false,
}: {
  server: ServerRow;
  /** MCP_STDIO_ENABLED: local commands may be started */
  stdioEnabled: boolean;
  tools: ToolRow[];
  /** what the latest tools/list gave that cannot be used */
  gaps: { refused: McpRefusedTool[]; stoppedAtPage: number | null };
  /** what the OAuth callback reported (?oauth=) */
  oauthResult?: 'connected' | 'failed' | null;
  /** the console's address is https: it may register by its client ID metadata document */
  metadataDocument?: boolean;
}) {
  const switchId = useId();
  const [report, setReport] = useState<Report | null>(null);
  const [editOpen, setEditOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [enabled, setEnabled] = useOptimistic(server.enabled);
  // A failed talk with the server is the report; anything else (gone, signed out) a toast.
  const reportFailure =
    (of: 'test' | 'refresh') =>
    ({ mcp }: ShownFailure): boolean => {
      if (mcp) setReport({ kind: 'failed', of, failure: mcp });
      return mcp !== null;
    };
  const testing = useAction(testMcpServer, {
    toast: true,
    onOk: (outcome) => setReport({ kind: 'test', outcome }),
    onFailure: reportFailure('test'),
  });
  const refreshing = useAction(refreshMcpTools, {
    toast: true,
    onOk: (outcome) => setReport({ kind: 'refresh', outcome }),
    onFailure: reportFailure('refresh'),
  });
  const toggling = useAction(setMcpServerEnabled, { toast: true });
  const toggle = (value: boolean) =>
    toggling.run(
      { id: server.id, enabled: value },
      {
        onStart: () => setEnabled(value),
        onOk: () => toast.success(`${server.name} ${value ? 'enabled' : 'disabled'}.`),
      },
    );
  const busy = testing.pending || refreshing.pending;
  const test = () => testing.run({ id: server.id });
  const refresh = () => refreshing.run({ id: server.id });

  const current = tools.filter((tool) => tool.removedAt === null);
  const removed = tools.filter((tool) => tool.removedAt !== null);

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Connection"
          description={<span className="break-all">{serverLocation(server)}</span>}
          actions={
            <div className="flex flex-wrap gap-2">
              <Button variant="secondary" size="sm" onClick={() => setEditOpen(true)}>
                <Pencil aria-hidden className="size-4" />
                Edit
              </Button>
              <Button variant="ghost" size="sm" onClick={() => setDeleteOpen(true)}>
                <Trash2 aria-hidden className="size-4" />
                Delete
              </Button>
            </div>
          }
        />
        <CardBody className="space-y-4">
          <dl className="space-y-2">
            <Row label="Last test">
              <span className="inline-flex flex-wrap items-center gap-2">
                <CheckBadge server={server} />
                <When iso={server.lastCheckedAt} />
                {server.transport ? (
                  <span className="text-zinc-500">{server.transport}</span>
                ) : null}
              </span>
              {server.lastCheckOk === false && server.lastError ? (
                <p className="mt-1 whitespace-pre-line text-red-700">
                  {server.lastError}
                  {server.lastErrorCode ? ` (${server.lastErrorCode})` : ''}
                </p>
              ) : null}
            </Row>
            {server.oauth ? (
              <Row label="Sign-in">
                <OAuthPanel
                  serverId={server.id}
                  serverName={server.name}
                  oauth={server.oauth}
                  result={oauthResult}
                  metadataDocument={metadataDocument}
                />
              </Row>
            ) : null}
            <Row label="Headers">
              {server.headers.length === 0 ? (
                <span className="text-zinc-500">none</span>
              ) : (
                <ul className="flex flex-wrap gap-2">
                  {server.headers.map((header) => (
                    <li key={header.name} className="inline-flex items-center gap-1.5">
                      <span className="font-mono text-xs">{header.name}</span>
                      <Badge tone="success">•••••• set</Badge>
                    </li>
                  ))}
                </ul>
              )}
            </Row>
            <Row label="Tools">
              {server.enabledToolCount} of {server.toolCount} enabled
            </Row>
          </dl>
          <div className="flex items-center gap-3">
            <Switch
              id={switchId}
              checked={enabled}
              disabled={toggling.pending}
              aria-busy={toggling.pending || undefined}
              onCheckedChange={toggle}
            />
            <label htmlFor={switchId} className="text-sm font-medium text-zinc-800">
              Server enabled
            </label>
            <span className="text-xs text-zinc-500">
              {enabled
                ? 'Its enabled tools are offered in calls.'
                : 'None of its tools are offered.'}
            </span>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={test} pending={testing.pending} disabled={busy}>
              {testing.pending ? null : <PlugZap aria-hidden className="size-4" />}
              Test connection
            </Button>
            <Button
              variant="secondary"
              onClick={refresh}
              pending={refreshing.pending}
              disabled={busy}
            >
              {refreshing.pending ? null : <RefreshCw aria-hidden className="size-4" />}
              Refresh tools
            </Button>
          </div>
          <div aria-live="polite">{report ? <ReportView report={report} /> : null}</div>
        </CardBody>
      </Card>

      <section aria-labelledby="tools-heading" className="space-y-3">
        <h2 id="tools-heading" className="text-lg font-semibold text-zinc-900">
          Tools
        </h2>
        {gaps.refused.length > 0 || gaps.stoppedAtPage !== null ? (
          <Alert tone="warning" title="The last tool list was not complete">
            <DiscoveryGaps refused={gaps.refused} stoppedAtPage={gaps.stoppedAtPage} />
          </Alert>
        ) : null}
        {current.length === 0 ? (
          <EmptyState
            title="This server lists no tools"
            description="Refresh after the server adds tools. Removed tools are kept below for call history."
            action={
              <Button
                variant="secondary"
                onClick={refresh}
                pending={refreshing.pending}
                disabled={busy}
              >
                Refresh tools
              </Button>
            }
          />
        ) : (
          <ToolList serverId={server.id} tools={current} />
        )}
        {removed.length > 0 ? (
          <details className="space-y-3">
            <summary className="cursor-pointer text-sm font-medium text-zinc-700">
              {plural(removed.length, 'tool', 'tools')} no longer listed by the server
            </summary>
            <div className="mt-3 space-y-3">
              {removed.map((tool) => (
                <ToolCard key={tool.id} tool={tool} />
              ))}
            </div>
          </details>
        ) : null}
      </section>

      <EditServerDialog
        server={server}
        stdioEnabled={stdioEnabled}
        open={editOpen}
        onOpenChange={setEditOpen}
        onSaved={(data) => {
          if (data.discovery && data.test)
            setReport({ kind: 'saved', discovery: data.discovery, ms: data.test.ms });
        }}
      />
      <DeleteServerDialog server={server} open={deleteOpen} onOpenChange={setDeleteOpen} />
    </div>
  );
}
