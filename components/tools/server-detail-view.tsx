'use client';

import { PlugZap, RefreshCw, Pencil, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useId, useOptimistic, useState, useTransition, type ReactNode } from 'react';
import { toast } from 'sonner';
import {
  deleteMcpServer,
  refreshMcpTools,
  setMcpServerEnabled,
  testMcpServer,
  type RefreshOutcome,
  type TestOutcome,
} from '@/server/actions/mcp-servers';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Switch } from '@/components/ui/switch';
import type { ServerRow } from '@/lib/db/mcp-servers';
import type { DiscoveryResult, ToolRow } from '@/lib/db/mcp-tools';
import type { McpRefusedTool } from '@/lib/mcp/types';
import { DiscoveryGaps } from './discovery-gaps';
import { DiscoveryReport } from './discovery-report';
import { formatMs, plural, serverLocation } from './format';
import { McpFailureAlert } from './mcp-failure-alert';
import { OAuthPanel } from './oauth-connect';
import { ServerForm } from './server-form';
import { CheckBadge } from './servers-view';
import { ToolCard } from './tool-card';
import { ToolList } from './tool-list';
import { When } from './when';

type Report =
  | { kind: 'test'; outcome: TestOutcome }
  | { kind: 'refresh'; outcome: RefreshOutcome }
  | { kind: 'saved'; discovery: DiscoveryResult; ms: number };

function ReportView({ report }: { report: Report }) {
  if (report.kind === 'saved')
    return <DiscoveryReport discovery={report.discovery} ms={report.ms} />;
  const { outcome } = report;
  if (!outcome.passed) {
    return (
      <McpFailureAlert
        title={report.kind === 'test' ? 'Connection test failed' : 'Refresh failed'}
        failure={outcome}
      />
    );
  }
  if ('discovery' in outcome)
    return <DiscoveryReport discovery={outcome.discovery} ms={outcome.ms} />;
  return (
    <Alert tone="success" title={`Connection test passed in ${formatMs(outcome.ms)}`}>
      {outcome.serverInfo.name} {outcome.serverInfo.version} over {outcome.transport};{' '}
      {plural(outcome.toolCount, 'tool', 'tools')} listed
      {outcome.refusedCount > 0 ? `, ${outcome.refusedCount} left out (refresh to see why)` : ''}
      {outcome.stoppedAtPage !== null
        ? `; reading stopped after ${outcome.stoppedAtPage} pages while the server offered more`
        : ''}
      .
      {outcome.unreviewedChanges > 0
        ? ` ${plural(outcome.unreviewedChanges, 'change', 'changes')} since the last refresh: refresh to review them.`
        : ' No changes since the last refresh.'}
    </Alert>
  );
}

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
  const router = useRouter();
  const switchId = useId();
  const [report, setReport] = useState<Report | null>(null);
  const [testing, startTest] = useTransition();
  const [refreshing, startRefresh] = useTransition();
  const [toggling, startToggle] = useTransition();
  const [deleting, startDelete] = useTransition();
  const [editOpen, setEditOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [enabled, setEnabled] = useOptimistic(server.enabled);
  const busy = testing || refreshing;

  const test = () =>
    startTest(async () => {
      const result = await testMcpServer({ id: server.id });
      if (result.ok) setReport({ kind: 'test', outcome: result.data });
      else toast.error(result.error.message);
    });
  const refresh = () =>
    startRefresh(async () => {
      const result = await refreshMcpTools({ id: server.id });
      if (result.ok) setReport({ kind: 'refresh', outcome: result.data });
      else toast.error(result.error.message);
    });
  const toggle = (value: boolean) =>
    startToggle(async () => {
      setEnabled(value);
      const result = await setMcpServerEnabled({ id: server.id, enabled: value });
      if (result.ok) toast.success(`${server.name} ${value ? 'enabled' : 'disabled'}.`);
      else toast.error(result.error.message);
    });
  const remove = () =>
    startDelete(async () => {
      const result = await deleteMcpServer({ id: server.id });
      if (result.ok) {
        setDeleteOpen(false);
        toast.success(`${server.name} deleted.`);
        router.push('/tools');
      } else toast.error(result.error.message);
    });

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
            <Switch id={switchId} checked={enabled} disabled={toggling} onCheckedChange={toggle} />
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
            <Button variant="secondary" onClick={test} pending={testing} disabled={busy}>
              {testing ? null : <PlugZap aria-hidden className="size-4" />}
              Test connection
            </Button>
            <Button variant="secondary" onClick={refresh} pending={refreshing} disabled={busy}>
              {refreshing ? null : <RefreshCw aria-hidden className="size-4" />}
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
              <Button variant="secondary" onClick={refresh} pending={refreshing} disabled={busy}>
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

      <Dialog open={editOpen} onOpenChange={setEditOpen}>
        <DialogContent
          title="Edit MCP server"
          description={
            server.kind === 'stdio'
              ? 'A changed command, argument or variable is tested (the command is started) before it is saved; if the test fails, nothing changes.'
              : 'A changed URL or header is tested before it is saved; if the test fails, nothing changes.'
          }
        >
          <ServerForm
            server={server}
            stdioEnabled={stdioEnabled}
            onCancel={() => setEditOpen(false)}
            onSaved={(data) => {
              setEditOpen(false);
              if (data.discovery && data.test)
                setReport({ kind: 'saved', discovery: data.discovery, ms: data.test.ms });
              toast.success(
                data.needsOAuth
                  ? 'Saved. This server signs in with OAuth: press Connect.'
                  : data.test
                    ? `Saved; connected in ${formatMs(data.test.ms)}.`
                    : 'Saved.',
              );
            }}
          />
        </DialogContent>
      </Dialog>

      <Dialog open={deleteOpen} onOpenChange={setDeleteOpen}>
        <DialogContent
          title={`Delete ${server.name}?`}
          description="Its tools stop being offered to the agent at once. Past calls keep their records."
        >
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setDeleteOpen(false)} disabled={deleting}>
              Cancel
            </Button>
            <Button variant="danger" onClick={remove} pending={deleting}>
              Delete server
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}
