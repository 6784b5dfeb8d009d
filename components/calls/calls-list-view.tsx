'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useOptimistic, useTransition } from 'react';
import { LocalTime } from '@/components/agent-profiles/local-time';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Td, Th } from '@/components/ui/table';
import type { CallSummary } from '@/lib/db/calls';
import { formatDuration } from './format';
import { CallStatusBadge } from './call-status-badge';

export function CallsListView({
  calls,
  onlyFailed,
  showCaller,
  limit,
}: {
  calls: CallSummary[];
  onlyFailed: boolean;
  showCaller: boolean;
  limit: number;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [checked, setChecked] = useOptimistic(onlyFailed);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <label className="flex items-center gap-2 text-sm text-zinc-800">
          <input
            type="checkbox"
            className="size-4 rounded border-zinc-300 accent-indigo-600"
            checked={checked}
            onChange={(e) => {
              const on = e.target.checked;
              startTransition(() => {
                setChecked(on);
                router.push(on ? `${pathname}?failed=1` : pathname);
              });
            }}
          />
          Has failed tool calls
        </label>
        <p className="text-xs text-zinc-500">Newest first; the latest {limit} calls.</p>
      </div>
      {calls.length === 0 ? (
        <EmptyState
          title={onlyFailed ? 'No calls with failed tool calls' : 'No calls yet'}
          description={
            onlyFailed ? (
              'Every tool call of these calls succeeded.'
            ) : (
              <>
                Start one on the{' '}
                <Link href="/call" className="font-medium text-indigo-600 underline">
                  Call
                </Link>{' '}
                page.
              </>
            )
          }
        />
      ) : (
        <Table aria-label="Calls" aria-busy={pending || undefined}>
          <thead>
            <tr>
              <Th>Started</Th>
              <Th>Length</Th>
              {showCaller ? <Th>Caller</Th> : null}
              <Th>Status</Th>
              <Th className="text-right">Tool calls</Th>
              <Th className="text-right">Failed</Th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr key={call.id} className="hover:bg-zinc-50">
                <Td>
                  <Link
                    href={`/calls/${call.id}`}
                    className="font-medium text-indigo-700 hover:underline"
                  >
                    <LocalTime iso={call.startedAt ?? call.createdAt} />
                  </Link>
                </Td>
                <Td className="tabular-nums">
                  {call.durationMs !== null ? formatDuration(call.durationMs) : '—'}
                </Td>
                {showCaller ? (
                  <Td>
                    {call.caller ? (
                      <>
                        <span className="font-medium">{call.caller.name}</span>
                        <span className="block text-xs text-zinc-500">{call.caller.email}</span>
                      </>
                    ) : (
                      <span className="text-zinc-500">deleted user</span>
                    )}
                  </Td>
                ) : null}
                <Td>
                  <CallStatusBadge status={call.status} />
                </Td>
                <Td className="text-right tabular-nums">{call.toolCalls}</Td>
                <Td className="text-right tabular-nums">
                  {call.failedToolCalls > 0 ? (
                    <Badge tone="danger">{call.failedToolCalls}</Badge>
                  ) : (
                    <span className="text-zinc-500">0</span>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
