'use client';

import { ArrowDown, ArrowUp, ChevronDown, ChevronRight, Search } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { toast } from 'sonner';
import { bulkUpdateMcpTools } from '@/server/actions/mcp-tools';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { useAction } from '@/components/ui/use-action';
import type { ToolRow } from '@/lib/db/mcp-tools';
import { formatBytes } from '@/lib/format-bytes';
import { formatMs, plural } from './format';
import { ToolCard } from './tool-card';

/**
 * A server's tools as one compact list: search, sort, select, change many at once; each tool's
 * detail (description, settings, limits, what the model is given, Try) opens under its row.
 * Filtering and sorting a few hundred rows is a few lines here, so no table library is used.
 */
type SortKey = 'name' | 'enabled' | 'confirmation';

const SORTS: Record<SortKey, (a: ToolRow, b: ToolRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  enabled: (a, b) => Number(b.enabled) - Number(a.enabled) || a.name.localeCompare(b.name),
  confirmation: (a, b) =>
    Number(b.needsConfirmation) - Number(a.needsConfirmation) || a.name.localeCompare(b.name),
};

function matches(tool: ToolRow, query: string): boolean {
  if (!query) return true;
  const text = `${tool.name} ${tool.title ?? ''} ${tool.description}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => text.includes(word));
}

function SortHeader({
  label,
  sortKey,
  sort,
  onSort,
  className,
}: {
  label: string;
  sortKey: SortKey;
  sort: { key: SortKey; descending: boolean };
  onSort: (key: SortKey) => void;
  className?: string;
}) {
  const active = sort.key === sortKey;
  const Arrow = sort.descending ? ArrowDown : ArrowUp;
  return (
    <th
      scope="col"
      className={className}
      aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        onClick={() => onSort(sortKey)}
        className="inline-flex items-center gap-1 rounded font-medium hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        {label}
        {active ? <Arrow aria-hidden className="size-3.5" /> : null}
      </button>
    </th>
  );
}

export function ToolList({ serverId, tools }: { serverId: string; tools: ToolRow[] }) {
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'name',
    descending: false,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<Set<string>>(new Set());
  const bulk = useAction(bulkUpdateMcpTools, { toast: true });
  const pending = bulk.pending;

  const shown = useMemo(() => {
    const list = tools.filter((tool) => matches(tool, query.trim())).sort(SORTS[sort.key]);
    return sort.descending ? list.reverse() : list;
  }, [tools, query, sort]);
  const shownSelected = shown.filter((tool) => selected.has(tool.id));
  const allShownSelected = shown.length > 0 && shownSelected.length === shown.length;

  const toggle = (set: Set<string>, id: string) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  };
  const onSort = (key: SortKey) =>
    setSort((current) => ({
      key,
      descending: current.key === key ? !current.descending : false,
    }));
  const selectShown = (on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const tool of shown) {
        if (on) next.add(tool.id);
        else next.delete(tool.id);
      }
      return next;
    });

  const apply = (change: { enabled?: boolean; needsConfirmation?: boolean }, what: string) =>
    bulk.run(
      { serverId, toolIds: shownSelected.map((tool) => tool.id), ...change },
      {
        onOk: ({ changed, skipped }) => {
          toast.success(`${plural(changed.length, 'tool', 'tools')} ${what}.`);
          if (skipped.length > 0) {
            toast.warning(
              `${plural(skipped.length, 'tool was', 'tools were')} left as they were: ${skipped
                .slice(0, 5)
                .map((s) => `${s.name} (${s.reason})`)
                .join('; ')}${skipped.length > 5 ? '; …' : ''}`,
            );
          }
        },
      },
    );

  const enabledCount = tools.filter((tool) => tool.enabled).length;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={searchId} className="sr-only">
          Search tools
        </label>
        <div className="relative w-full sm:w-72">
          <Search
            aria-hidden
            className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-400"
          />
          <Input
            id={searchId}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Search by name or description"
            className="pl-8"
          />
        </div>
        <p className="text-sm text-zinc-600" aria-live="polite">
          {shown.length === tools.length
            ? `${plural(tools.length, 'tool', 'tools')}, ${enabledCount} enabled`
            : `${shown.length} of ${tools.length} tools match`}
        </p>
      </div>

      <div
        role="toolbar"
        aria-label="Change the selected tools"
        aria-busy={pending || undefined}
        className="flex flex-wrap items-center gap-2 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm"
      >
        <span className="mr-1 text-zinc-700">{shownSelected.length} selected</span>
        {(
          [
            ['Enable', { enabled: true }, 'enabled'],
            ['Disable', { enabled: false }, 'disabled'],
            ['Require confirmation', { needsConfirmation: true }, 'now ask the caller first'],
            ['No confirmation', { needsConfirmation: false }, 'no longer ask the caller'],
          ] as const
        ).map(([label, change, what]) => (
          <Button
            key={label}
            size="sm"
            variant="secondary"
            disabled={pending || shownSelected.length === 0}
            onClick={() => apply(change, what)}
          >
            {label}
          </Button>
        ))}
      </div>

      {shown.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-600">
          No tool matches “{query}”.{' '}
          <button type="button" className="text-indigo-700 underline" onClick={() => setQuery('')}>
            Clear the search
          </button>
        </p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-zinc-200">
          <table className="w-full text-left text-sm">
            <thead className="bg-zinc-50 text-xs text-zinc-600">
              <tr>
                <th scope="col" className="w-8 px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label="Select all shown tools"
                    checked={allShownSelected}
                    onChange={(event) => selectShown(event.target.checked)}
                    className="size-4 accent-indigo-600"
                  />
                </th>
                <SortHeader
                  label="Name"
                  sortKey="name"
                  sort={sort}
                  onSort={onSort}
                  className="px-2 py-2"
                />
                <SortHeader
                  label="Enabled"
                  sortKey="enabled"
                  sort={sort}
                  onSort={onSort}
                  className="px-2 py-2"
                />
                <SortHeader
                  label="Confirmation"
                  sortKey="confirmation"
                  sort={sort}
                  onSort={onSort}
                  className="hidden px-2 py-2 sm:table-cell"
                />
                <th scope="col" className="hidden px-2 py-2 font-medium md:table-cell">
                  Limits
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((tool) => {
                const expanded = open.has(tool.id);
                const detailId = `tool-detail-${tool.id}`;
                return (
                  <ToolListRow
                    key={tool.id}
                    tool={tool}
                    expanded={expanded}
                    detailId={detailId}
                    selected={selected.has(tool.id)}
                    onSelect={() => setSelected((current) => toggle(current, tool.id))}
                    onToggle={() => setOpen((current) => toggle(current, tool.id))}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function ToolListRow({
  tool,
  expanded,
  detailId,
  selected,
  onSelect,
  onToggle,
}: {
  tool: ToolRow;
  expanded: boolean;
  detailId: string;
  selected: boolean;
  onSelect: () => void;
  onToggle: () => void;
}) {
  const Chevron = expanded ? ChevronDown : ChevronRight;
  return (
    <>
      <tr className="border-t border-zinc-200 align-top">
        <td className="px-3 py-2">
          <input
            type="checkbox"
            aria-label={`Select ${tool.name}`}
            checked={selected}
            onChange={onSelect}
            className="size-4 accent-indigo-600"
          />
        </td>
        <td className="min-w-0 px-2 py-2">
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={detailId}
            onClick={onToggle}
            className="inline-flex items-start gap-1 rounded text-left font-mono text-xs font-semibold break-all text-zinc-900 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <Chevron aria-hidden className="mt-0.5 size-3.5 shrink-0" />
            {tool.name}
          </button>
          {tool.problem ? (
            <Badge tone="danger" className="ml-1">
              Cannot be enabled
            </Badge>
          ) : null}
        </td>
        <td className="px-2 py-2">
          {tool.enabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
        </td>
        <td className="hidden px-2 py-2 sm:table-cell">
          {tool.needsConfirmation ? (
            <Badge tone="warning">Asks first</Badge>
          ) : (
            <span className="text-zinc-500">No</span>
          )}
        </td>
        <td className="hidden px-2 py-2 text-xs text-zinc-600 md:table-cell">
          {formatMs(tool.timeoutMs)} · {formatBytes(tool.resultBudgetBytes)}
        </td>
      </tr>
      {expanded ? (
        <tr id={detailId}>
          <td colSpan={5} className="bg-zinc-50 px-2 py-2">
            {/* Remounted when a bulk change moves its settings, so it never shows stale ones. */}
            <ToolCard key={`${tool.enabled}:${tool.needsConfirmation}`} tool={tool} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
