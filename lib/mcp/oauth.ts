import { auth, type OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { OAuthError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { McpError, displayUrl, findMcpError } from './errors';
import { GrantProvider, SignInRequired } from './oauth-provider';
import { createPolicyFetch } from './policy-fetch';
import type { UrlPolicy } from './types';

/**
 * OAuth for MCP servers, as the MCP authorization spec has it, through the SDK's own client
 * (`auth()`: protected resource metadata, authorization server metadata, client registration by
 * metadata document or dynamic registration, PKCE, resource indicators, refresh). This module
 * holds a grant in memory and hands it back changed; storing it (sealed) is lib/db/mcp-oauth.ts's.
 */

export type ClientSource = 'dynamic' | 'manual' | 'metadata_document';

export interface StoredTokens extends OAuthTokens {
  issuer?: string;
  /** ms since epoch when the authorization server issued them */
  obtainedAt: number;
}

export interface OAuthGrant {
  client?: OAuthClientInformationMixed & { issuer?: string };
  clientSource?: ClientSource;
  tokens?: StoredTokens;
  discovery?: OAuthDiscoveryState;
  /** the callback the authorization used (a refresh presents the same client) */
  redirectUrl?: string;
  /** an authorization in progress (the admin is at the authorization server) */
  pending?: { state: string; codeVerifier?: string; startedAt: number };
}

export interface OAuthSetup {
  /** the MCP server's URL (the protected resource) */
  serverUrl: string;
  /** the console's callback route */
  redirectUrl: string;
  /** where this console serves its client ID metadata document (https only), if it does */
  clientMetadataUrl?: string;
  policy: UrlPolicy;
}

/** Refresh when less than this is left of an access token's life. */
export const REFRESH_MARGIN_MS = 60_000;
/** How long an authorization started with Connect may take to come back. */
export const PENDING_AUTHORIZATION_MS = 10 * 60_000;

export function tokenExpiresAt(tokens: StoredTokens | undefined): number | undefined {
  if (!tokens?.expires_in) return undefined;
  return tokens.obtainedAt + tokens.expires_in * 1000;
}

export function needsRefresh(grant: OAuthGrant, now = Date.now()): boolean {
  const expiresAt = tokenExpiresAt(grant.tokens);
  return expiresAt !== undefined && expiresAt - now < REFRESH_MARGIN_MS;
}

/** The grant's Authorization header, or undefined when it holds no access token. */
export function bearerHeader(grant: OAuthGrant): Record<string, string> | undefined {
  const token = grant.tokens?.access_token;
  return token ? { Authorization: `Bearer ${token}` } : undefined;
}

/** Strings that must never appear in a message or a log: tokens and the client secret. */
export function grantSecrets(grant: OAuthGrant): string[] {
  return [
    grant.tokens?.access_token,
    grant.tokens?.refresh_token,
    grant.client?.client_secret,
    grant.pending?.codeVerifier,
  ].filter((value): value is string => typeof value === 'string' && value.length > 0);
}

function coversScope(client: OAuthGrant['client'], scope: string): boolean {
  const registered = (client as { scope?: unknown } | undefined)?.scope;
  if (typeof registered !== 'string') return true;
  const held = new Set(registered.split(' '));
  return scope.split(' ').every((item) => held.has(item));
}

function copyGrant(grant: OAuthGrant): OAuthGrant {
  return structuredClone(grant);
}

/** What went wrong talking to the authorization server, as our one error type. */
function oauthFailure(error: unknown, setup: OAuthSetup, doing: string): McpError {
  const ours = findMcpError(error);
  if (ours) return ours;
  const where = `${doing} for ${displayUrl(setup.serverUrl)}`;
  if (error instanceof OAuthError) {
    const revoked = error.errorCode === 'invalid_grant';
    return new McpError(
      'auth',
      `${where} failed: the authorization server answered ${error.errorCode}${error.message ? ` (${error.message.slice(0, 200)})` : ''}`,
      {
        notDelivered: true,
        oauth: { signIn: revoked ? 'reconnect' : 'connect' },
        hint: revoked
          ? 'The authorization server no longer accepts the console’s grant (revoked or expired). Press Reconnect to sign in again.'
          : 'The authorization server refused the request. Check the OAuth client settings of this server, then press Connect again.',
      },
    );
  }
  const text = error instanceof Error ? error.message : String(error);
  return new McpError('auth', `${where} failed: ${text.slice(0, 300)}`, {
    notDelivered: true,
    oauth: { signIn: 'connect' },
    hint: 'The server’s OAuth metadata or its authorization server could not be used. Check that the server supports the MCP authorization spec, or set a client ID and secret for it.',
  });
}

/**
 * Starts a sign-in (the admin pressed Connect): discovery, client registration when none is held,
 * and the authorization URL with PKCE and the resource indicator. Tokens held before are dropped:
 * pressing Connect means a new grant (for example one with the scope the server asked for).
 */
export async function beginAuthorization({
  setup,
  grant,
  scope,
  resourceMetadataUrl,
}: {
  setup: OAuthSetup;
  grant: OAuthGrant;
  scope?: string;
  resourceMetadataUrl?: string;
}): Promise<{ authorizationUrl: URL; state: string; grant: OAuthGrant }> {
  const next = copyGrant(grant);
  delete next.tokens;
  delete next.pending;
  // A dynamically registered client may only ask for the scopes it registered with: a wider
  // scope (the server asked for one the grant lacks) needs a new registration.
  if (scope && next.clientSource === 'dynamic' && !coversScope(next.client, scope)) {
    delete next.client;
    delete next.clientSource;
  }
  // A document-based client ID is the console's own address: once that changed (or is no
  // longer https), the old ID names a document the console no longer serves.
  if (
    next.clientSource === 'metadata_document' &&
    next.client?.client_id !== setup.clientMetadataUrl
  ) {
    delete next.client;
    delete next.clientSource;
  }
  next.redirectUrl = setup.redirectUrl;
  const provider = new GrantProvider(next, setup, true);
  try {
    await auth(provider, {
      serverUrl: setup.serverUrl,
      ...(scope ? { scope } : {}),
      ...(resourceMetadataUrl ? { resourceMetadataUrl: new URL(resourceMetadataUrl) } : {}),
      fetchFn: createPolicyFetch({ policy: setup.policy }),
    });
  } catch (error) {
    throw oauthFailure(error, setup, 'Starting the OAuth sign-in');
  }
  // auth() filled these in through the provider (TypeScript still sees them as deleted above).
  const pending = provider.grant.pending as OAuthGrant['pending'];
  if (!provider.authorizationUrl || !pending?.codeVerifier) {
    throw new McpError('auth', 'The OAuth sign-in did not produce an authorization address', {
      oauth: { signIn: 'connect' },
    });
  }
  return { authorizationUrl: provider.authorizationUrl, state: pending.state, grant: next };
}

/** Exchanges the code the callback received (with the PKCE verifier) for tokens. */
export async function completeAuthorization({
  setup,
  grant,
  code,
}: {
  setup: OAuthSetup;
  grant: OAuthGrant;
  code: string;
}): Promise<OAuthGrant> {
  const next = copyGrant(grant);
  const provider = new GrantProvider(next, setup, false);
  try {
    await auth(provider, {
      serverUrl: setup.serverUrl,
      authorizationCode: code,
      fetchFn: createPolicyFetch({ policy: setup.policy }),
    });
  } catch (error) {
    throw oauthFailure(error, setup, 'Finishing the OAuth sign-in');
  }
  delete next.pending;
  return next;
}

/**
 * A grant whose access token is still good for a while, refreshing it first when it is not.
 * A refresh the authorization server refuses (revoked, expired) is an McpError asking for
 * Reconnect; nothing here ever sends the admin anywhere.
 */
export async function refreshIfNeeded({
  setup,
  grant,
  force = false,
}: {
  setup: OAuthSetup;
  grant: OAuthGrant;
  force?: boolean;
}): Promise<{ grant: OAuthGrant; refreshed: boolean }> {
  if (!grant.tokens) {
    throw new McpError('auth', `${displayUrl(setup.serverUrl)} has no OAuth grant yet`, {
      notDelivered: true,
      oauth: { signIn: 'connect' },
    });
  }
  if (!force && !needsRefresh(grant)) return { grant, refreshed: false };
  if (!grant.tokens.refresh_token) {
    throw new McpError(
      'auth',
      `The OAuth access token for ${displayUrl(setup.serverUrl)} expired and the authorization server gave no refresh token`,
      { notDelivered: true, oauth: { signIn: 'reconnect' } },
    );
  }
  const next = copyGrant(grant);
  const provider = new GrantProvider(next, setup, false);
  try {
    await auth(provider, {
      serverUrl: setup.serverUrl,
      fetchFn: createPolicyFetch({ policy: setup.policy }),
    });
  } catch (error) {
    if (error instanceof SignInRequired) {
      // auth() only heads for a new sign-in when the refresh failed.
      throw new McpError(
        'auth',
        `Refreshing the OAuth access token for ${displayUrl(setup.serverUrl)} failed: the authorization server no longer accepts the grant`,
        { notDelivered: true, oauth: { signIn: 'reconnect' } },
      );
    }
    throw oauthFailure(error, setup, 'Refreshing the OAuth access token');
  }
  return { grant: next, refreshed: true };
}
