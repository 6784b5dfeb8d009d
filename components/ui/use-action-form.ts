'use client';

import { useCallback, useState, useTransition } from 'react';
import { fieldOf, type ActionFailure, type ActionResult, type FieldErrors } from '@/lib/errors';

/**
 * A form's side of a server action: pending state, and the failure mapped once to what the form
 * shows, errors under the fields they name (zod's fieldErrors, or one `details.field`), or
 * otherwise a message over the form.
 */
export function useActionForm() {
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const reset = useCallback(() => {
    setFieldErrors({});
    setFormError(null);
  }, []);

  const run = useCallback(
    <T>(
      action: () => Promise<ActionResult<T>>,
      handlers: {
        onOk: (data: T) => void;
        /** returns true when it showed the failure itself */
        onFailure?: (error: ActionFailure['error']) => boolean;
      },
    ) => {
      startTransition(async () => {
        reset();
        const result = await action();
        if (result.ok) {
          handlers.onOk(result.data);
          return;
        }
        if (handlers.onFailure?.(result.error)) return;
        const field = fieldOf(result.error);
        if (field) setFieldErrors({ [field]: [result.error.message] });
        else if (result.error.fieldErrors) setFieldErrors(result.error.fieldErrors);
        else setFormError(result.error.message);
      });
    },
    [reset],
  );

  return { pending, fieldErrors, formError, run, reset };
}
