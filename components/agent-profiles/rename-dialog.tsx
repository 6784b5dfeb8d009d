'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { renameProfile } from '@/app/(console)/(admin)/agent/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Field, Input } from '@/components/ui/field';
import { useActionDialog } from '@/components/ui/use-action-dialog';

export function RenameDialog({ profileId, name }: { profileId: string; name: string }) {
  const router = useRouter();
  const { pending, fieldErrors, formError, run, open, setOpen, onOpenChange } = useActionDialog();

  function submit(form: FormData) {
    run(() => renameProfile({ profileId, name: form.get('name') }), {
      onOk: () => {
        toast.success('Profile renamed.');
        setOpen(false);
        router.refresh();
      },
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm">
          Rename
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Rename profile"
        description="The name is not versioned; calls show the name the profile has now."
      >
        <form action={submit} className="space-y-4">
          {formError ? <Alert tone="error">{formError}</Alert> : null}
          <Field label="Name" errors={fieldErrors.name}>
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
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" pending={pending}>
              Rename
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
