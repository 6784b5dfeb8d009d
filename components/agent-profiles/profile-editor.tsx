'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { restoreVersion, saveProfile } from '@/server/actions/agent-profiles';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { useAction } from '@/components/ui/use-action';
import { DEFAULT_MODEL, DEFAULT_VOICE } from '@/lib/agent-config/defaults';
import type { CatalogServerState, CatalogToolOption } from '@/lib/agent-config/effective-preview';
import {
  normalizeContent,
  sameContent,
  type ProfileContent,
} from '@/lib/agent-config/profile-content';
import type { ProfileVersionView } from '@/lib/db/agent-profiles';
import { ConflictPanel } from './conflict-panel';
import { HonestyRuleCard, InstructionsPreview } from './instructions-preview';
import { DeleteProfileDialog } from './delete-profile-dialog';
import { RenameDialog } from './rename-dialog';
import { PromptCard } from './prompt-card';
import { ToolsPicker } from './tools-picker';
import { LEAVE_MESSAGE, useUnsavedChanges } from './use-unsaved-changes';
import { VersionHistory } from './version-history';

export interface EditorProfile {
  id: string;
  name: string;
  isDefault: boolean;
  availableToCallers: boolean;
}

const NOT_SENT =
  'Your changes were not saved: the server refused or could not be reached. Reload the page to check that you are still signed in as an admin; copy your text first.';

function contentOf(version: ProfileContent): ProfileContent {
  return normalizeContent({
    prompt: version.prompt,
    model: version.model,
    voice: version.voice,
    allTools: version.allTools,
    toolIds: version.toolIds,
    unbackedClaims: version.unbackedClaims ?? 'correct',
  });
}

