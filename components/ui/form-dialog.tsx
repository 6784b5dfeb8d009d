'use client';

import type { ReactNode } from 'react';
import { Alert } from './alert';
import { Button, type ButtonProps } from './button';
import { Dialog, DialogContent, DialogTrigger } from './dialog';
import type { ShownFailure } from './use-action';

/**
 * A dialog that holds one action form: the trigger, the form's error over the fields, and
 * Cancel / submit at the bottom. `dialog` is the form's state (useActionDialog).
 */
export function FormDialog({
  dialog,
  trigger,
  title,
  description,
  submitLabel,
  submitVariant,
  onSubmit,
  children,
}: {
  dialog: {
    open: boolean;
    setOpen: (open: boolean) => void;
    onOpenChange: (open: boolean) => void;
    pending: boolean;
    failure: ShownFailure | null;
  };
  trigger: ReactNode;
  title: string;
  description?: ReactNode;
  submitLabel: string;
  submitVariant?: ButtonProps['variant'];
  onSubmit: (form: FormData) => void;
  children?: ReactNode;
}) {
  return (
    <Dialog open={dialog.open} onOpenChange={dialog.onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent title={title} description={description}>
        <form action={onSubmit} className="space-y-4">
          {dialog.failure?.formError ? (
            <Alert tone="error">{dialog.failure.formError}</Alert>
          ) : null}
          {children}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant={submitVariant} pending={dialog.pending}>
              {submitLabel}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
