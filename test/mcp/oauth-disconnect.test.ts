import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthCredentials } from '@/lib/credentials/mcp-credentials';
import { disconnectOAuth } from '@/lib/credentials/oauth-disconnect';
import { getOAuthGrantView, loadOAuthGrant, saveOAuthGrant } from '@/lib/db/mcp-oauth';
import { createServer } from '@/lib/db/mcp-servers';
import { McpError } from '@/lib/mcp/errors';
import {
  beginAuthorization,
  completeAuthorization,
  refreshIfNeeded,
  type OAuthGrant,
} from '@/lib/mcp/oauth';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import {
  startAuthorizationServer,
  type AuthorizationServer,
} from '../fixtures/oauth-authorization-server';
import { startOAuthMcpServer, type OAuthMcpServer } from '../fixtures/oauth-mcp-server';
import { signInAtAuthorizationServer } from '../support/oauth-sign-in';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * Disconnect against a real authorization server (oidc-provider): the grant is revoked at its
 * revocation endpoint (RFC 7009) and the console forgets the tokens; without an endpoint, or
 * with the authorization server down, the tokens are forgotten all the same and the page says so.
 */

const policy = { allowPrivate: true, allowList: [] };
const redirectUrl = 'http://127.0.0.1:9/api/mcp-oauth/callback';
const sealKey = parseSealKey(generateSealKey());
let testDb: TestDb;

interface Stack {
  as: AuthorizationServer;
  mcp: OAuthMcpServer;
}

async function stack(options: { revocation?: boolean } = {}): Promise<Stack> {
  const as = await startAuthorizationServer(options);
  const mcp = await startOAuthMcpServer({ issuer: as.issuer });
  as.resources[mcp.url] = { scope: 'mcp:tools' };
  return { as, mcp };
}

async function signedInServer(
  { mcp }: Stack,
  name: string,
): Promise<{ id: string; grant: OAuthGrant }> {
  const server = await createServer({ db: testDb.db, name, url: mcp.url, headers: {}, sealKey });
  const setup = { serverUrl: mcp.url, redirectUrl, policy };
  const begun = await beginAuthorization({ setup, grant: {} });
  const { code } = await signInAtAuthorizationServer(begun.authorizationUrl, { redirectUrl });
  const grant = await completeAuthorization({ setup, grant: begun.grant, code });
  await saveOAuthGrant({ db: testDb.db, serverId: server.id, sealKey, grant, status: 'connected' });
  return { id: server.id, grant };
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
    const s = await stack();
    try {
      const { id, grant } = await signedInServer(s, 'disconnect-revoked');
      const outcome = await disconnectOAuth({
        db: testDb.db,
        serverId: id,
        serverUrl: s.mcp.url,
        sealKey,
        policy,
      });
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
      await s.mcp.close();
      await s.as.close();
    }
  });

  it('an authorization server without a revocation endpoint: the tokens are forgotten', async () => {
    const s = await stack({ revocation: false });
    try {
      const { id } = await signedInServer(s, 'disconnect-no-endpoint');
      const outcome = await disconnectOAuth({
        db: testDb.db,
        serverId: id,
        serverUrl: s.mcp.url,
        sealKey,
        policy,
      });
      expect(outcome).toEqual({ kind: 'not_offered' });
      expect(s.as.revocations).toEqual([]);
      await expectForgotten(id, s.mcp.url);
    } finally {
      await s.mcp.close();
      await s.as.close();
    }
  });

  it('an authorization server that is down: the tokens are forgotten, and the page says it was not told', async () => {
    const s = await stack();
    const { id, grant } = await signedInServer(s, 'disconnect-as-down');
    await s.as.close();
    try {
      const outcome = await disconnectOAuth({
        db: testDb.db,
        serverId: id,
        serverUrl: s.mcp.url,
        sealKey,
        policy,
      });
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
    const outcome = await disconnectOAuth({
      db: testDb.db,
      serverId: server.id,
      serverUrl: 'http://127.0.0.1:9/mcp',
      sealKey,
      policy,
    });
    expect(outcome).toEqual({ kind: 'nothing_to_revoke' });
  });
});