export function ProfileEditor({
  profile,
  versions,
  catalog,
  servers,
  toolLabels,
}: {
  profile: EditorProfile;
  /** newest first */
  versions: ProfileVersionView[];
  catalog: CatalogToolOption[];
  servers: CatalogServerState[];
  toolLabels: Record<string, string>;
}) {
  const router = useRouter();
  const latestOnServer = versions[0];
  // The version the form started from; a save is only accepted on top of it.
  const [base, setBase] = useState<ProfileVersionView | undefined>(latestOnServer);
  const [draft, setDraft] = useState<ProfileContent>(() =>
    latestOnServer
      ? contentOf(latestOnServer)
      : {
          prompt: '',
          model: DEFAULT_MODEL,
          voice: DEFAULT_VOICE,
          allTools: true,
          toolIds: [],
          unbackedClaims: 'correct',
        },
  );
  const [note, setNote] = useState('');
  const [conflict, setConflict] = useState<{ newer: ProfileVersionView; message: string } | null>(
    null,
  );
  const saving = useAction(saveProfile, { notAnswered: NOT_SENT });
  const restoring = useAction(restoreVersion, { toast: true, notAnswered: NOT_SENT });
  const [restoringVersion, setRestoringVersion] = useState<number | null>(null);

  const dirty = base ? !sameContent(draft, base) : false;
  const { navigate } = useUnsavedChanges(dirty);

  const catalogNames = new Map(catalog.map((t) => [t.id, `${t.serverName} / ${t.mcpName}`]));
  const toolName = (id: string) => catalogNames.get(id) ?? toolLabels[id] ?? `removed tool ${id}`;

  function adopt(version: ProfileVersionView) {
    setBase(version);
    setDraft(contentOf(version));
    setNote('');
    setConflict(null);
    saving.reset();
  }

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!base) return;
    saving.run(
      {
        profileId: profile.id,
        baseVersion: base.version,
        ...draft,
        note: note.trim() || undefined,
      },
      {
        onOk: (saved) => {
          adopt(saved);
          toast.success(`Saved as version ${saved.version}.`);
          router.refresh();
        },
        onFailure: ({ error }) => {
          // A save on top of a version that is no longer the latest: shown beside the draft.
          if (error?.code !== 'conflict' || error.details?.reason !== 'stale') return;
          const newer = error.details.latest;
          if (!newer) return;
          setConflict({ newer, message: error.message });
          saving.reset();
          router.refresh();
        },
      },
    );
  }
  // A stale save is shown by the conflict panel, anything else over and under the fields.
  const fieldErrors = saving.failure?.fieldErrors ?? {};
  const formError = saving.failure?.formError ?? null;

  function restore(version: number) {
    const latest = versions[0];
    if (!latest) return;
    if (
      dirty &&
      !window.confirm(`Restoring version ${version} replaces your unsaved changes. Continue?`)
    )
      return;
    setRestoringVersion(version);
    restoring.run(
      { profileId: profile.id, version, baseVersion: latest.version },
      {
        onOk: (restored) => {
          adopt(restored);
          toast.success(`Version ${version} restored as version ${restored.version}.`);
          router.refresh();
        },
        onFailure: ({ error }) => {
          if (error?.code === 'conflict') router.refresh();
        },
      },
    );
  }

  if (!base) {
    return <Alert tone="error">This profile has no versions. Create a new profile instead.</Alert>;
  }
  const newerOnServer = latestOnServer && latestOnServer.version > base.version && !conflict;

  return (
    <div className="space-y-6">
      <PageHeader
        title={profile.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {profile.isDefault ? <Badge tone="accent">Default</Badge> : null}
            <Badge tone={profile.availableToCallers ? 'success' : 'neutral'}>
              {profile.availableToCallers ? 'Available to callers' : 'Not available to callers'}
            </Badge>
            <span>
              Editing version {base.version}
              {dirty ? ' · unsaved changes' : ''}
            </span>
          </span>
        }
        actions={
          <>
            <RenameDialog profileId={profile.id} name={profile.name} />
            {profile.isDefault ? null : (
              <DeleteProfileDialog profileId={profile.id} name={profile.name} />
            )}
            <Link
              href="/agent"
              className="text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              All profiles
            </Link>
          </>
        }
      />

      {conflict ? (
        <ConflictPanel
          message={conflict.message}
          newer={conflict.newer}
          draft={draft}
          toolName={toolName}
          onKeepMine={() => {
            setBase(conflict.newer);
            setConflict(null);
            toast.info(
              `Your changes now build on version ${conflict.newer.version}. Save when ready.`,
            );
          }}
          onLoadNewer={() => {
            if (window.confirm(LEAVE_MESSAGE.replace('Leave and lose them?', 'Discard them?')))
              adopt(conflict.newer);
          }}
        />
      ) : null}
      {newerOnServer ? (
        <Alert
          tone="info"
          title={`Version ${latestOnServer.version} is newer than the one you are editing`}
        >
          Saving now will be refused so nothing is overwritten.{' '}
          {dirty ? 'Save to compare your changes with it.' : null}
          {!dirty ? (
            <button
              type="button"
              className="font-medium underline"
              onClick={() => adopt(latestOnServer)}
            >
              Load version {latestOnServer.version}
            </button>
          ) : null}
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <form
          method="post"
          onSubmit={save}
          aria-label="Edit profile"
          className="min-w-0 space-y-6"
          noValidate
        >
          <PromptCard
            draft={draft}
            onChange={setDraft}
            fieldErrors={fieldErrors}
            formError={formError}
          />

          <Card>
            <CardHeader title="Tools" />
            <CardBody>
              <ToolsPicker
                catalog={catalog}
                allTools={draft.allTools}
                toolIds={draft.toolIds}
                onChange={(next) => setDraft({ ...draft, ...next })}
              />
            </CardBody>
          </Card>

          <Card>
            <CardBody className="space-y-4">
              <Field
                label="Version note (optional)"
                errors={fieldErrors.note}
                hint="A few words on what changed and why; shown in the history."
              >
                {(props) => (
                  <Input
                    {...props}
                    name="note"
                    maxLength={200}
                    value={note}
                    onChange={(e) => setNote(e.target.value)}
                  />
                )}
              </Field>
              <div className="flex flex-wrap items-center justify-between gap-3">
                <p className="text-sm text-zinc-600" aria-live="polite">
                  {dirty
                    ? `Unsaved changes. Saving creates version ${base.version + 1}.`
                    : 'No unsaved changes.'}
                </p>
                <div className="flex gap-2">
                  <Button
                    type="button"
                    variant="secondary"
                    disabled={!dirty || saving.pending}
                    onClick={() => {
                      if (window.confirm('Discard your unsaved changes?')) adopt(base);
                    }}
                  >
                    Discard changes
                  </Button>
                  <Button type="submit" pending={saving.pending} disabled={!dirty}>
                    Save
                  </Button>
                </div>
              </div>
            </CardBody>
          </Card>
        </form>

        <aside className="min-w-0 space-y-6" aria-label="About this profile">
          <HonestyRuleCard />
          <InstructionsPreview
            prompt={draft.prompt}
            allTools={draft.allTools}
            toolIds={draft.toolIds}
            catalog={catalog}
            servers={servers}
          />
        </aside>
      </div>

      <Card>
        <CardHeader
          title="History"
          description="Every save is a version; versions never change. Restoring writes an old version again as the newest."
        />
        <CardBody>
          <VersionHistory
            profileId={profile.id}
            versions={versions}
            restoring={restoring.pending ? restoringVersion : null}
            onRestore={restore}
            onCompare={navigate}
          />
        </CardBody>
      </Card>
    </div>
  );
}
