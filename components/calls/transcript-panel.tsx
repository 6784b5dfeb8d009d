'use client';

import { ArrowDown } from 'lucide-react';
import { memo, useCallback, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { markClaims, type BubbleClaims } from '@/lib/call-events/claim-marks';
import type { CallEntry, CallView } from '@/lib/call-events/reducer';
import { TOOL_STATE_LABEL, formatDuration } from './format';
import { ToolCallCard } from './tool-call-card';
import { ToolConfirmation } from './tool-confirmation';
import { TranscriptBubble, type EntryAnchors } from './transcript-bubble';
import type { SendToolDecision } from './use-tool-confirmation';

/** How close to the bottom still counts as "following" the latest entry. */
const FOLLOW_SLACK_PX = 48;

// Memoized: the reducer keeps every entry an event did not change (lib/call-events/reducer.ts),
// so an event re-renders its own entry, not the whole transcript of a long call.
const Entry = memo(function Entry({
  entry,
  mark,
  anchors,
  onConfirm,
  people,
}: {
  entry: CallEntry;
  mark?: BubbleClaims;
  anchors: EntryAnchors;
  onConfirm?: SendToolDecision;
  people?: Readonly<Record<string, string>>;
}) {
  switch (entry.kind) {
    case 'tool_call':
      return (
        <>
          <ToolCallCard entry={entry} people={people} id={anchors.idOf(entry.key)} />
          {entry.state === 'awaiting_confirmation' && onConfirm ? (
            <ToolConfirmation
              key={entry.toolCallId}
              entry={entry}
              onDecide={(decision) => onConfirm(entry.toolCallId, decision)}
            />
          ) : null}
        </>
      );
    case 'transcript':
      return <TranscriptBubble entry={entry} mark={mark} anchors={anchors} />;
    case 'notice':
      return (
        <Alert tone={entry.level === 'info' ? 'info' : entry.level} role="status">
          <span className="font-mono text-xs">{entry.code}</span> {entry.message}
        </Alert>
      );
    case 'call_state':
      return (
        <p className="text-center text-xs text-zinc-500">
          {entry.state === 'started'
            ? 'The agent joined the call.'
            : `The call ended${entry.reason ? ` (${entry.reason})` : ''}.`}
        </p>
      );
  }
});

/** A sentence for screen readers about the latest tool-call change. */
function toolAnnouncement(view: CallView): string {
  const change = view.lastToolChange;
  if (!change) return '';
  const entry = view.entries.find((e) => e.key === change.key);
  if (!entry || entry.kind !== 'tool_call') return '';
  const took = entry.durationMs !== undefined ? ` in ${formatDuration(entry.durationMs)}` : '';
  const why = entry.state === 'failed' && entry.error ? `: ${entry.error.message}` : '';
  return `Tool ${entry.tool} ${TOOL_STATE_LABEL[entry.state]}${entry.state === 'done' || entry.state === 'failed' ? took : ''}${why}`;
}

/**
 * The transcript with tool calls, the same on the call page, the live monitor and the review page.
 * It follows the latest entry unless the reader scrolled up; then it offers "Jump to latest".
 */
export function TranscriptPanel({
  view,
  emptyText,
  className,
  onConfirm,
  people,
}: {
  view: CallView;
  emptyText: string;
  className?: string;
  /** only on the caller's own call page: the agent accepts decisions from the caller alone */
  onConfirm?: SendToolDecision;
  /** user id -> display name, for who answered a confirmation */
  people?: Readonly<Record<string, string>>;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = view.entries.length;
  const lastEntry = view.entries.at(-1);
  // Changes inside the last entry (a growing transcript, a tool call's state) count as new too.
  const signature = `${count}:${lastEntry?.key ?? ''}:${lastEntry && lastEntry.kind === 'transcript' ? lastEntry.text.length : ''}:${view.lastToolChange?.seq ?? ''}`;
  // null while following the latest entry; else what was latest when the reader scrolled away.
  const [leftAt, setLeftAt] = useState<string | null>(null);
  const following = leftAt === null;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following) el.scrollTop = el.scrollHeight;
  }, [signature, following]);

  function onScroll() {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= FOLLOW_SLACK_PX;
    if (atBottom) setLeftAt(null);
    else if (following) setLeftAt(signature);
  }

  function jumpToLatest() {
    const el = scroller.current;
    if (el) el.scrollTo({ top: el.scrollHeight });
    setLeftAt(null);
  }

  // One derivation of the claim marks for the whole view (lib/call-events/claim-marks).
  const marks = useMemo(() => markClaims(view), [view]);
  const prefix = useId();
  const idOf = useCallback((key: string) => `${prefix}-${key.replace(/\s/g, '_')}`, [prefix]);
  const anchors = useMemo<EntryAnchors>(
    () => ({
      idOf,
      jumpTo(key) {
        const el = document.getElementById(idOf(key));
        if (!el) return;
        const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
        el.scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' });
        el.focus({ preventScroll: true });
      },
    }),
    [idOf],
  );

  const gaps = view.missing;
  return (
    <div className={cn('relative flex min-h-0 flex-col', className)}>
      <div
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-label="Call transcript"
        tabIndex={0}
        className="min-h-64 flex-1 space-y-3 overflow-y-auto rounded-lg border border-zinc-200 bg-zinc-50/60 p-3 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:p-4"
      >
        {count === 0 ? <p className="py-8 text-center text-sm text-zinc-500">{emptyText}</p> : null}
        {view.entries.map((entry) => (
          <Entry
            key={entry.key}
            entry={entry}
            mark={marks.get(entry.key)}
            anchors={anchors}
            onConfirm={onConfirm}
            people={people}
          />
        ))}
      </div>
      <p className="sr-only" aria-live="polite" role="status">
        {toolAnnouncement(view)}
      </p>
      {gaps.length > 0 ? (
        <p className="mt-2 text-xs text-amber-700">
          {gaps.length === 1 ? 'One event has' : `${gaps.length} events have`} not arrived (seq{' '}
          {gaps.slice(0, 8).join(', ')}
          {gaps.length > 8 ? ', …' : ''}); the review page shows what was stored.
        </p>
      ) : null}
      {leftAt !== null && leftAt !== signature ? (
        <Button
          type="button"
          size="sm"
          variant="secondary"
          onClick={jumpToLatest}
          className="absolute bottom-4 left-1/2 -translate-x-1/2 shadow-md"
        >
          <ArrowDown aria-hidden className="size-4" />
          Jump to latest
        </Button>
      ) : null}
    </div>
  );
}
