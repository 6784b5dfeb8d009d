import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';
import {
  beginAuthorization,
  refreshIfNeeded,
  type OAuthGrant,
  type OAuthSetup,
} from '@/lib/mcp/oauth';
import type { AuthorizationServer } from '../fixtures/oauth-authorization-server';
import { startOAuthMcpServer, type OAuthMcpServer } from '../fixtures/oauth-mcp-server';
import {
  callWithGrant,
  loopbackPolicy as policy,
  manualClient,
  manualClientRegistration,
  signInWithOAuth,
  startOAuthStack,
  testRedirectUrl as redirectUrl,
  textOf,
  type OAuthStack,
} from '../support/oauth-stack';

/**
 * The console's OAuth client (lib/mcp/oauth.ts, the SDK's auth()) against a real authorization
 * server (oidc-provider) in front of an MCP server that checks audience and scope.
 */

let stack: OAuthStack;
let as: AuthorizationServer;
let mcp: OAuthMcpServer;

function setupFor(serverUrl: string): OAuthSetup {
  return { serverUrl, redirectUrl, policy };
}

async function connectGrant(serverUrl: string, grant: OAuthGrant = {}, scope?: string) {
  const signedIn = await signInWithOAuth({ setup: setupFor(serverUrl), grant, scope });
  expect(signedIn.state).toBe(signedIn.begun.state);
  return signedIn;
}

async function callWith(serverUrl: string, grant: OAuthGrant, tool: string, args = {}) {
  return callWithGrant({ serverUrl, grant, tool, args });
}

beforeAll(async () => {
  stack = await startOAuthStack({ accessTokenTtl: 3600, scope: 'mcp:tools mcp:write' });
  ({ as, mcp } = stack);
});

afterAll(async () => {
  await stack?.close();
});

describe('a server that signs in with OAuth', () => {
  it('says so on a 401 (Connect), instead of asking for an Authorization header', async () => {
    const error = await connectMcp({ url: mcp.url, policy }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    const mcpError = error as McpError;
    expect(mcpError.code).toBe('auth');
    expect(mcpError.oauth?.signIn).toBe('connect');
    expect(mcpError.oauth?.resourceMetadataUrl).toContain('/.well-known/oauth-protected-resource');
    expect(mcpError.message).toContain('requires an OAuth sign-in');
    expect(mcpError.hint).toContain('Press Connect');
    expect(mcpError.hint).not.toContain('Authorization');
  });

  it('first connect: registers the console, signs in with PKCE and the resource indicator, and the token works', async () => {
    const { begun, grant } = await connectGrant(mcp.url);
    const authorizationUrl = begun.authorizationUrl;
    expect(authorizationUrl.origin).toBe(as.issuer);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('resource')).toBe(mcp.url);
    expect(authorizationUrl.searchParams.get('scope')).toBe('mcp:tools');
    expect(begun.grant.clientSource).toBe('dynamic');
    expect(grant.tokens?.access_token).toBeTruthy();
    expect(grant.tokens?.refresh_token).toBeTruthy();
    expect(grant.pending).toBeUndefined();

    const result = await callWith(mcp.url, grant, 'whoami');
    expect(textOf(result)).toBe('signed in as alice');
    expect(mcp.acceptedTokens).toContain(grant.tokens!.access_token);
  });

  it('refreshes a token close to its expiry and uses the new one; a fresh token is left alone', async () => {
    const { grant } = await connectGrant(mcp.url);
    const setup = setupFor(mcp.url);
    const untouched = await refreshIfNeeded({ setup, grant });
    expect(untouched.refreshed).toBe(false);

    const refreshesBefore = as.refreshes;
    const nearlyExpired: OAuthGrant = {
      ...grant,
      tokens: {
        ...grant.tokens!,
        obtainedAt: Date.now() - (grant.tokens!.expires_in! - 30) * 1000,
      },
    };
    const { grant: refreshed, refreshed: did } = await refreshIfNeeded({
      setup,
      grant: nearlyExpired,
    });
    expect(did).toBe(true);
    expect(as.refreshes).toBe(refreshesBefore + 1);
    expect(refreshed.tokens?.access_token).not.toBe(grant.tokens?.access_token);
    expect(refreshed.tokens?.refresh_token).not.toBe(grant.tokens?.refresh_token); // rotated
    const result = await callWith(mcp.url, refreshed, 'whoami');
    expect(textOf(result)).toBe('signed in as alice');
    expect(mcp.acceptedTokens.at(-1)).toBe(refreshed.tokens!.access_token);
  });

  it('a revoked grant cannot be refreshed and asks for Reconnect', async () => {
    const { grant } = await connectGrant(mcp.url);
    await as.revokeGrantsOf(grant.client!.client_id);
    const error = await refreshIfNeeded({ setup: setupFor(mcp.url), grant, force: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).oauth?.signIn).toBe('reconnect');
    expect((error as McpError).message).toContain('no longer accepts the grant');
    expect((error as McpError).hint).toContain('Reconnect');
  });

  it('a scope the grant lacks is a Reconnect that asks for that scope, and the new grant has it', async () => {
    const { grant } = await connectGrant(mcp.url);
    const error = await callWith(mcp.url, grant, 'write_note', { text: 'hi' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(McpError);
    const lacking = error as McpError;
    expect(lacking.status).toBe(403);
    expect(lacking.oauth).toMatchObject({ signIn: 'reconnect', scope: 'mcp:tools mcp:write' });
    expect(lacking.hint).toContain('mcp:write');
    expect(mcp.calls.some((call) => call.tool === 'write_note')).toBe(false);

    const { begun, grant: wider } = await connectGrant(mcp.url, grant, lacking.oauth!.scope);
    // The first registration was for the narrower scope; the console registers again for this one.
    expect(begun.authorizationUrl.searchParams.get('scope')).toBe('mcp:tools mcp:write');
    const result = await callWith(mcp.url, wider, 'write_note', { text: 'hi' });
    expect(textOf(result)).toBe('noted: hi');
  });

  it('a token for another server (wrong audience) is refused, and says Reconnect', async () => {
    const other = await startOAuthMcpServer({ issuer: as.issuer });
    try {
      as.resources[other.url] = { scope: 'mcp:tools' };
      const { grant } = await connectGrant(mcp.url);
      const error = await callWith(other.url, grant, 'whoami').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).oauth?.signIn).toBe('reconnect');
      expect((error as McpError).message).toContain('refused the console’s OAuth access token');
      expect(other.refusals.some((reason) => /aud/.test(reason))).toBe(true);
      expect(other.calls).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('a server whose metadata names another resource is refused before any token is asked for', async () => {
    const liar = await startOAuthMcpServer({
      issuer: as.issuer,
      advertisedResource: () => mcp.url,
      acceptedAudience: () => mcp.url,
    });
    try {
      const error = await beginAuthorization({ setup: setupFor(liar.url), grant: {} }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).message).toMatch(/does not match/);
    } finally {
      await liar.close();
    }
  });

  it('uses an admin-entered client ID and secret instead of registering', async () => {
    const static_ = await startOAuthStack({ clients: [manualClientRegistration(redirectUrl)] });
    const server = static_.mcp;
    try {
      const manual: OAuthGrant = { client: manualClient, clientSource: 'manual' };
      const { begun, grant } = await connectGrant(server.url, manual);
      expect(begun.authorizationUrl.searchParams.get('client_id')).toBe('console-by-hand');
      expect(grant.clientSource).toBe('manual');
      expect(textOf(await callWith(server.url, grant, 'whoami'))).toBe('signed in as alice');
    } finally {
      await static_.close();
    }
  });
});
