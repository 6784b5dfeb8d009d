import type { RefreshOutcome, TestOutcome } from '@/server/actions/mcp-servers';
import { Alert } from '@/components/ui/alert';
import type { DiscoveryResult } from '@/lib/db/mcp-tools';
import type { McpFailureView } from '@/lib/errors';
import { DiscoveryReport } from './discovery-report';
import { formatMs, plural } from './format';
import { McpFailureAlert } from './mcp-failure-alert';

/** What the server page says of its last test, refresh or save. */
export type Report =
  | { kind: 'test'; outcome: TestOutcome }
  | { kind: 'refresh'; outcome: RefreshOutcome }
  | { kind: 'saved'; discovery: DiscoveryResult; ms: number }
  /** a test or refresh whose talk with the server failed (the action's typed failure) */
  | { kind: 'failed'; of: 'test' | 'refresh'; failure: McpFailureView };

export function ReportView({ report }: { report: Report }) {
  switch (report.kind) {
    case 'saved':
      return <DiscoveryReport discovery={report.discovery} ms={report.ms} />;
    case 'refresh':
      return <DiscoveryReport discovery={report.outcome.discovery} ms={report.outcome.ms} />;
    case 'failed':
      return (
        <McpFailureAlert
          title={report.of === 'test' ? 'Connection test failed' : 'Refresh failed'}
          failure={report.failure}
        />
      );
    case 'test': {
      const { outcome } = report;
      return (
        <Alert tone="success" title={`Connection test passed in ${formatMs(outcome.ms)}`}>
          {outcome.serverInfo.name} {outcome.serverInfo.version} over {outcome.transport};{' '}
          {plural(outcome.toolCount, 'tool', 'tools')} listed
          {outcome.refusedCount > 0
            ? `, ${outcome.refusedCount} left out (refresh to see why)`
            : ''}
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
  }
}
