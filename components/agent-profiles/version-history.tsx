'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { parseUnbackedClaims, UNBACKED_CLAIMS_LABELS } from '@/lib/agent-config/profile-content';
import type { ProfileVersionView } from '@/lib/db/agent-profiles';
import { LocalTime } from './local-time';
import { VersionPairPicker } from './version-pair-picker';

const linkClass =
  'text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600';

/** Every version, newest first, with view / compare / restore, and a picker to compare any two. */
export function VersionHistory({
  profileId,
  versions,
  restoring,
  onRestore,
  onCompare,
}: {
  profileId: string;
  versions: ProfileVersionView[];
  /** the version being restored, if any */
  restoring: number | null;
  onRestore: (version: number) => void;
  onCompare: (href: string) => void;
}) {
  const latest = versions[0]?.version ?? 0;
  const [from, setFrom] = useState(String(versions[1]?.version ?? latest));
  const [to, setTo] = useState(String(latest));

  function compare() {
    onCompare(`/agent/${profileId}/diff?from=${from}&to=${to}`);
  }

  return (
    <div className="space-y-4">
      {versions.length > 1 ? (
        <VersionPairPicker
          label="Compare versions"
          versions={versions.map((v) => v.version)}
          from={from}
          to={to}
          onFrom={setFrom}
          onTo={setTo}
          onCompare={compare}
        />
      ) : null}
      <ol aria-label="Versions" className="divide-y divide-zinc-100">
        {versions.map((v) => (
          <li key={v.id} className="flex flex-wrap items-start justify-between gap-2 py-3">
            <div className="min-w-0">
              <p className="text-sm font-medium text-zinc-900">
                Version {v.version}
                {v.version === latest ? (
                  <span className="ml-2 text-xs font-normal text-emerald-700">latest</span>
                ) : null}
              </p>
              <p className="text-xs text-zinc-500">
                {v.authorName ?? 'System'} · <LocalTime iso={v.createdAt} />
              </p>
              <p className="text-xs text-zinc-600">
                {v.model} · {v.voice} · Unbacked claims:{' '}
                {UNBACKED_CLAIMS_LABELS[parseUnbackedClaims(v.unbackedClaims)]}
              </p>
              {v.note ? <p className="mt-1 text-sm break-words text-zinc-700">{v.note}</p> : null}
            </div>
            <div className="flex flex-wrap items-center gap-3">
              <Link
                href={`/agent/${profileId}/versions/${v.version}`}
                className={linkClass}
                aria-label={`View version ${v.version}`}
              >
                View
              </Link>
              {v.version > 1 ? (
                <Link
                  href={`/agent/${profileId}/diff?from=${v.version - 1}&to=${v.version}`}
                  className={linkClass}
                  aria-label={`Changes in version ${v.version}`}
                >
                  Changes
                </Link>
              ) : null}
              {v.version !== latest ? (
                <Button
                  size="sm"
                  variant="secondary"
                  pending={restoring === v.version}
                  disabled={restoring !== null}
                  onClick={() => onRestore(v.version)}
                  aria-label={`Restore version ${v.version}`}
                >
                  Restore
                </Button>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
