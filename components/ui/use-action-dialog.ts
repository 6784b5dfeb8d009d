'use client';

import { useCallback, useState } from 'react';
import type { ActionResult } from '@/lib/errors';
import { useAction, type ActionOptions } from './use-action';

/**
 * A dialog holding one action's form (useAction, with the dialog's open state): opening or
 * closing it clears the last attempt's failure.
 */
export function useActionDialog<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  options?: ActionOptions<I, T>,
) {
  const called = useAction(action, options);
  const [open, setOpen] = useState(false);
  const { reset } = called;
  const onOpenChange = useCallback(
    (next: boolean) => {
      setOpen(next);
      reset();
    },
    [reset],
  );
  return { ...called, open, setOpen, onOpenChange };
}
