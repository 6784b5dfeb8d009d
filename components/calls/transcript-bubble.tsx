import { AlertTriangle, Check, CornerDownRight } from 'lucide-react';
import type { MouseEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import type { BubbleClaims, ClaimNote } from '@/lib/call-events/claim-marks';
import type { TranscriptEntry } from '@/lib/call-events/reducer';
import { TOOL_STATE_LABEL } from './format';

/** Scrolls to an entry of the transcript and moves the focus there (a claim's tool call, say). */
export type JumpToEntry = (entryKey: string) => void;

export interface EntryAnchors {
  /** the DOM id of an entry, unique within the page */
  idOf: (entryKey: string) => string;
  jumpTo: JumpToEntry;
}

const linkClass =
  'rounded-sm font-medium underline decoration-dotted underline-offset-2 hover:decoration-solid focus-visible:outline-2 focus-visible:outline-indigo-600';

function EntryLink({
  entryKey,
  anchors,
  className,
  children,
}: {
  entryKey: string;
  anchors: EntryAnchors;
  className?: string;
  children: string;
}) {
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    // Keep modified clicks (new tab) as the browser does them; a plain one stays in the panel.
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    anchors.jumpTo(entryKey);
  }
  return (
    <a
      href={`#${encodeURIComponent(anchors.idOf(entryKey))}`}
      onClick={onClick}
      className={cn(linkClass, className)}
    >
      {children}
    </a>
  );
}

/** "get-sum call", "get-sum call 2": one link per call a claim rests on or contradicts. */
function ToolLinks({ note, anchors }: { note: ClaimNote; anchors: EntryAnchors }) {
  return note.toolCalls.map((link, i) => (
    <span key={link.entryKey}>
      {i > 0 ? ', ' : ' '}
      <EntryLink entryKey={link.entryKey} anchors={anchors}>
        {`${link.tool} call${note.toolCalls.length > 1 ? ` ${i + 1}` : ''}`}
      </EntryLink>
      <span className="text-zinc-500"> ({TOOL_STATE_LABEL[link.state]})</span>
    </span>
  ));
}

function Note({
  note,
  mark,
  anchors,
}: {
  note: ClaimNote;
  mark: BubbleClaims;
  anchors: EntryAnchors;
}) {
  if (note.backed)
    return (
      <li className="flex items-start gap-1.5 text-zinc-600">
        <Check aria-hidden className="mt-0.5 size-3.5 shrink-0 text-emerald-600" />
        <span>
          <span className="sr-only">Backed claim: </span>
          &ldquo;{note.words}&rdquo;,{' '}
          {note.toolCalls.length > 0 ? (
            <>
              backed by
              <ToolLinks note={note} anchors={anchors} />
            </>
          ) : (
            note.reason
          )}
        </span>
      </li>
    );
  const contradicted = note.verdict === 'contradicted';
  return (
    <li
      className={cn(
        'flex items-start gap-1.5 rounded-md px-2 py-1.5 ring-1 ring-inset',
        contradicted
          ? 'bg-red-50 text-red-900 ring-red-200'
          : 'bg-amber-50 text-amber-950 ring-amber-200',
      )}
    >
      <AlertTriangle
        aria-hidden
        className={cn('mt-0.5 size-3.5 shrink-0', contradicted ? 'text-red-600' : 'text-amber-600')}
      />
      <span>
        <span className="font-semibold">
          {contradicted ? 'Contradicted claim' : 'Unbacked claim'}:
        </span>{' '}
        said &ldquo;{note.words}&rdquo;, but {note.reason}.
        {note.toolCalls.length > 0 ? (
          <>
            {' '}
            See
            <ToolLinks note={note} anchors={anchors} />.
          </>
        ) : null}
        {note.action === 'corrected' ? (
          <>
            {' '}
            The agent was told to correct itself
            {mark.correctedBy ? (
              <>
                {': '}
                <EntryLink entryKey={mark.correctedBy} anchors={anchors}>
                  see the correction
                </EntryLink>
              </>
            ) : null}
            .
          </>
        ) : mark.correction ? (
          ' Said in a correction: not corrected again.'
        ) : (
          ' Flagged only.'
        )}
      </span>
    </li>
  );
}

/** One utterance; an agent bubble carries the claims found in it and says if it is a correction. */
export function TranscriptBubble({
  entry,
  mark,
  anchors,
}: {
  entry: TranscriptEntry;
  mark?: BubbleClaims;
  anchors: EntryAnchors;
}) {
  const user = entry.role === 'user';
  const unbacked = mark?.notes.some((n) => !n.backed) ?? false;
  const contradicted = mark?.notes.some((n) => n.verdict === 'contradicted') ?? false;
  return (
    <div className={cn('flex flex-col gap-1', user ? 'items-end' : 'items-start')}>
      {mark?.correction ? (
        <p className="flex items-center gap-1 text-xs text-indigo-700">
          <CornerDownRight aria-hidden className="size-3.5" />
          <Badge tone="accent">Correction</Badge>
          {mark.corrects ? (
            <EntryLink entryKey={mark.corrects} anchors={anchors} className="text-indigo-700">
              of the claim above
            </EntryLink>
          ) : (
            <span>of an earlier claim</span>
          )}
        </p>
      ) : null}
      <p
        id={anchors.idOf(entry.key)}
        tabIndex={-1}
        className={cn(
          'max-w-[85%] rounded-2xl px-3.5 py-2 text-sm whitespace-pre-wrap focus:outline-2 focus:outline-offset-2 focus:outline-indigo-600',
          user ? 'bg-indigo-600 text-white' : 'bg-zinc-100 text-zinc-900',
          contradicted ? 'ring-2 ring-red-300' : unbacked ? 'ring-2 ring-amber-300' : '',
          mark?.correction ? 'border border-dashed border-indigo-300' : '',
          entry.final ? '' : 'opacity-70',
        )}
      >
        <span className="sr-only">
          {user ? 'You' : mark?.correction ? 'Agent, correcting itself' : 'Agent'}:{' '}
        </span>
        {entry.text}
      </p>
      {mark && mark.notes.length > 0 ? (
        <ul aria-label="Claims in this reply" className="max-w-[85%] space-y-1 pl-1 text-xs">
          {mark.notes.map((note) => (
            <Note key={note.key} note={note} mark={mark} anchors={anchors} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
