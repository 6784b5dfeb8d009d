'use client';

import { Plus } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { createProfile, setAvailability, setDefault } from '@/server/actions/agent-profiles';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Input, Select } from '@/components/ui/field';
import { Switch } from '@/components/ui/switch';
import { Table, Td, Th } from '@/components/ui/table';
import { FormDialog } from '@/components/ui/form-dialog';
import { useAction } from '@/components/ui/use-action';
import { useActionDialog } from '@/components/ui/use-action-dialog';
import type { ProfileSummary } from '@/lib/db/agent-profiles';
import { LocalTime } from './local-time';

function NewProfileDialog({ profiles }: { profiles: ProfileSummary[] }) {
  const router = useRouter();
  const dialog = useActionDialog(createProfile);
  const fieldErrors = dialog.failure?.fieldErrors ?? {};
  const defaultProfile = profiles.find((p) => p.isDefault);

  function submit(form: FormData) {
    dialog.run(
      { name: form.get('name'), copyFrom: form.get('copyFrom') || undefined },
      {
        onOk: (data) => {
          toast.success(`Profile ${String(form.get('name'))} created.`);
          dialog.setOpen(false);
          router.push(`/agent/${data.id}`);
        },
      },
    );
  }

  return (
    <FormDialog
      dialog={dialog}
      trigger={
        <Button>
          <Plus aria-hidden className="size-4" />
          New profile
        </Button>
      }
      title="New profile"
      description="A profile is a prompt, a model, a voice and a choice of tools. Every save becomes a version you can go back to."
      submitLabel="Create profile"
      onSubmit={submit}
    >
      <Field label="Name" errors={fieldErrors.name}>
        {(props) => <Input {...props} name="name" required maxLength={60} autoComplete="off" />}
      </Field>
      <Field
        label="Start from"
        errors={fieldErrors.copyFrom}
        hint="Copies the latest version of that profile; you can change everything after."
      >
        {(props) => (
          <Select {...props} name="copyFrom" defaultValue={defaultProfile?.id ?? ''}>
            <option value="">The built-in starting prompt</option>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} (v{p.latest.version})
              </option>
            ))}
          </Select>
        )}
      </Field>
    </FormDialog>
  );
}

function AvailabilitySwitch({ profile }: { profile: ProfileSummary }) {
  const router = useRouter();
  const [checked, setChecked] = useState(profile.availableToCallers);
  const change = useAction(setAvailability, { toast: true });
  return (
    <div className="flex items-center gap-2">
      <Switch
        aria-label={`Available to callers: ${profile.name}`}
        checked={checked}
        disabled={change.pending || profile.isDefault}
        aria-busy={change.pending || undefined}
        onCheckedChange={(next) => {
          setChecked(next);
          change.run(
            { profileId: profile.id, availableToCallers: next },
            {
              onOk: () => {
                toast.success(
                  next
                    ? `Callers can now pick ${profile.name}.`
                    : `Callers can no longer pick ${profile.name}.`,
                );
                router.refresh();
              },
              onFailure: () => setChecked(!next),
            },
          );
        }}
      />
      <span className="text-xs text-zinc-600">
        {profile.isDefault ? 'Always (default)' : checked ? 'Yes' : 'No'}
      </span>
    </div>
  );
}

function MakeDefaultButton({ profile }: { profile: ProfileSummary }) {
  const router = useRouter();
  const makeDefault = useAction(setDefault, {
    toast: true,
    onOk: () => {
      toast.success(`${profile.name} is now the default profile.`);
      router.refresh();
    },
  });
  if (profile.isDefault) return <Badge tone="accent">Default</Badge>;
  return (
    <Button
      size="sm"
      variant="secondary"
      pending={makeDefault.pending}
      aria-label={`Make ${profile.name} the default`}
      onClick={() => makeDefault.run({ profileId: profile.id })}
    >
      Make default
    </Button>
  );
}

export function ProfilesView({ profiles }: { profiles: ProfileSummary[] }) {
  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <NewProfileDialog profiles={profiles} />
      </div>
      {profiles.length === 0 ? (
        <EmptyState
          title="No agent profiles yet"
          description="Create one: the call page needs a default profile to start a call."
        />
      ) : (
        <Table aria-label="Agent profiles">
          <thead>
            <tr>
              <Th>Profile</Th>
              <Th className="hidden md:table-cell">Model and voice</Th>
              <Th className="hidden sm:table-cell">Latest version</Th>
              <Th>Available to callers</Th>
              <Th>Default</Th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((profile) => (
              <tr key={profile.id}>
                <Td className="font-medium">
                  <Link
                    href={`/agent/${profile.id}`}
                    className="text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    {profile.name}
                  </Link>
                  <p className="text-xs font-normal text-zinc-500 sm:hidden">
                    v{profile.latest.version}
                  </p>
                </Td>
                <Td className="hidden text-zinc-700 md:table-cell">
                  {profile.latest.model} · {profile.latest.voice}
                </Td>
                <Td className="hidden text-zinc-700 sm:table-cell">
                  <span className="font-medium">v{profile.latest.version}</span>
                  <span className="block text-xs text-zinc-500">
                    {profile.latest.authorName ?? 'System'} ·{' '}
                    <LocalTime iso={profile.latest.createdAt} />
                  </span>
                </Td>
                <Td>
                  <AvailabilitySwitch profile={profile} />
                </Td>
                <Td>
                  <MakeDefaultButton profile={profile} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
