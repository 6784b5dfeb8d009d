'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { renameProfile } from '@/server/actions/agent-profiles';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { useActionDialog } from '@/components/ui/use-action-dialog';

export function RenameDialog({ profileId, name }: { profileId: string; name: string }) {
  const router = useRouter();
  const dialog = useActionDialog(renameProfile);

  function submit(form: FormData) {
    dialog.run(
      { profileId, name: form.get('name') },
      {
        onOk: () => {
          toast.success('Profile renamed.');
          dialog.setOpen(false);
          router.refresh();
        },
      },
    );
  }

  return (
    <FormDialog
      dialog={dialog}
      trigger={
        <Button variant="secondary" size="sm">
          Rename
        </Button>
      }
      title="Rename profile"
      description="The name is not versioned; calls show the name the profile has now."
      submitLabel="Rename"
      onSubmit={submit}
    >
      <Field label="Name" errors={dialog.failure?.fieldErrors.name}>
        {(props) => (
          <Input
            {...props}
            name="name"
            defaultValue={name}
            required
            maxLength={60}
            autoComplete="off"
          />
        )}
      </Field>
    </FormDialog>
  );
}
