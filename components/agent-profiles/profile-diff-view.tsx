'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import type { ProfileDiff } from '@/lib/agent-config/profile-diff';
import { DiffView } from './diff-view';
import { LocalTime } from './local-time';
import { VersionPairPicker } from './version-pair-picker';

export interface DiffSide {
  version: number;
  authorName: string | null;
  createdAt: string;
  note: string | null;
}

const linkClass =
  'text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600';

function SideMeta({ side }: { side: DiffSide }) {
  return (
    <p className="text-sm text-zinc-600">
      <span className="font-medium text-zinc-900">Version {side.version}</span> ·{' '}
      {side.authorName ?? 'System'} · <LocalTime iso={side.createdAt} />
      {side.note ? <span className="block break-words">{side.note}</span> : null}
    </p>
  );
}

/** Any two versions of a profile side by side as a diff, with pickers to change which. */
export function ProfileDiffView({
  profile,
  versionNumbers,
  from,
  to,
  diff,
  problem,
}: {
  profile: { id: string; name: string };
  /** newest first */
  versionNumbers: number[];
  from: DiffSide | null;
  to: DiffSide | null;
  diff: ProfileDiff | null;
  /** set when the asked-for versions do not exist */
  problem: string | null;
}) {
  const router = useRouter();
  const [fromValue, setFromValue] = useState(String(from?.version ?? versionNumbers[1] ?? 1));
  const [toValue, setToValue] = useState(String(to?.version ?? versionNumbers[0] ?? 1));

  function compare() {
    router.push(`/agent/${profile.id}/diff?from=${fromValue}&to=${toValue}`);
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title={`${profile.name}: compare versions`}
        description="What changed in the prompt, line by line, and in model, voice and tools."
        actions={
          <Link href={`/agent/${profile.id}`} className={linkClass}>
            Back to the profile
          </Link>
        }
      />
      <VersionPairPicker
        label="Choose versions"
        versions={versionNumbers}
        from={fromValue}
        to={toValue}
        onFrom={setFromValue}
        onTo={setToValue}
        onCompare={compare}
      >
        {from && to ? (
          <Link
            href={`/agent/${profile.id}/diff?from=${to.version}&to=${from.version}`}
            className={`${linkClass} pb-2`}
          >
            Swap
          </Link>
        ) : null}
      </VersionPairPicker>

      {problem ? <Alert tone="error">{problem}</Alert> : null}
      {from && to && diff ? (
        <Card>
          <CardHeader
            title={`Version ${from.version} → version ${to.version}`}
            description={
              diff.identical
                ? 'No differences.'
                : `${diff.fields.length} setting${diff.fields.length === 1 ? '' : 's'} changed; prompt ${diff.promptChanged ? `+${diff.added} −${diff.removed} lines` : 'unchanged'}.`
            }
          />
          <CardBody className="space-y-4">
            <div className="grid gap-3 sm:grid-cols-2">
              <SideMeta side={from} />
              <SideMeta side={to} />
            </div>
            <DiffView
              diff={diff}
              label={`Changes from version ${from.version} to version ${to.version}`}
              fromLabel={`Version ${from.version}`}
              toLabel={`Version ${to.version}`}
            />
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
