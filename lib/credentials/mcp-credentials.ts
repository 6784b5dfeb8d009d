import type { Db } from '../db/client';
import {
  loadOAuthGrant,
  markOAuthNeeded,
  markOAuthReconnect,
  saveRefreshedGrant,
  type LoadedOAuthGrant,
} from '../db/mcp-oauth';
import { McpError, displayUrl, isMcpError } from '../mcp/errors';
import { bearerHeader, grantSecrets, refreshIfNeeded } from '../mcp/oauth';
import type { UrlPolicy } from '../mcp/types';

/**
 * The OAuth part of what the console and the agent send an MCP server: the grant's access token,
 * refreshed first when it is about to expire, and the grant marked Reconnect when the
 * authorization server or the MCP server refuses it. Shared by both processes, so the console's
 * test and the agent's call start refresh the same way.
 */

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
}: {
  db: Db;
  serverId: string;
  serverUrl: string;
  sealKey: Buffer;
  policy: UrlPolicy;
}): Promise<OAuthCredentials | null> {
  const loaded = await loadOAuthGrant({ db, serverId, sealKey });
  if (!loaded) return null;
  if (!loaded.grant.tokens || loaded.status !== 'connected') {
    throw notUsable(serverUrl, loaded, loaded.statusReason);
  }
  const setup = {
    serverUrl,
    redirectUrl: loaded.grant.redirectUrl ?? FALLBACK_REDIRECT,
    policy,
  };
  let grant = loaded.grant;
  try {
    const outcome = await refreshIfNeeded({ setup, grant });
    if (outcome.refreshed) {
      const stored = await saveRefreshedGrant({
        db,
        serverId,
        sealKey,
        tokensVersion: loaded.tokensVersion,
        grant: outcome.grant,
      });
      // Someone else refreshed meanwhile: theirs is the one the authorization server knows now.
      grant = stored
        ? outcome.grant
        : ((await reloadFresh(db, serverId, sealKey)) ?? outcome.grant);
    }
  } catch (error) {
    // A rotated refresh token works once: a refusal may only mean another process refreshed first.
    const theirs = await reloadFresh(db, serverId, sealKey);
    if (theirs && theirs.tokens?.access_token !== loaded.grant.tokens.access_token) {
      grant = theirs;
    } else {
      const failure = isMcpError(error) ? error : new McpError('auth', String(error));
      await markOAuthReconnect({ db, serverId, reason: failure.message });
      throw failure;
    }
  }
  return { headers: bearerHeader(grant) ?? {}, secrets: grantSecrets(grant) };
}

async function reloadFresh(db: Db, serverId: string, sealKey: Buffer) {
  const again = await loadOAuthGrant({ db, serverId, sealKey });
  if (!again?.grant.tokens || again.status !== 'connected') return undefined;
  return again.grant;
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
  error: unknown;
}): Promise<void> {
  if (!isMcpError(error) || !error.oauth) return;
  const scope = error.oauth.scope;
  if (error.oauth.signIn === 'reconnect') {
    await markOAuthReconnect({
      db,
      serverId,
      reason: error.message,
      ...(scope ? { requestedScope: scope } : {}),
    });
  } else {
    await markOAuthNeeded({
      db,
      serverId,
      reason: error.message,
      ...(scope ? { requestedScope: scope } : {}),
    });
  }
}
