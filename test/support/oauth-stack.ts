import type { ClientMetadata } from 'oidc-provider';
import type { Db } from '@/lib/db/client';
import { saveOAuthGrant } from '@/lib/db/mcp-oauth';
import { createServer } from '@/lib/db/mcp-servers';
import { connectMcp } from '@/lib/mcp/client';
import {
  bearerHeader,
  beginAuthorization,
  completeAuthorization,
  type OAuthGrant,
  type OAuthSetup,
} from '@/lib/mcp/oauth';
import type { UrlPolicy } from '@/lib/mcp/types';
import {
  startAuthorizationServer,
  type AuthorizationServer,
  type AuthorizationServerOptions,
} from '../fixtures/oauth-authorization-server';
import { startOAuthMcpServer, type OAuthMcpServer } from '../fixtures/oauth-mcp-server';
import { signInAtAuthorizationServer } from './oauth-sign-in';

/**
 * The OAuth tests' shared setup: a real authorization server (oidc-provider) with an MCP server
 * behind it, signing in the way Connect does, and calling a tool with the grant's token.
 */

/** The fixtures listen on loopback, which the console's default URL policy refuses. */
export const loopbackPolicy: UrlPolicy = { allowPrivate: true, allowList: [] };

/** A callback address nothing listens on: the sign-in helper stops at the redirect to it. */
export const testRedirectUrl = 'http://127.0.0.1:9/api/mcp-oauth/callback';

export interface OAuthStack {
  as: AuthorizationServer;
  mcp: OAuthMcpServer;
  close(): Promise<void>;
}

/** An authorization server and an MCP server it issues tokens for (the scope given). */
export async function startOAuthStack({
  scope = 'mcp:tools',
  ...options
}: AuthorizationServerOptions & { scope?: string } = {}): Promise<OAuthStack> {
  const as = await startAuthorizationServer(options);
  const mcp = await startOAuthMcpServer({ issuer: as.issuer });
  as.resources[mcp.url] = { scope };
  return {
    as,
    mcp,
    async close() {
      await mcp.close();
      await as.close();
    },
  };
}

/** Begin, sign in as a person does in a browser, complete: the grant Connect would store. */
export async function signInWithOAuth({
  setup,
  grant = {},
  scope,
}: {
  setup: OAuthSetup;
  grant?: OAuthGrant;
  scope?: string;
}) {
  const begun = await beginAuthorization({ setup, grant, ...(scope ? { scope } : {}) });
  const { code, state } = await signInAtAuthorizationServer(begun.authorizationUrl, {
    redirectUrl: setup.redirectUrl,
  });
  const signedIn = await completeAuthorization({ setup, grant: begun.grant, code });
  return { begun, state, grant: signedIn };
}

/** Signs in to the MCP server at `url` and stores the grant on `serverId`, as Connect would. */
export async function saveSignedInGrant({
  db,
  serverId,
  url,
  sealKey,
}: {
  db: Db;
  serverId: string;
  url: string;
  sealKey: Buffer;
}): Promise<OAuthGrant> {
  const setup = { serverUrl: url, redirectUrl: testRedirectUrl, policy: loopbackPolicy };
  const { grant } = await signInWithOAuth({ setup });
  await saveOAuthGrant({ db, serverId, sealKey, grant, status: 'connected' });
  return grant;
}

/** A console server row for the MCP server at `url`, signed in and stored. */
export async function signedInServer({
  db,
  name,
  url,
  sealKey,
}: {
  db: Db;
  name: string;
  url: string;
  sealKey: Buffer;
}): Promise<{ id: string; grant: OAuthGrant }> {
  const server = await createServer({ db, name, url, headers: {}, sealKey });
  const grant = await saveSignedInGrant({ db, serverId: server.id, url, sealKey });
  return { id: server.id, grant };
}

/** One tool call with the grant's access token, on a connection closed afterwards. */
export async function callWithGrant({
  serverUrl,
  grant,
  tool,
  args = {},
  policy = loopbackPolicy,
}: {
  serverUrl: string;
  grant: OAuthGrant;
  tool: string;
  args?: Record<string, unknown>;
  policy?: UrlPolicy;
}) {
  const connection = await connectMcp({
    url: serverUrl,
    headers: bearerHeader(grant) ?? {},
    oauthGrant: true,
    policy,
  });
  try {
    return await connection.callTool(tool, args, { timeoutMs: 5_000 });
  } finally {
    await connection.close();
  }
}

export function textOf(result: { content: Array<Record<string, unknown>> }): string {
  return result.content.map((block) => String(block.text ?? '')).join('');
}

/** A client an admin entered by hand: its ID and secret, as the console's grant holds them. */
export const manualClient = {
  client_id: 'console-by-hand',
  client_secret: 'a-long-client-secret-entered-by-the-admin',
};

/** The same client as the authorization server has it pre-registered. */
export function manualClientRegistration(redirectUrl: string): ClientMetadata {
  return {
    ...manualClient,
    redirect_uris: [redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  };
}
