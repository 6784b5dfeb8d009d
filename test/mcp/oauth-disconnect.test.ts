import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthCredentials } from '@/lib/credentials/mcp-credentials';
import { disconnectOAuth } from '@/lib/credentials/oauth-disconnect';
import { getOAuthGrantView, loadOAuthGrant } from '@/lib/db/mcp-oauth';
import { createServer } from '@/lib/db/mcp-servers';
import { McpError } from '@/lib/mcp/errors';
import { refreshIfNeeded } from '@/lib/mcp/oauth';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import {
  loopbackPolicy as policy,
  signedInServer as signedInServerAt,
  startOAuthStack,
  testRedirectUrl as redirectUrl,
  type OAuthStack,
} from '../support/oauth-stack';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * Disconnect against a real authorization server (oidc-provider): the grant is revoked at its
 * revocation endpoint (RFC 7009) and the console forgets the tokens; without an endpoint, or
 * with the authorization server down, the tokens are forgotten all the same and the page says so.
 */

const sealKey = parseSealKey(generateSealKey());
let testDb: TestDb;

function signedInServer({ mcp }: OAuthStack, name: string) {
  return signedInServerAt({ db: testDb.db, name, url: mcp.url, sealKey });
}

function disconnect(serverId: string, serverUrl: string) {
  return disconnectOAuth({ db: testDb.db, serverId, serverUrl, sealKey, policy });
}

async function expectForgotten(id: string, url: string) {
  const loaded = await loadOAuthGrant({ db: testDb.db, serverId: id, sealKey });
  expect(loaded?.grant.tokens).toBeUndefined();
  expect(loaded?.grant.client).toBeDefined(); // the next Connect reuses the registration
  const view = await getOAuthGrantView({ db: testDb.db, serverId: id, sealKey });
  expect(view).toMatchObject({ status: 'not_connected', holdsTokens: false, scope: null });
  // Calls and tests now say the server is not signed in (Connect), not Reconnect.
  const error = await oauthCredentials({
    db: testDb.db,
    serverId: id,
    serverUrl: url,
    sealKey,
    policy,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(McpError);
  expect((error as McpError).oauth?.signIn).toBe('connect');
  return view!;
}

beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb?.cleanup();
});

describe('Disconnect', () => {
  it('revokes the grant at the authorization server and forgets the tokens', async () => {
    const s = await startOAuthStack();
    try {
      const { id, grant } = await signedInServer(s, 'disconnect-revoked');
      const outcome = await disconnect(id, s.mcp.url);
      expect(outcome).toEqual({ kind: 'revoked' });
      // The refresh token (which ends the grant), then the access token, which oidc-provider
      // cannot revoke in its JWT form (400 unsupported_token_type: it lives until it expires).
      expect(s.as.revocations).toEqual([{ status: 200 }, { status: 400 }]);
      const view = await expectForgotten(id, s.mcp.url);
      expect(view.statusReason).toBeNull();
      // The authorization server no longer accepts the old refresh token.
      const refresh = await refreshIfNeeded({
        setup: { serverUrl: s.mcp.url, redirectUrl, policy },
        grant,
        force: true,
      }).catch((e: unknown) => e);
      expect(refresh).toBeInstanceOf(McpError);
      expect((refresh as McpError).oauth?.signIn).toBe('reconnect');
    } finally {
      await s.close();
    }
  });

  it('an authorization server without a revocation endpoint: the tokens are forgotten', async () => {
    const s = await startOAuthStack({ revocation: false });
    try {
      const { id } = await signedInServer(s, 'disconnect-no-endpoint');
      const outcome = await disconnect(id, s.mcp.url);
      expect(outcome).toEqual({ kind: 'not_offered' });
      expect(s.as.revocations).toEqual([]);
      await expectForgotten(id, s.mcp.url);
    } finally {
      await s.close();
    }
  });

  it('an authorization server that is down: the tokens are forgotten, and the page says it was not told', async () => {
    const s = await startOAuthStack();
    const { id, grant } = await signedInServer(s, 'disconnect-as-down');
    await s.as.close();
    try {
      const outcome = await disconnect(id, s.mcp.url);
      expect(outcome.kind).toBe('failed');
      expect(outcome.kind === 'failed' && outcome.reason).toMatch(/could not be reached/);
      const view = await expectForgotten(id, s.mcp.url);
      expect(view.statusReason).toMatch(/could not be asked to revoke them/);
      for (const secret of [grant.tokens!.access_token, grant.tokens!.refresh_token!]) {
        expect(JSON.stringify({ outcome, view })).not.toContain(secret);
      }
    } finally {
      await s.mcp.close();
    }
  });

  it('a server never signed in to: nothing to revoke, nothing asked', async () => {
    const server = await createServer({
      db: testDb.db,
      name: 'disconnect-never',
      url: 'http://127.0.0.1:9/mcp',
      headers: {},
      sealKey,
    });
    const outcome = await disconnect(server.id, server.url);
    expect(outcome).toEqual({ kind: 'nothing_to_revoke' });
  });
});
