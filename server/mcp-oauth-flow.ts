import 'server-only';
import type { Db } from '@/lib/db/client';
import {
  findPendingAuthorization,
  loadOAuthGrant,
  markOAuthReconnect,
  saveOAuthGrant,
} from '@/lib/db/mcp-oauth';
import { getServerSecrets } from '@/lib/db/mcp-servers';
import type { ConsoleEnv } from '@/lib/env/console-env';
import {
  PENDING_AUTHORIZATION_MS,
  beginAuthorization,
  completeAuthorization,
  type OAuthSetup,
} from '@/lib/mcp/oauth';
import { callbackUrl, metadataDocumentClientId } from '@/lib/mcp/client-metadata';

/**
 * The console's side of Connect / Reconnect: the admin's browser goes to the authorization
 * server and comes back to /api/mcp-oauth/callback. Tokens and verifiers stay in the database
 * (sealed); the browser only ever carries the authorization URL, the code and the state.
 */

/**
 * How the console signs in to a server. The registration choice: a client the admin entered is
 * held in the grant and always used; otherwise the SDK registers by the console's client ID
 * metadata document when the authorization server's metadata says
 * `client_id_metadata_document_supported` and the console's address is https (only then is
 * `clientMetadataUrl` set), and by dynamic registration in every other case.
 */
export function oauthSetup(
  env: Pick<ConsoleEnv, 'consoleUrl' | 'mcpUrlPolicy'>,
  serverUrl: string,
): OAuthSetup {
  const clientMetadataUrl = metadataDocumentClientId(env.consoleUrl);
  return {
    serverUrl,
    redirectUrl: callbackUrl(env.consoleUrl),
    ...(clientMetadataUrl ? { clientMetadataUrl } : {}),
    policy: env.mcpUrlPolicy,
  };
}

/** Starts a sign-in; the grant held so far stays usable until the new one arrives. */
export async function startOAuthSignIn({
  db,
  env,
  serverId,
  userId,
}: {
  db: Db;
  env: ConsoleEnv;
  serverId: string;
  userId: string;
}): Promise<{ authorizationUrl: string }> {
  const server = await getServerSecrets({ db, id: serverId, sealKey: env.sealKey });
  const loaded = await loadOAuthGrant({ db, serverId, sealKey: env.sealKey });
  const begun = await beginAuthorization({
    setup: oauthSetup(env, server.url),
    grant: loaded?.grant ?? {},
    ...(loaded?.requestedScope ? { scope: loaded.requestedScope } : {}),
  });
  const held = loaded?.grant.tokens;
  await saveOAuthGrant({
    db,
    serverId,
    sealKey: env.sealKey,
    grant: { ...begun.grant, ...(held ? { tokens: held } : {}) },
    status: loaded?.status ?? 'not_connected',
    statusReason: loaded?.statusReason ?? null,
    pendingUserId: userId,
  });
  return { authorizationUrl: begun.authorizationUrl.href };
}

export type SignInOutcome =
  | { kind: 'connected'; serverId: string }
  | { kind: 'failed'; serverId: string; reason: string }
  | { kind: 'unknown_state' };

/** Finishes the sign-in the callback's `state` belongs to. */
export async function finishOAuthSignIn({
  db,
  env,
  state,
  code,
  error,
  errorDescription,
}: {
  db: Db;
  env: ConsoleEnv;
  state: string;
  code: string | undefined;
  error: string | undefined;
  errorDescription: string | undefined;
}): Promise<SignInOutcome> {
  const pending = await findPendingAuthorization({
    db,
    state,
    sealKey: env.sealKey,
    maxAgeMs: PENDING_AUTHORIZATION_MS,
  });
  if (!pending) return { kind: 'unknown_state' };
  const { serverId } = pending;
  const { pending: _done, ...withoutPending } = pending.grant;
  const fail = async (reason: string): Promise<SignInOutcome> => {
    await saveOAuthGrant({
      db,
      serverId,
      sealKey: env.sealKey,
      grant: withoutPending,
      status: pending.status,
      statusReason: reason,
    });
    if (pending.status === 'connected') await markOAuthReconnect({ db, serverId, reason });
    return { kind: 'failed', serverId, reason };
  };
  if (error || !code) {
    const said = errorDescription ? ` (${errorDescription.slice(0, 200)})` : '';
    return fail(
      `The sign-in did not finish: the authorization server answered ${error ?? 'without a code'}${said}.`,
    );
  }
  const server = await getServerSecrets({ db, id: serverId, sealKey: env.sealKey });
  try {
    const grant = await completeAuthorization({
      setup: oauthSetup(env, server.url),
      grant: pending.grant,
      code,
    });
    await saveOAuthGrant({
      db,
      serverId,
      sealKey: env.sealKey,
      grant,
      status: 'connected',
      statusReason: null,
      requestedScope: null,
    });
    return { kind: 'connected', serverId };
  } catch (failure) {
    return fail(failure instanceof Error ? failure.message : String(failure));
  }
}
