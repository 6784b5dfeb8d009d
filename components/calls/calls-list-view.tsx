'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useOptimistic, useTransition, type ReactNode } from 'react';
import { LocalTime } from '@/components/agent-profiles/local-time';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Td, Th } from '@/components/ui/table';
import type { CallSummary } from '@/lib/db/calls';
import { formatDuration } from './format';
import { CallStatusBadge } from './call-status-badge';

export interface CallListFilters {
  onlyFailed: boolean;
  onlyUnbackedClaims: boolean;
}

const FILTERS: { name: keyof CallListFilters; param: string; label: string }[] = [
  { name: 'onlyFailed', param: 'failed', label: 'Has failed tool calls' },
  { name: 'onlyUnbackedClaims', param: 'unbacked', label: 'Has unbacked claims' },
];

function emptyText(filters: CallListFilters): { title: string; description: ReactNode } {
  if (filters.onlyFailed && filters.onlyUnbackedClaims)
    return {
      title: 'No calls with failed tool calls and unbacked claims',
      description: 'Clear one of the filters to see more calls.',
    };
  if (filters.onlyFailed)
    return {
      title: 'No calls with failed tool calls',
      description: 'Every tool call of these calls succeeded.',
    };
  if (filters.onlyUnbackedClaims)
    return {
      title: 'No calls with unbacked claims',
      description: 'Whatever the agent said it did or found in these calls, a tool call backed it.',
    };
  return {
    title: 'No calls yet',
    description: (
      <>
        Start one on the{' '}
        <Link href="/call" className="font-medium text-indigo-600 underline">
          Call
        </Link>{' '}
        page.
      </>
    ),
  };
}

export function CallsListView({
  calls,
  filters,
  showCaller,
  limit,
}: {
  calls: CallSummary[];
  filters: CallListFilters;
  showCaller: boolean;
  limit: number;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [shown, setShown] = useOptimistic(filters);

  function toggle(name: keyof CallListFilters, on: boolean) {
    const next = { ...shown, [name]: on };
    const query = new URLSearchParams();
    for (const f of FILTERS) if (next[f.name]) query.set(f.param, '1');
    startTransition(() => {
      setShown(next);
      router.push(query.size > 0 ? `${pathname}?${query}` : pathname);
    });
  }

  const empty = emptyText(filters);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <fieldset className="flex flex-wrap items-center gap-x-5 gap-y-2">
          <legend className="sr-only">Show only calls that</legend>
          {FILTERS.map((f) => (
            <label key={f.name} className="flex items-center gap-2 text-sm text-zinc-800">
              <input
                type="checkbox"
                className="size-4 rounded border-zinc-300 accent-indigo-600"
                checked={shown[f.name]}
                onChange={(e) => toggle(f.name, e.target.checked)}
              />
              {f.label}
            </label>
          ))}
        </fieldset>
        <p className="text-xs text-zinc-500">Newest first; the latest {limit} calls.</p>
      </div>
      {calls.length === 0 ? (
        <EmptyState title={empty.title} description={empty.description} />
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
              <Th className="text-right">Unbacked claims</Th>
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
                <Td className="text-right tabular-nums">
                  {call.unbackedClaims > 0 ? (
                    <Badge tone="warning">{call.unbackedClaims}</Badge>
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
