import {
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { linkedAbort, startDeadline, withDeadline, type Deadline } from './deadline';
import { McpError, operationText, type McpErrorContext } from './errors';

/**
 * Reads a server's `WWW-Authenticate` challenge (401 / 403) so that a server that signs in with
 * OAuth is reported as such (Connect / Reconnect), not as a wrong Authorization header.
 */

/** The most time the well-known metadata lookup after a 401 gets (less if the operation had less). */
const MAX_DISCOVERY_MS = 10_000;

export interface AuthChallenge {
  status: number;
  bearer: boolean;
  resourceMetadataUrl?: string;
  scope?: string;
  error?: string;
}

export function readChallenge(response: Response): AuthChallenge {
  const header = response.headers.get('www-authenticate') ?? '';
  const params = extractWWWAuthenticateParams(response);
  return {
    status: response.status,
    bearer: /^bearer\b/i.test(header.trim()),
    ...(params.resourceMetadataUrl ? { resourceMetadataUrl: params.resourceMetadataUrl.href } : {}),
    ...(params.scope ? { scope: params.scope } : {}),
    ...(params.error ? { error: params.error } : {}),
  };
}

/**
 * The auth failure as the admin should read it. A 401 means OAuth when the challenge names
 * protected resource metadata, or when such metadata is found at the well-known address
 * (RFC 9728); a 403 `insufficient_scope` means the grant lacks a scope. Anything else is left
 * as it was (a plain header-based server).
 */
export async function withOAuthSignIn(
  error: McpError,
  challenge: AuthChallenge | undefined,
  options: {
    context: McpErrorContext;
    serverUrl: URL;
    fetch: FetchLike;
    /** the request carried an OAuth access token of ours */
    hadGrant: boolean;
    /** the connect's deadline, when this is a connect's failure */
    deadline?: Deadline;
  },
): Promise<McpError> {
  if (error.code !== 'auth' || !challenge || challenge.status !== error.status) return error;
  const where = operationText(options.context);
  if (challenge.status === 403 && challenge.error === 'insufficient_scope') {
    const scope = challenge.scope;
    return new McpError(
      'auth',
      `${where} failed: the server needs a scope the console’s OAuth grant lacks (403 insufficient_scope${scope ? `, scope "${scope}"` : ''})`,
      {
        status: 403,
        notDelivered: true,
        oauth: { signIn: 'reconnect', ...(scope ? { scope } : {}) },
        hint: `The server asks for ${scope ? `the scope "${scope}"` : 'a scope'} that the console’s grant does not have. Press Reconnect on its page to sign in again and grant it.`,
      },
    );
  }
  if (challenge.status !== 401 || !challenge.bearer) return error;
  const resourceMetadataUrl = challenge.resourceMetadataUrl;
  if (!resourceMetadataUrl && !options.hadGrant) {
    // The SDK's discovery sets no deadline: a server that answers 401 and then never answers
    // its metadata address would hold Test and save (or a call's connect) open for ever.
    // During a connect it gets what is left of the connect's deadline.
    const limit = options.deadline?.left() ?? options.context.timeoutMs ?? MAX_DISCOVERY_MS;
    const deadline = startDeadline(Math.min(limit, MAX_DISCOVERY_MS));
    const { controller, release } = linkedAbort(options.context.signal, {
      timeoutMs: deadline.ms,
    });
    const bounded: FetchLike = (input, init) =>
      options.fetch(input, { ...init, signal: controller.signal });
    try {
      // The deadline holds even when a request misses the abort: about 1 run in 5, the SDK's
      // second well-known request went out unaborted and waited until the server closed it.
      await withDeadline(
        discoverOAuthProtectedResourceMetadata(options.serverUrl, {}, bounded),
        deadline,
        options.context.signal,
        () => options.context,
      );
    } catch {
      return error; // a Bearer challenge without OAuth metadata: a plain token is expected
    } finally {
      release();
    }
  }
  const oauth = {
    signIn: options.hadGrant ? ('reconnect' as const) : ('connect' as const),
    ...(challenge.scope ? { scope: challenge.scope } : {}),
    ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
  };
  return new McpError(
    'auth',
    options.hadGrant
      ? `${where} failed: the server refused the console’s OAuth access token (401${challenge.error ? ` ${challenge.error}` : ''})`
      : `${where} failed: the server requires an OAuth sign-in (401)`,
    { status: 401, notDelivered: true, oauth },
  );
}
