import { ZodError } from 'zod';
import type { ProfileVersionView } from '@/lib/db/agent-profiles';
import type { McpErrorCode } from '@/lib/mcp/types';
import type { ArgError } from '@/lib/mcp/validate-args';

/**
 * Typed error codes, mapped once to an HTTP status and to what the user sees.
 * Route handlers turn them into responses (toErrorResponse); server actions into
 * ActionResult failures (toActionFailure).
 */
export const APP_ERRORS = {
  unauthorized: { status: 401, message: 'Sign in to continue.' },
  forbidden: { status: 403, message: 'Your account does not have access to this.' },
  not_found: { status: 404, message: 'Not found.' },
  invalid_input: { status: 400, message: 'Some fields need attention.' },
  conflict: { status: 409, message: 'This was changed by someone else.' },
  stdio_disabled: {
    status: 403,
    message:
      'Local (stdio) MCP servers are turned off. An operator can turn them on with MCP_STDIO_ENABLED=true on the console and the agent worker.',
  },
  payload_too_large: { status: 413, message: 'The request is too large.' },
  unsupported_media_type: { status: 415, message: 'This endpoint takes JSON.' },
  rate_limited: { status: 429, message: 'Too many attempts. Wait a moment and try again.' },
  unavailable: { status: 503, message: 'A service this needs is not available.' },
  internal: { status: 500, message: 'Something went wrong on our side. Try again.' },
} as const;

export type AppErrorCode = keyof typeof APP_ERRORS;

/** An MCP failure carried by an action failure (made only by server/mcp-operations.ts, mcpFailureError). */
export interface McpFailureDetails {
  mcpCode?: McpErrorCode;
  hint?: string;
  ms?: number;
}

/**
 * What a failure of each code may carry, typed once: a client narrows on `code` and reads the
 * details as they are, with no parsing of its own. A code without an entry carries none.
 */
export interface ErrorDetails {
  unauthorized: never;
  forbidden: never;
  not_found: never;
  rate_limited: { retryAfterSeconds: number };
  /** the most this endpoint reads (server/request-guards.ts) */
  payload_too_large: { maxBytes: number };
  unsupported_media_type: never;
  internal: never;
  invalid_input: McpFailureDetails & {
    /** the one form field the message belongs under */
    field?: string;
    /** a save that would not change anything */
    reason?: 'unchanged';
    /** a tool's arguments that do not match its input schema */
    argErrors?: ArgError[];
  };
  conflict: { field?: string; reason?: 'stale'; latest?: ProfileVersionView };
  unavailable: McpFailureDetails;
  /** a local (stdio) server while MCP_STDIO_ENABLED is off: the form field it belongs under */
  stdio_disabled: { field?: string };
}

export class AppError<C extends AppErrorCode = AppErrorCode> extends Error {
  readonly code: C;
  readonly details: ErrorDetails[C] | undefined;

  constructor(code: C, message?: string, details?: ErrorDetails[C]) {
    super(message ?? APP_ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return APP_ERRORS[this.code].status;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export type FieldErrors = Record<string, string[]>;

/** One failure per code, so narrowing on `code` types `details`. */
export type ActionError = {
  [C in AppErrorCode]: {
    code: C;
    message: string;
    fieldErrors?: FieldErrors;
    details?: ErrorDetails[C];
  };
}[AppErrorCode];

export interface ActionFailure {
  ok: false;
  error: ActionError;
}

/** The one form field a failure belongs under, when it names one. */
export function fieldOf(error: ActionError): string | undefined {
  return error.code === 'invalid_input' || error.code === 'conflict'
    ? error.details?.field
    : undefined;
}
/** An MCP failure as the console shows it: what happened, what to do, its code and time. */
export interface McpFailureView {
  code: McpErrorCode;
  message: string;
  hint: string;
  ms?: number;
}

/**
 * The MCP failure a failure carries, when it does: a failed probe or tool call is always one
 * (server/mcp-operations.ts, mcpFailureError), with its code in `details.mcpCode`.
 */
export function mcpFailureOf(error: ActionError): McpFailureView | undefined {
  if (error.code !== 'invalid_input' && error.code !== 'unavailable') return undefined;
  const details = error.details;
  if (!details?.mcpCode) return undefined;
  return {
    code: details.mcpCode,
    message: error.message,
    hint: details.hint ?? '',
    ...(details.ms !== undefined ? { ms: details.ms } : {}),
  };
}

export type ActionResult<T = undefined> = { ok: true; data: T } | ActionFailure;

export function ok(): ActionResult<undefined>;
export function ok<T>(data: T): ActionResult<T>;
export function ok<T>(data?: T): ActionResult<T | undefined> {
  return { ok: true, data };
}

function zodFieldErrors(error: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** Maps any thrown value to what an action returns. Unknown errors are logged, never shown. */
export function toActionFailure(error: unknown): ActionFailure {
  if (error instanceof ZodError) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: APP_ERRORS.invalid_input.message,
        fieldErrors: zodFieldErrors(error),
      },
    };
  }
  if (error instanceof AppError) {
    return {
      ok: false,
      // AppError keeps code and details paired by construction; TypeScript cannot follow it here.
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      } as ActionError,
    };
  }
  console.error('[console] unexpected error', error);
  return { ok: false, error: { code: 'internal', message: APP_ERRORS.internal.message } };
}

/** Maps any thrown value to a JSON error response. Unknown errors are logged, never shown. */
export function toErrorResponse(error: unknown): Response {
  const failure = toActionFailure(error);
  return Response.json({ error: failure.error }, { status: APP_ERRORS[failure.error.code].status });
}
