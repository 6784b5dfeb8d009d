import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ProfileDiffView, type DiffSide } from '@/components/agent-profiles/profile-diff-view';
import { diffProfileContent } from '@/lib/agent-config/profile-diff';
import {
  getAgentProfile,
  listProfileVersions,
  type ProfileVersionView,
} from '@/lib/db/agent-profiles';
import { toolLabelsById } from '@/lib/db/profile-tool-catalog';
import { getDb } from '@/lib/db/client';
import { requireAdminPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Compare versions' };

const DiffQuery = z.object({
  from: z.coerce.number().int().min(1).optional().catch(undefined),
  to: z.coerce.number().int().min(1).optional().catch(undefined),
});

function side(version: ProfileVersionView): DiffSide {
  return {
    version: version.version,
    authorName: version.authorName,
    createdAt: version.createdAt,
    note: version.note,
  };
}

export default async function ProfileDiffPage({
  params,
  searchParams,
}: {
  params: Promise<{ profileId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdminPage();
  const { profileId } = await params;
  const query = DiffQuery.parse(await searchParams);
  const db = getDb();
  const profile = await getAgentProfile({ db, profileId });
  if (!profile) notFound();
  const versions = await listProfileVersions({ db, profileId });
  const latest = profile.latest.version;
  const fromNumber = query.from ?? Math.max(1, latest - 1);
  const toNumber = query.to ?? latest;
  const from = versions.find((v) => v.version === fromNumber) ?? null;
  const to = versions.find((v) => v.version === toNumber) ?? null;
  const missing = [from ? null : fromNumber, to ? null : toNumber].filter((n) => n !== null);
  const labels = await toolLabelsById({
    db,
    ids: [...(from?.toolIds ?? []), ...(to?.toolIds ?? [])],
  });
  const diff =
    from && to
      ? diffProfileContent({ from, to, toolName: (id) => labels[id] ?? `removed tool ${id}` })
      : null;
  return (
    <ProfileDiffView
      profile={{ id: profile.id, name: profile.name }}
      versionNumbers={versions.map((v) => v.version)}
      from={from ? side(from) : null}
      to={to ? side(to) : null}
      diff={diff}
      problem={
        missing.length > 0
          ? `This profile has no version ${missing.join(' or ')}; it has versions 1 to ${latest}.`
          : null
      }
    />
  );
}
