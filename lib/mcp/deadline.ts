import { McpError, operationText, toMcpError, type McpErrorContext } from './errors';

/** Links an optional outer signal to a new controller, with a way to drop the listener again. */
export function linkedAbort(outer: AbortSignal | undefined): {
  controller: AbortController;
  release(): void;
} {
  const controller = new AbortController();
  if (!outer) return { controller, release: () => {} };
  if (outer.aborted) {
    controller.abort(outer.reason);
    return { controller, release: () => {} };
  }
  const onAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  return { controller, release: () => outer.removeEventListener('abort', onAbort) };
}

/** Rejects with timeout / cancelled when the deadline passes or the signal aborts. */
export async function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  signal: AbortSignal | undefined,
  describe: () => McpErrorContext,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const context = describe();
      reject(new McpError('timeout', `${operationText(context)} timed out after ${ms} ms`));
    }, ms);
    if (signal) {
      onAbort = () => reject(toMcpError(new Error('aborted'), { ...describe(), signal }));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([work, guard]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
