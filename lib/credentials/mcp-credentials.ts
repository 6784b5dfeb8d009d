import type { Db } from '../db/client';
import {
  claimRefresh,
  loadOAuthGrant,
  markOAuthNeeded,
  releaseRefresh,
  markOAuthReconnect,
  saveRefreshedGrant,
  type LoadedOAuthGrant,
} from '../db/mcp-oauth';
import { McpError, displayUrl, isMcpError, type OAuthSignInNeeded } from '../mcp/errors';
import {
  bearerHeader,
  grantSecrets,
  needsRefresh,
  refreshIfNeeded,
  type OAuthGrant,
  type OAuthSetup,
} from '../mcp/oauth';
import type { UrlPolicy } from '../mcp/types';

/**
 * The OAuth part of what the console and the agent send an MCP server: the grant's access token,
 * refreshed first when it is about to expire, and the grant marked Reconnect when the
 * authorization server or the MCP server refuses it. Shared by both processes, so the console's
 * test and the agent's call start refresh the same way.
 */

/** What every step with a server's OAuth grant needs: where the grant is, and how to reach its server. */
export interface OAuthServerAccess {
  db: Db;
  serverId: string;
  serverUrl: string;
  sealKey: Buffer;
  policy: UrlPolicy;
}

export interface OAuthCredentials {
  headers: Record<string, string>;
  /** strings to keep out of messages and logs */
  secrets: string[];
}

/** When a refresh finds no redirect URL stored (a grant from before it was kept). */
const FALLBACK_REDIRECT = 'http://localhost/api/mcp-oauth/callback';

function notUsable(serverUrl: string, loaded: LoadedOAuthGrant, reason: string | null): McpError {
  const reconnect = loaded.status === 'reconnect';
  return new McpError(
    'auth',
    reconnect
      ? `The console’s OAuth grant for ${displayUrl(serverUrl)} needs Reconnect${reason ? `: ${reason}` : ''}`
      : `The console is not yet signed in to ${displayUrl(serverUrl)} with OAuth`,
    {
      notDelivered: true,
      oauth: {
        signIn: reconnect ? 'reconnect' : 'connect',
        ...(loaded.requestedScope ? { scope: loaded.requestedScope } : {}),
      },
    },
  );
}

/**
 * The Authorization header for an OAuth server, or null when the server has no OAuth grant
 * record (it uses plain headers). Throws an McpError with `oauth` set when the admin must act.
 */
export async function oauthCredentials({
  db,
  serverId,
  serverUrl,
  sealKey,
  policy,
}: OAuthServerAccess): Promise<OAuthCredentials | null> {
  const loaded = await loadOAuthGrant({ db, serverId, sealKey });
  if (!loaded) return null;
  if (!loaded.grant.tokens || loaded.status !== 'connected') {
    throw notUsable(serverUrl, loaded, loaded.statusReason);
  }
  const grant = needsRefresh(loaded.grant)
    ? await refreshOnce({ db, serverId, sealKey, serverUrl, policy, loaded, force: false })
    : loaded.grant;
  return { headers: bearerHeader(grant) ?? {}, secrets: grantSecrets(grant) };
}

/**
 * New credentials after the MCP server refused `refusedToken` (401) although the grant looked
 * good, for instance because the token expired during a call: the token another process stored
 * since, or else one refresh of our own, whatever the stored expiry says. The sealed grant is
 * updated; a refresh the authorization server refuses marks it Reconnect and throws.
 */
export async function refreshedOAuthCredentials({
  db,
  serverId,
  serverUrl,
  sealKey,
  policy,
  refusedToken,
}: OAuthServerAccess & { refusedToken: string | undefined }): Promise<OAuthCredentials> {
  const loaded = await loadOAuthGrant({ db, serverId, sealKey });
  if (!loaded?.grant.tokens || loaded.status !== 'connected') {
    throw notUsable(serverUrl, loaded ?? missingGrant(serverId), loaded?.statusReason ?? null);
  }
  const grant =
    loaded.grant.tokens?.access_token === refusedToken
      ? await refreshOnce({ db, serverId, sealKey, serverUrl, policy, loaded, force: true })
      : loaded.grant;
  return { headers: bearerHeader(grant) ?? {}, secrets: grantSecrets(grant) };
}

