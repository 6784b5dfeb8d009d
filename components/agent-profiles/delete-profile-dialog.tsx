'use client';

import { Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { deleteProfile } from '@/server/actions/agent-profiles';
import { Button } from '@/components/ui/button';
import { FormDialog } from '@/components/ui/form-dialog';
import { useActionDialog } from '@/components/ui/use-action-dialog';

/** Offered for every profile but the default; the server also refuses one that calls used. */
export function DeleteProfileDialog({ profileId, name }: { profileId: string; name: string }) {
  const router = useRouter();
  const dialog = useActionDialog(deleteProfile);

  function remove() {
    dialog.run(
      { profileId },
      {
        onOk: () => {
          toast.success(`${name} deleted.`);
          dialog.setOpen(false);
          router.push('/agent');
        },
      },
    );
  }

  return (
    <FormDialog
      dialog={dialog}
      trigger={
        <Button variant="ghost" size="sm">
          <Trash2 aria-hidden className="size-4" />
          Delete
        </Button>
      }
      title={`Delete ${name}?`}
      description="The profile and all its versions are removed. A profile that calls used is kept so their reviews stay complete; hide it from callers instead."
      submitLabel="Delete profile"
      submitVariant="danger"
      onSubmit={remove}
    />
  );
}
