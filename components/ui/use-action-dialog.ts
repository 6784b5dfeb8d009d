'use client';

import { useCallback, useState } from 'react';
import { useActionForm } from './use-action-form';

/** A dialog holding an action form: opening or closing it clears the last attempt's errors. */
export function useActionDialog() {
  const form = useActionForm();
  const [open, setOpen] = useState(false);
  const { reset } = form;
  const onOpenChange = useCallback(
    (next: boolean) => {
      setOpen(next);
      reset();
    },
    [reset],
  );
  return { ...form, open, setOpen, onOpenChange };
}
