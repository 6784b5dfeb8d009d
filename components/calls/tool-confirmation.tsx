'use client';

import { Check, ShieldQuestion, X } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { ToolCallEntry } from '@/lib/call-events/reducer';
import type { Preview } from '@/lib/call-events/schema';
import { parseJson } from '@/lib/json';
import type { ToolDecision } from './use-tool-confirmation';

/**
 * What a tool call awaiting the caller's confirmation will do (tool, server, the arguments exactly
 * as they will be sent) with Approve and Deny. Plain buttons, so Tab and Enter/Space reach them;
 * both are disabled while the answer is on its way and after it was taken (the entry's state then
 * moves on through call events); a refusal shows the agent's reason.
 */
export interface ArgumentRow {
  name: string;
  value: string;
}

/** The arguments preview as name/value rows; null when it is not a JSON object (shown raw). */
export function argumentRows(args: Preview | undefined): ArgumentRow[] | null {
  if (!args || args.truncated) return null;
  const parsed = parseJson(args.text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  return Object.entries(parsed as Record<string, unknown>).map(([name, value]) => ({
    name,
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'sending'; decision: ToolDecision }
  | { kind: 'sent'; decision: ToolDecision }
  | { kind: 'refused'; message: string };

export function ToolConfirmation({
  entry,
  onDecide,
}: {
  entry: Pick<ToolCallEntry, 'toolCallId' | 'tool' | 'server' | 'args'>;
  /** sends the decision (useToolConfirmation); rejects with an Error to show */
  onDecide: (decision: ToolDecision) => Promise<unknown>;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const rows = argumentRows(entry.args);
  const headingId = `confirm-${entry.toolCallId}`;
  const busy = phase.kind === 'sending' || phase.kind === 'sent';

  async function decide(decision: ToolDecision) {
    setPhase({ kind: 'sending', decision });
    try {
      await onDecide(decision);
      setPhase({ kind: 'sent', decision });
    } catch (error) {
      setPhase({
        kind: 'refused',
        message: error instanceof Error ? error.message : 'The answer could not be sent.',
      });
    }
  }

  return (
    <section
      aria-labelledby={headingId}
      data-tool-call-id={entry.toolCallId}
      className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-3"
    >
      <h3 id={headingId} className="flex items-center gap-2 text-sm font-semibold text-amber-950">
        <ShieldQuestion aria-hidden className="size-4" />
        Confirm before it runs
      </h3>
      <p className="text-sm text-amber-950">
        The agent wants to run <span className="font-mono font-semibold">{entry.tool}</span>
        {entry.server ? (
          <>
            {' '}
            on <span className="font-medium">{entry.server}</span>
          </>
        ) : null}
        . Nothing has been sent yet.
      </p>
      {rows ? (
        rows.length > 0 ? (
          <dl
            aria-label="Arguments"
            className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1 rounded-md bg-white px-3 py-2 text-sm"
          >
            {rows.map((row) => (
              <div key={row.name} className="contents">
                <dt className="font-mono text-xs leading-5 text-zinc-500">{row.name}</dt>
                <dd className="break-words whitespace-pre-wrap text-zinc-900">{row.value}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="text-sm text-zinc-700">No arguments.</p>
        )
      ) : entry.args ? (
        <pre
          aria-label="Arguments"
          className="max-h-48 overflow-auto rounded-md bg-white px-3 py-2 font-mono text-xs break-all whitespace-pre-wrap text-zinc-900"
        >
          {entry.args.text}
          {entry.args.truncated ? '\n… (cut for display; the agent sends the full value)' : ''}
        </pre>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button
          type="button"
          size="sm"
          onClick={() => void decide('approve')}
          disabled={busy}
          pending={phase.kind === 'sending' && phase.decision === 'approve'}
        >
          <Check aria-hidden className="size-4" />
          Approve
        </Button>
        <Button
          type="button"
          size="sm"
          variant="secondary"
          onClick={() => void decide('deny')}
          disabled={busy}
          pending={phase.kind === 'sending' && phase.decision === 'deny'}
        >
          <X aria-hidden className="size-4" />
          Deny
        </Button>
        <span className="text-xs text-amber-900">…or answer the agent out loud.</span>
      </div>
      <p role="status" className="text-sm text-amber-950 empty:hidden">
        {phase.kind === 'sending'
          ? phase.decision === 'approve'
            ? 'Sending your approval…'
            : 'Sending your refusal…'
          : phase.kind === 'sent'
            ? phase.decision === 'approve'
              ? 'Approved. It runs now.'
              : 'Denied. It will not run.'
            : ''}
      </p>
      {phase.kind === 'refused' ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-1.5 text-sm text-red-800">
          {phase.message}
        </p>
      ) : null}
    </section>
  );
}
