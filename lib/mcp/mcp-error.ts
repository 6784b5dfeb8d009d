import { DEFAULT_HINTS, OAUTH_HINTS } from './error-hints';
import type { McpErrorCode } from './types';

/**
 * The one error type that leaves lib/mcp. The console shows `message` + `hint` to the admin;
 * the agent maps `code` to the call-event error codes; the managed connection reads
 * `notDelivered` to decide whether re-sending a call is safe.
 */
export class McpError extends Error {
  readonly code: McpErrorCode;
  /** what the admin should do next, one or two sentences */
  readonly hint: string;
  /** HTTP status when the server answered with one */
  readonly status?: number;
  /** true only when the request provably never reached the server (safe to re-send) */
  readonly notDelivered: boolean;
  /** set when the server signs in with OAuth: the admin must press Connect (or Reconnect) */
  readonly oauth?: OAuthSignInNeeded;

  constructor(
    code: McpErrorCode,
    message: string,
    options: {
      hint?: string;
      status?: number;
      notDelivered?: boolean;
      oauth?: OAuthSignInNeeded;
    } = {},
  ) {
    super(message);
    this.name = 'McpError';
    this.code = code;
    this.hint =
      options.hint ?? (options.oauth ? OAUTH_HINTS[options.oauth.signIn] : DEFAULT_HINTS[code]);
    if (options.status !== undefined) this.status = options.status;
    this.notDelivered = options.notDelivered ?? false;
    if (options.oauth) this.oauth = options.oauth;
  }

  /** The same error with its message and hint passed through `redact` (lib/mcp/redact.ts). */
  redacted(redact: (text: string) => string): McpError {
    const message = redact(this.message);
    const hint = redact(this.hint);
    if (message === this.message && hint === this.hint) return this;
    return new McpError(this.code, message, {
      hint,
      notDelivered: this.notDelivered,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.oauth ? { oauth: this.oauth } : {}),
    });
  }

  toJSON(): {
    code: McpErrorCode;
    message: string;
    hint: string;
    status?: number;
    notDelivered: boolean;
    oauth?: OAuthSignInNeeded;
  } {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      ...(this.status !== undefined ? { status: this.status } : {}),
      notDelivered: this.notDelivered,
      ...(this.oauth ? { oauth: this.oauth } : {}),
    };
  }
}

/**
 * What an OAuth-protected server needs from the admin: `connect` when the console holds no grant
 * yet, `reconnect` when the grant it holds was refused (revoked, expired, or lacking a scope).
 */
export interface OAuthSignInNeeded {
  signIn: 'connect' | 'reconnect';
  /** the scope the server asked for (WWW-Authenticate), to request at the next sign-in */
  scope?: string;
  /** the protected resource metadata the server named */
  resourceMetadataUrl?: string;
}

/**
 * The JSON-RPC error code the client itself gives a request whose answer passed the read cap
 * (policy-fetch.ts); a server-error code no server sends for this client's requests.
 */
export const RESULT_TOO_LARGE_CODE = -32_090;

/**
 * Failures after which a session cannot be trusted: the managed connection starts a new one for
 * the next operation, and a transport error with one of these mid-session marks the connection
 * broken (client.ts). One list for both.
 */
export const BREAKS_SESSION: ReadonlySet<McpErrorCode> = new Set<McpErrorCode>([
  'session_expired',
  'connection_lost',
  'connection_refused',
  'dns',
  'timeout',
  'tls',
  // a local server's process that exited, broke the protocol or was stopped for its size
  'process_failed',
  'not_mcp_endpoint',
  'result_too_large',
]);

export function isMcpError(value: unknown): value is McpError {
  return value instanceof McpError;
}
