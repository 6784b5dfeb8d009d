'use client';

import { Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { deleteProfile } from '@/app/(console)/(admin)/agent/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { useActionDialog } from '@/components/ui/use-action-dialog';

/** Offered for every profile but the default; the server also refuses one that calls used. */
export function DeleteProfileDialog({ profileId, name }: { profileId: string; name: string }) {
  const router = useRouter();
  const { pending, formError, run, open, setOpen, onOpenChange } = useActionDialog();

  function remove() {
    run(() => deleteProfile({ profileId }), {
      onOk: () => {
        toast.success(`${name} deleted.`);
        setOpen(false);
        router.push('/agent');
      },
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm">
          <Trash2 aria-hidden className="size-4" />
          Delete
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Delete ${name}?`}
        description="The profile and all its versions are removed. A profile that calls used is kept so their reviews stay complete; hide it from callers instead."
      >
        <div className="space-y-4">
          {formError ? <Alert tone="error">{formError}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="button" variant="danger" onClick={remove} pending={pending}>
              Delete profile
            </Button>
          </div>
        </div>
      </DialogContent>
    </Dialog>
  );
}