function missingGrant(serverId: string): LoadedOAuthGrant {
  return {
    serverId,
    grant: {},
    status: 'not_connected',
    statusReason: null,
    requestedScope: null,
    tokensVersion: null,
  };
}

/** How long a refresh may hold the lease; past it another process may try. */
const REFRESH_LEASE_MS = 15_000;
const WAIT_STEP_MS = 100;

/** One refresh across processes: ours if we win the lease, else the tokens its holder stores. */
async function refreshOnce({
  db,
  serverId,
  sealKey,
  serverUrl,
  policy,
  loaded,
  force,
}: OAuthServerAccess & { loaded: LoadedOAuthGrant; force: boolean }): Promise<OAuthGrant> {
  const setup = {
    serverUrl,
    redirectUrl: loaded.grant.redirectUrl ?? FALLBACK_REDIRECT,
    policy,
  };
  const claimed = await claimRefresh({
    db,
    serverId,
    tokensVersion: loaded.tokensVersion,
    ms: REFRESH_LEASE_MS,
  });
  return claimed
    ? refreshClaimed({ db, serverId, sealKey, setup, loaded, force })
    : theirRefresh({ db, serverId, sealKey, serverUrl, loaded });
}

async function refreshClaimed({
  db,
  serverId,
  sealKey,
  setup,
  loaded,
  force = false,
}: {
  db: Db;
  serverId: string;
  sealKey: Buffer;
  setup: OAuthSetup;
  loaded: LoadedOAuthGrant;
  /** refresh even when the stored expiry says the token is still good */
  force?: boolean;
}): Promise<OAuthGrant> {
  try {
    const outcome = await refreshIfNeeded({ setup, grant: loaded.grant, force });
    await saveRefreshedGrant({
      db,
      serverId,
      sealKey,
      tokensVersion: loaded.tokensVersion,
      grant: outcome.grant,
    });
    return outcome.grant;
  } catch (error) {
    const failure = isMcpError(error) ? error : new McpError('auth', String(error));
    await releaseRefresh({ db, serverId });
    if (failure.oauth?.signIn === 'reconnect') {
      await markOAuthReconnect({ db, serverId, reason: failure.message });
    }
    throw failure;
  }
}

/** Another process holds the refresh: wait for the tokens it stores (or its failure). */
async function theirRefresh({
  db,
  serverId,
  sealKey,
  serverUrl,
  loaded,
}: {
  db: Db;
  serverId: string;
  sealKey: Buffer;
  serverUrl: string;
  loaded: LoadedOAuthGrant;
}): Promise<OAuthGrant> {
  const deadline = Date.now() + REFRESH_LEASE_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    const again = await loadOAuthGrant({ db, serverId, sealKey });
    if (!again) break;
    if (again.status !== 'connected' || !again.grant.tokens) {
      throw notUsable(serverUrl, again, again.statusReason);
    }
    if (again.tokensVersion !== loaded.tokensVersion) return again.grant;
  }
  throw new McpError(
    'timeout',
    `Refreshing the OAuth access token for ${displayUrl(serverUrl)} took longer than ${REFRESH_LEASE_MS / 1000} s`,
    { notDelivered: true },
  );
}

/**
 * Records what a connection's OAuth refusal means for the grant: Reconnect (with the scope the
 * server asked for), or Connect for a server first found to sign in with OAuth.
 */
export async function recordOAuthRefusal({
  db,
  serverId,
  error,
}: {
  db: Db;
  serverId: string;
  /** an McpError, or a failure described from one (message + oauth) */
  error: { message: string; oauth?: OAuthSignInNeeded | undefined };
}): Promise<void> {
  const { oauth, message } = error;
  if (!oauth) return;
  const scope = oauth.scope;
  if (oauth.signIn === 'reconnect') {
    await markOAuthReconnect({
      db,
      serverId,
      reason: message,
      ...(scope ? { requestedScope: scope } : {}),
    });
  } else {
    await markOAuthNeeded({
      db,
      serverId,
      reason: message,
      ...(scope ? { requestedScope: scope } : {}),
    });
  }
}
