import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import type { ProfileDiff } from '@/lib/agent-config/profile-diff';

const rowStyles = {
  added: 'bg-emerald-50 text-emerald-950',
  removed: 'bg-red-50 text-red-950',
  same: 'text-zinc-700',
} as const;
const markers = { added: '+', removed: '−', same: ' ' } as const;
const srNames = { added: 'added', removed: 'removed', same: 'unchanged' } as const;

/** A profile diff: changed settings, then the prompt line by line. */
export function DiffView({
  diff,
  label,
  fromLabel,
  toLabel,
}: {
  diff: ProfileDiff;
  /** names the region for screen readers and tests, e.g. "Changes from v1 to v3" */
  label: string;
  fromLabel: string;
  toLabel: string;
}) {
  return (
    <section aria-label={label} className="space-y-4">
      {diff.identical ? (
        <p className="text-sm text-zinc-600">
          {fromLabel} and {toLabel} are the same.
        </p>
      ) : null}
      {diff.fields.length > 0 ? (
        <dl className="divide-y divide-zinc-100 rounded-md border border-zinc-200 bg-white text-sm">
          {diff.fields.map((field) => (
            <div key={field.field} className="grid gap-1 px-3 py-2 sm:grid-cols-[6rem_1fr]">
              <dt className="font-medium text-zinc-800">{field.label}</dt>
              <dd className="min-w-0 space-y-1 break-words">
                <div>
                  <span className="text-red-700 line-through decoration-red-300">{field.from}</span>
                  <span aria-hidden className="mx-2 text-zinc-400">
                    →
                  </span>
                  <span className="sr-only"> changed to </span>
                  <span className="text-emerald-800">{field.to}</span>
                </div>
                {field.field === 'tools' &&
                (diff.toolsAdded.length > 0 || diff.toolsRemoved.length > 0) ? (
                  <div className="flex flex-wrap gap-1">
                    {diff.toolsAdded.map((name) => (
                      <Badge key={`+${name}`} tone="success">
                        + {name}
                      </Badge>
                    ))}
                    {diff.toolsRemoved.map((name) => (
                      <Badge key={`-${name}`} tone="danger">
                        − {name}
                      </Badge>
                    ))}
                  </div>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {diff.promptChanged ? (
        <div className="space-y-2">
          <h3 className="text-sm font-medium text-zinc-800">
            Prompt{' '}
            <span className="font-normal text-zinc-500">
              ({diff.added} added, {diff.removed} removed)
            </span>
          </h3>
          <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white">
            <table
              className="w-full font-mono text-xs"
              aria-label={`Prompt: ${fromLabel} to ${toLabel}`}
            >
              <thead className="sr-only">
                <tr>
                  <th scope="col">{fromLabel} line</th>
                  <th scope="col">{toLabel} line</th>
                  <th scope="col">Change</th>
                  <th scope="col">Text</th>
                </tr>
              </thead>
              <tbody>
                {diff.rows.map((row, i) =>
                  row.kind === 'skipped' ? (
                    <tr key={i} className="bg-zinc-50 text-zinc-500">
                      <td colSpan={4} className="px-3 py-1 font-sans">
                        {row.count} unchanged line{row.count === 1 ? '' : 's'}
                      </td>
                    </tr>
                  ) : (
                    <tr key={i} className={rowStyles[row.kind]}>
                      <td className="w-10 px-2 py-0.5 text-right text-zinc-400 select-none">
                        {row.oldLine ?? ''}
                      </td>
                      <td className="w-10 px-2 py-0.5 text-right text-zinc-400 select-none">
                        {row.newLine ?? ''}
                      </td>
                      <td className="w-5 py-0.5 text-center select-none">
                        <span aria-hidden>{markers[row.kind]}</span>
                        <span className="sr-only">{srNames[row.kind]}</span>
                      </td>
                      <td className={cn('py-0.5 pr-3 break-words whitespace-pre-wrap')}>
                        {row.text || ' '}
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}
