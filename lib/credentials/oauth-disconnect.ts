import { forgetOAuthTokens, loadOAuthGrant } from '../db/mcp-oauth';
import { revokeGrant, type RevocationOutcome } from '../mcp/oauth-revoke';
import type { OAuthServerAccess } from './mcp-credentials';

/**
 * Disconnect: the authorization server is asked to revoke the grant's tokens when it offers a
 * revocation endpoint, and the console forgets them whatever it answered (an admin who presses
 * Disconnect must not find the tokens still used because the authorization server was down).
 * The server then shows Connect; calls say it is not signed in.
 */
export async function disconnectOAuth({
  db,
  serverId,
  serverUrl,
  sealKey,
  policy,
}: OAuthServerAccess): Promise<RevocationOutcome> {
  const loaded = await loadOAuthGrant({ db, serverId, sealKey });
  if (!loaded) return { kind: 'nothing_to_revoke' };
  const outcome = await revokeGrant({ setup: { serverUrl, policy }, grant: loaded.grant });
  await forgetOAuthTokens({
    db,
    serverId,
    reason:
      outcome.kind === 'failed'
        ? `Disconnected. The console forgot its tokens, but the authorization server could not be asked to revoke them: ${outcome.reason}.`
        : null,
  });
  return outcome;
}
