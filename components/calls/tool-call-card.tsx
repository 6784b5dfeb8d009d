import { Badge } from '@/components/ui/badge';
import type { ToolCallEntry } from '@/lib/call-events/reducer';
import { byteLength } from '@/lib/call-events/preview';
import type { Preview } from '@/lib/call-events/schema';
import { formatBytes } from '@/lib/format-bytes';
import { TOOL_STATE_LABEL, TOOL_STATE_TONE, elapsedMs, formatDuration } from './format';

const DECISION_WORDS = {
  approved: 'approved',
  denied: 'denied',
  timeout: 'no answer in time',
  call_ended: 'call ended first',
} as const;

/** Who answered, how and when: "Confirmation: approved (voice) by Ana Silva at 10:42:07". */
export function confirmationText(
  confirmation: NonNullable<ToolCallEntry['confirmation']>,
  people: Readonly<Record<string, string>> = {},
): string {
  const who = confirmation.by === null ? '' : ` by ${people[confirmation.by] ?? 'the caller'}`;
  const how = confirmation.via === 'system' ? '' : ` (${confirmation.via})`;
  const when = new Date(confirmation.ts).toLocaleTimeString();
  return `Confirmation: ${DECISION_WORDS[confirmation.decision]}${how}${who} at ${when}`;
}

function PreviewBlock({ label, preview }: { label: string; preview: Preview }) {
  const size = preview.truncated
    ? `first ${formatBytes(byteLength(preview.text))} of ${formatBytes(preview.bytes)}`
    : formatBytes(preview.bytes);
  return (
    <details className="group rounded-md border border-zinc-200 bg-zinc-50">
      <summary className="cursor-pointer px-3 py-1.5 text-xs text-zinc-700 select-none">
        <span className="font-medium">{label}</span> <span className="text-zinc-500">({size})</span>{' '}
        <span className="font-mono text-zinc-600 group-open:hidden">
          {preview.text.length > 80 ? `${preview.text.slice(0, 80)}…` : preview.text}
        </span>
      </summary>
      <pre className="max-h-64 overflow-auto border-t border-zinc-200 px-3 py-2 font-mono text-xs break-all whitespace-pre-wrap text-zinc-800">
        {preview.text}
        {preview.truncated ? '\n… (cut; the full value is stored with the call)' : ''}
      </pre>
    </details>
  );
}

/** One tool call: its state chip moving as events arrive, the steps it took, args, result, error. */
export function ToolCallCard({
  entry,
  people,
  id,
}: {
  entry: ToolCallEntry;
  /** the panel's anchor for it: a claim's link scrolls here and focuses it */
  id?: string;
  /** user id -> display name, for who answered a confirmation */
  people?: Readonly<Record<string, string>>;
}) {
  const first = entry.steps[0];
  return (
    <article
      aria-label={`Tool call ${entry.tool}: ${TOOL_STATE_LABEL[entry.state]}`}
      data-tool-call-id={entry.toolCallId}
      id={id}
      tabIndex={id ? -1 : undefined}
      className="space-y-2 rounded-lg border border-zinc-200 bg-white px-3 py-2.5 shadow-xs focus:outline-2 focus:outline-offset-2 focus:outline-indigo-600"
    >
      <header className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-semibold text-zinc-900">{entry.tool}</span>
        <span className="text-xs text-zinc-500">
          {entry.server ? `on ${entry.server}` : 'no MCP server offers this tool'}
        </span>
        <Badge tone={TOOL_STATE_TONE[entry.state]}>{TOOL_STATE_LABEL[entry.state]}</Badge>
        {entry.durationMs !== undefined ? (
          <span className="text-xs text-zinc-600">{formatDuration(entry.durationMs)}</span>
        ) : null}
      </header>
      <ol aria-label="Steps" className="flex flex-wrap items-center gap-x-1 text-xs text-zinc-500">
        {entry.steps.map((step, i) => (
          <li key={step.seq} className="flex items-center gap-1">
            {i > 0 ? <span aria-hidden>→</span> : null}
            <span>{TOOL_STATE_LABEL[step.state]}</span>
            {first && i > 0 ? (
              <span className="text-zinc-400">+{formatDuration(elapsedMs(first.ts, step.ts))}</span>
            ) : null}
          </li>
        ))}
      </ol>
      {entry.confirmation ? (
        <p className="text-xs text-zinc-600">{confirmationText(entry.confirmation, people)}</p>
      ) : null}
      {entry.error ? (
        <p className="rounded-md bg-red-50 px-3 py-1.5 text-sm text-red-800">
          <span className="font-mono text-xs font-semibold">{entry.error.code}</span>{' '}
          {entry.error.message}
        </p>
      ) : null}
      {entry.args ? <PreviewBlock label="Arguments" preview={entry.args} /> : null}
      {entry.result ? <PreviewBlock label="Result" preview={entry.result} /> : null}
      {entry.resultCut ? (
        <p className="text-xs text-amber-700">
          The model was given the first {formatBytes(entry.resultCut.keptBytes)} of{' '}
          {formatBytes(entry.resultCut.originalBytes)} (the tool&apos;s result budget).
        </p>
      ) : null}
    </article>
  );
}
