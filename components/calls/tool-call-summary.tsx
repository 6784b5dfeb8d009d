import { Badge } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';
import type { ToolCallSummaryRow } from '@/lib/call-events/reducer';
import { TOOL_STATE_LABEL, TOOL_STATE_TONE, formatDuration } from './format';

/** Each tool the call used: outcome and latency. */
export function ToolCallSummary({ rows }: { rows: ToolCallSummaryRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-zinc-600">No tool calls.</p>;
  const failed = rows.filter((r) => r.state === 'failed').length;
  return (
    <div className="space-y-2">
      <p className="text-sm text-zinc-700">
        {rows.length} tool {rows.length === 1 ? 'call' : 'calls'}, {failed} failed.
      </p>
      <Table aria-label="Tool calls of this call">
        <thead>
          <tr>
            <Th>Tool</Th>
            <Th>Outcome</Th>
            <Th className="text-right">Latency</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.toolCallId}>
              <Td>
                <span className="font-mono text-sm">{row.tool}</span>
                <span className="block text-xs text-zinc-500">{row.server ?? 'no server'}</span>
              </Td>
              <Td>
                <Badge tone={TOOL_STATE_TONE[row.state]}>{TOOL_STATE_LABEL[row.state]}</Badge>
                {row.errorCode ? (
                  <span className="ml-1 font-mono text-xs text-red-700">{row.errorCode}</span>
                ) : null}
              </Td>
              <Td className="text-right tabular-nums">
                {row.durationMs !== undefined ? formatDuration(row.durationMs) : '—'}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
