import { describeClaimSummary } from '@/lib/call-events/claim-marks';
import type { ClaimSummary as ClaimCounts } from '@/lib/call-events/reducer';

/** "4 claims: 3 backed by tool results, 1 not." and what the unbacked ones were. */
export function ClaimSummary({ summary }: { summary: ClaimCounts }) {
  const text = describeClaimSummary(summary);
  const unbacked = summary.unsupported + summary.contradicted;
  return (
    <div className="space-y-2">
      <p className={unbacked > 0 ? 'text-sm font-medium text-amber-900' : 'text-sm text-zinc-700'}>
        {text.headline}
      </p>
      {text.details.length > 0 ? (
        <ul className="list-disc space-y-0.5 pl-5 text-sm text-zinc-600">
          {text.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : null}
      {unbacked > 0 ? (
        <p className="text-xs text-zinc-500">Each one is marked on its reply in the transcript.</p>
      ) : null}
    </div>
  );
}
