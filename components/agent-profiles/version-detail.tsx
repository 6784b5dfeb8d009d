'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { restoreVersion } from '@/server/actions/agent-profiles';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { useAction } from '@/components/ui/use-action';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { parseUnbackedClaims, UNBACKED_CLAIMS_LABELS } from '@/lib/agent-config/profile-content';
import type { ProfileVersionView } from '@/lib/db/agent-profiles';
import { LocalTime } from './local-time';

const linkClass =
  'text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600';

/** One version exactly as it was saved (what a call that used it was told), with restore. */
export function VersionDetail({
  profile,
  version,
  latestVersion,
  toolNames,
}: {
  profile: { id: string; name: string };
  version: ProfileVersionView;
  latestVersion: number;
  /** names of the chosen tools, in the version's order */
  toolNames: string[];
}) {
  const router = useRouter();
  const isLatest = version.version === latestVersion;
  const restore = useAction(restoreVersion, {
    toast: true,
    notAnswered: 'The restore did not go through. Reload the page and try again.',
    onOk: (restored) => {
      toast.success(`Version ${version.version} restored as version ${restored.version}.`);
      router.push(`/agent/${profile.id}`);
    },
    onFailure: (failure) => {
      if (failure.error) router.refresh();
    },
  });

  return (
    <div className="space-y-6">
      <PageHeader
        title={`${profile.name} · v${version.version}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {isLatest ? <Badge tone="success">Latest</Badge> : <Badge>Older version</Badge>}
            <span>
              {version.authorName ?? 'System'} · <LocalTime iso={version.createdAt} />
            </span>
          </span>
        }
        actions={
          <Link href={`/agent/${profile.id}`} className={linkClass}>
            Back to the profile
          </Link>
        }
      />
      <Card>
        <CardHeader
          title={`Version ${version.version}`}
          description={version.note ?? 'No note.'}
          actions={
            isLatest ? null : (
              <Button
                size="sm"
                pending={restore.pending}
                onClick={() =>
                  restore.run({
                    profileId: profile.id,
                    version: version.version,
                    baseVersion: latestVersion,
                  })
                }
              >
                Restore this version
              </Button>
            )
          }
        />
        <CardBody className="space-y-4">
          <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
            <div>
              <dt className="font-medium text-zinc-800">Model</dt>
              <dd className="text-zinc-700">{version.model}</dd>
            </div>
            <div>
              <dt className="font-medium text-zinc-800">Voice</dt>
              <dd className="text-zinc-700">{version.voice}</dd>
            </div>
            <div>
              <dt className="font-medium text-zinc-800">Tools</dt>
              <dd className="break-words text-zinc-700">
                {version.allTools
                  ? 'All enabled tools'
                  : toolNames.length === 0
                    ? 'No tools'
                    : toolNames.join(', ')}
              </dd>
            </div>
            <div>
              <dt className="font-medium text-zinc-800">Unbacked claims</dt>
              <dd className="text-zinc-700">
                {UNBACKED_CLAIMS_LABELS[parseUnbackedClaims(version.unbackedClaims)]}
              </dd>
            </div>
          </dl>
          <section aria-label={`Prompt of version ${version.version}`}>
            <h2 className="mb-2 text-sm font-medium text-zinc-800">Prompt</h2>
            <pre className="overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs break-words whitespace-pre-wrap text-zinc-800">
              {version.prompt}
            </pre>
          </section>
          <div className="flex flex-wrap gap-4">
            {version.version > 1 ? (
              <Link
                href={`/agent/${profile.id}/diff?from=${version.version - 1}&to=${version.version}`}
                className={linkClass}
              >
                Changes from version {version.version - 1}
              </Link>
            ) : null}
            {!isLatest ? (
              <Link
                href={`/agent/${profile.id}/diff?from=${version.version}&to=${latestVersion}`}
                className={linkClass}
              >
                Compare with the latest (v{latestVersion})
              </Link>
            ) : null}
          </div>
        </CardBody>
      </Card>
    </div>
  );
}
