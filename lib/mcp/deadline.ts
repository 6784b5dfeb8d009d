import { McpError, operationText, toMcpError, type McpErrorContext } from './errors';

/**
 * The one way a signal is followed here: a new controller that aborts when `outer` does (or,
 * with `timeoutMs`, when that time has passed, as a TimeoutError), with a way to drop the
 * listener and the timer again. Callers' signals may live long (a call's), and the SDK never
 * removes the listeners it adds, so each request gets a controller of its own.
 */
export function linkedAbort(
  outer: AbortSignal | null | undefined,
  { timeoutMs }: { timeoutMs?: number } = {},
): {
  controller: AbortController;
  release(): void;
} {
  const controller = new AbortController();
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => controller.abort(new DOMException('The time limit passed', 'TimeoutError')),
          timeoutMs,
        );
  const stopTimer = () => clearTimeout(timer);
  if (!outer) return { controller, release: stopTimer };
  if (outer.aborted) {
    stopTimer();
    controller.abort(outer.reason);
    return { controller, release: () => {} };
  }
  const onAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  return {
    controller,
    release: () => {
      stopTimer();
      outer.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * One time limit for a whole operation of several steps (a connect: the name lookup, then each
 * transport attempt): each step gets what is left, and a timeout names the whole limit.
 */
export interface Deadline {
  /** the whole limit, for messages */
  readonly ms: number;
  /** milliseconds left, at least 1 (so a step that starts late still fails as a timeout) */
  left(): number;
  /** no time is left: a step that could only fail as a timeout is not started */
  passed(): boolean;
}

export function startDeadline(ms: number): Deadline {
  const endsAt = performance.now() + ms;
  return {
    ms,
    left: () => Math.max(1, Math.ceil(endsAt - performance.now())),
    passed: () => performance.now() >= endsAt,
  };
}

/** Rejects with timeout / cancelled when the deadline passes or the signal aborts. */
export async function withDeadline<T>(
  work: Promise<T>,
  deadline: Deadline,
  signal: AbortSignal | undefined,
  describe: () => McpErrorContext,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const context = describe();
      reject(
        new McpError('timeout', `${operationText(context)} timed out after ${deadline.ms} ms`),
      );
    }, deadline.left());
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
