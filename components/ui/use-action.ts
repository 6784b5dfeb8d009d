'use client';

import { useCallback, useState, useTransition } from 'react';
import { toast } from 'sonner';
import {
  fieldOf,
  mcpFailureOf,
  type ActionError,
  type ActionResult,
  type FieldErrors,
  type McpFailureView,
} from '@/lib/errors';

/** What the user sees of a failed action, mapped once from its typed code and details. */
export interface ShownFailure {
  /** the typed failure; null when the action did not answer (signed out, connection lost) */
  error: ActionError | null;
  /** errors under the fields they name: zod's, or the one `details.field` */
  fieldErrors: FieldErrors;
  /** the message over the form, when it belongs under no field */
  formError: string | null;
  /** a failed talk with an MCP server (server/mcp-operations.ts, mcpFailureError) */
  mcp: McpFailureView | null;
}

/** An action that did not answer: it threw (a refused role check, a lost connection). */
export const NOT_ANSWERED =
  'The console did not answer: you may have been signed out, or the connection dropped. Reload the page and try again.';

export function shownFailure(error: ActionError): ShownFailure {
  const mcp = mcpFailureOf(error) ?? null;
  if (mcp) return { error, fieldErrors: {}, formError: null, mcp };
  const field = fieldOf(error);
  if (field) return { error, fieldErrors: { [field]: [error.message] }, formError: null, mcp };
  if (error.fieldErrors) {
    // A refinement of the whole input has no field: it is said over the form.
    const whole = error.fieldErrors._;
    return { error, fieldErrors: error.fieldErrors, formError: whole?.join(' ') ?? null, mcp };
  }
  return { error, fieldErrors: {}, formError: error.message, mcp };
}

function notAnswered(message: string): ShownFailure {
  return { error: null, fieldErrors: {}, formError: message, mcp: null };
}

/** The one line a toast says of a failure, with the MCP hint under it when there is one. */
function toastFailure(failure: ShownFailure): void {
  const message = failure.mcp?.message ?? failure.error?.message ?? failure.formError ?? '';
  const hint = failure.mcp?.hint;
  toast.error(message, hint ? { description: hint } : {});
}

export interface ActionHandlers<I, T> {
  /** runs inside the transition before the action is sent: where an optimistic value is set */
  onStart?: (input: I) => void;
  onOk?: (data: T, input: I) => void;
  /** returns true when it showed the failure itself (then it is not toasted) */
  onFailure?: (failure: ShownFailure, input: I) => boolean | void;
}

export interface ActionOptions<I, T> extends ActionHandlers<I, T> {
  /** show a failure as a toast (buttons and switches, which have no form to show it in),
   * unless onFailure showed it */
  toast?: boolean;
  /** what to say when the action did not answer, instead of NOT_ANSWERED */
  notAnswered?: string;
}

/**
 * The one way a component calls a server action: `run(input)` sends it in a transition, and the
 * hook gives `pending` (for a disabled, aria-busy control), the result's `data`, and a failure
 * mapped once from its typed code (`shownFailure`: fields, a message over the form, or an MCP
 * failure), never from its words. Handlers given to `run` are used instead of the hook's.
 */
export function useAction<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  options: ActionOptions<I, T> = {},
) {
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<ShownFailure | null>(null);
  const [data, setData] = useState<T | null>(null);

  const reset = useCallback(() => {
    setFailure(null);
    setData(null);
  }, []);

  const run = (input: I, handlers: ActionHandlers<I, T> = {}) => {
    const { onStart, onOk, onFailure } = { ...options, ...handlers };
    const fail = (shown: ShownFailure) => {
      setFailure(shown);
      const showed = onFailure?.(shown, input) === true;
      if (options.toast && !showed) toastFailure(shown);
    };
    startTransition(async () => {
      setFailure(null);
      onStart?.(input);
      let result: ActionResult<T>;
      try {
        result = await action(input);
      } catch {
        fail(notAnswered(options.notAnswered ?? NOT_ANSWERED));
        return;
      }
      if (result.ok) {
        setData(result.data);
        onOk?.(result.data, input);
        return;
      }
      fail(shownFailure(result.error));
    });
  };

  return { run, pending, failure, data, reset };
}
