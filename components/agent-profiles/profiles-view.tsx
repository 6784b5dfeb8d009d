'use client';

import { Plus } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { createProfile, setAvailability, setDefault } from '@/server/actions/agent-profiles';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Input, Select } from '@/components/ui/field';
import { Switch } from '@/components/ui/switch';
import { Table, Td, Th } from '@/components/ui/table';
import { FormDialog } from '@/components/ui/form-dialog';
import { useActionDialog } from '@/components/ui/use-action-dialog';
import type { ProfileSummary } from '@/lib/db/agent-profiles';
import { LocalTime } from './local-time';

function NewProfileDialog({ profiles }: { profiles: ProfileSummary[] }) {
  const router = useRouter();
  const dialog = useActionDialog();
  const { fieldErrors, run, setOpen } = dialog;
  const defaultProfile = profiles.find((p) => p.isDefault);

  function submit(form: FormData) {
    run(
      () => createProfile({ name: form.get('name'), copyFrom: form.get('copyFrom') || undefined }),
      {
        onOk: (data) => {
          toast.success(`Profile ${String(form.get('name'))} created.`);
          setOpen(false);
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
  const [pending, startTransition] = useTransition();
  const [checked, setChecked] = useState(profile.availableToCallers);
  return (
    <div className="flex items-center gap-2">
      <Switch
        aria-label={`Available to callers: ${profile.name}`}
        checked={checked}
        disabled={pending || profile.isDefault}
        onCheckedChange={(next) => {
          setChecked(next);
          startTransition(async () => {
            const result = await setAvailability({
              profileId: profile.id,
              availableToCallers: next,
            });
            if (result.ok) {
              toast.success(
                next
                  ? `Callers can now pick ${profile.name}.`
                  : `Callers can no longer pick ${profile.name}.`,
              );
              router.refresh();
            } else {
              setChecked(!next);
              toast.error(result.error.message);
            }
          });
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
  const [pending, startTransition] = useTransition();
  if (profile.isDefault) return <Badge tone="accent">Default</Badge>;
  return (
    <Button
      size="sm"
      variant="secondary"
      pending={pending}
      aria-label={`Make ${profile.name} the default`}
      onClick={() =>
        startTransition(async () => {
          const result = await setDefault({ profileId: profile.id });
          if (result.ok) {
            toast.success(`${profile.name} is now the default profile.`);
            router.refresh();
          } else toast.error(result.error.message);
        })
      }
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
