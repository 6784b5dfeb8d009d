import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOAuthGrantView, saveOAuthGrant } from '@/lib/db/mcp-oauth';
import { createServer } from '@/lib/db/mcp-servers';
import {
  CLIENT_METADATA_PATH,
  ClientMetadataDocument,
  callbackUrl,
} from '@/lib/mcp/client-metadata';
import { refreshIfNeeded, type OAuthGrant, type OAuthSetup } from '@/lib/mcp/oauth';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import { oauthSetup } from '@/server/mcp-oauth-flow';
import type { AuthorizationServer } from '../fixtures/oauth-authorization-server';
import type { OAuthMcpServer } from '../fixtures/oauth-mcp-server';
import { startHttpsServer, type HttpsServer } from '../support/https-server';
import {
  callWithGrant,
  loopbackPolicy as mcpUrlPolicy,
  manualClient,
  manualClientRegistration,
  signInWithOAuth,
  startOAuthStack,
  textOf,
  type OAuthStack,
} from '../support/oauth-stack';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * Registering the console by its client ID metadata document (issue 14 item 3), against
 * oidc-provider with the feature on: the console's own route serves the document over HTTPS (a
 * self-signed certificate the authorization server trusts), and the choice between the
 * document, dynamic registration and an admin-entered client is the console's own (oauthSetup).
 */

const sealKey = parseSealKey(generateSealKey());

let console_: HttpsServer;
let documentFetches = 0;
let stack: OAuthStack;
let as: AuthorizationServer;
let mcp: OAuthMcpServer;
let testDb: TestDb;

function signIn(setup: OAuthSetup, grant: OAuthGrant = {}) {
  return signInWithOAuth({ setup, grant });
}

async function whoami(serverUrl: string, grant: OAuthGrant): Promise<string> {
  return textOf(await callWithGrant({ serverUrl, grant, tool: 'whoami', policy: mcpUrlPolicy }));
}

beforeAll(async () => {
  // The console itself, as far as the document goes: its real route handler, served over HTTPS
  // at the address CONSOLE_URL names (set before the route first reads the environment).
  console_ = await startHttpsServer(async (request) => {
    if (new URL(request.url).pathname !== CLIENT_METADATA_PATH)
      return new Response(null, { status: 404 });
    documentFetches++;
    const { GET } = await import('@/app/api/mcp-oauth/client-metadata/route');
    return GET(request);
  });
  process.env.CONSOLE_URL = console_.url;
  stack = await startOAuthStack({ clientIdMetadataDocument: { ca: console_.ca } });
  ({ as, mcp } = stack);
  testDb = await createTestDb();
});

afterAll(async () => {
  await stack?.close();
  await console_?.close();
  await testDb?.cleanup();
});

describe('the client ID metadata document', () => {
  it('is served publicly at its own URL, with the console’s callback and no secret', async () => {
    const { GET } = await import('@/app/api/mcp-oauth/client-metadata/route');
    const response = await GET(new Request(`${console_.url}${CLIENT_METADATA_PATH}`));
    expect(response.status).toBe(200);
    const document = ClientMetadataDocument.parse(await response.json());
    expect(document).toEqual({
      client_id: `${console_.url}${CLIENT_METADATA_PATH}`,
      client_name: 'Voice Console',
      redirect_uris: [callbackUrl(console_.url)],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
  });

  it('registers the console when the server supports it and the console is https: the authorization server fetched the document, no registration request was made', async () => {
    const setup = oauthSetup({ consoleUrl: console_.url, mcpUrlPolicy }, mcp.url);
    const [fetchesBefore, registrationsBefore] = [documentFetches, as.registrations];
    const { begun, grant } = await signIn(setup);
    const clientId = `${console_.url}${CLIENT_METADATA_PATH}`;
    expect(begun.authorizationUrl.searchParams.get('client_id')).toBe(clientId);
    expect(grant.client?.client_id).toBe(clientId);
    expect(grant.clientSource).toBe('metadata_document');
    expect(documentFetches).toBeGreaterThan(fetchesBefore);
    expect(as.registrations).toBe(registrationsBefore);
    expect(await whoami(mcp.url, grant)).toBe('signed in as alice');

    // The same client refreshes (a public client: no secret), and the page says how it registered.
    const refreshed = await refreshIfNeeded({ setup, grant, force: true });
    expect(refreshed.grant.tokens?.access_token).not.toBe(grant.tokens?.access_token);
    expect(await whoami(mcp.url, refreshed.grant)).toBe('signed in as alice');
    const server = await createServer({
      db: testDb.db,
      name: 'cimd',
      url: mcp.url,
      headers: {},
      sealKey,
    });
    await saveOAuthGrant({
      db: testDb.db,
      serverId: server.id,
      sealKey,
      grant,
      status: 'connected',
    });
    const view = await getOAuthGrantView({ db: testDb.db, serverId: server.id, sealKey });
    expect(view?.clientSource).toBe('metadata_document');
    expect(as.registrations).toBe(registrationsBefore);
  });

  it('falls back to dynamic registration when the console is plain HTTP', async () => {
    const setup = oauthSetup({ consoleUrl: 'http://127.0.0.1:9', mcpUrlPolicy }, mcp.url);
    expect(setup.clientMetadataUrl).toBeUndefined();
    const [fetchesBefore, registrationsBefore] = [documentFetches, as.registrations];
    const { grant } = await signIn(setup);
    expect(grant.clientSource).toBe('dynamic');
    expect(grant.client?.client_id).not.toContain(CLIENT_METADATA_PATH);
    expect(as.registrations).toBe(registrationsBefore + 1);
    expect(documentFetches).toBe(fetchesBefore);
    expect(await whoami(mcp.url, grant)).toBe('signed in as alice');
  });

  it('falls back to dynamic registration when the authorization server does not support it', async () => {
    const plain = await startOAuthStack();
    const server = plain.mcp;
    try {
      const setup = oauthSetup({ consoleUrl: console_.url, mcpUrlPolicy }, server.url);
      expect(setup.clientMetadataUrl).toBe(`${console_.url}${CLIENT_METADATA_PATH}`);
      const fetchesBefore = documentFetches;
      const { grant } = await signIn(setup);
      expect(grant.clientSource).toBe('dynamic');
      expect(plain.as.registrations).toBe(1);
      expect(documentFetches).toBe(fetchesBefore);
      expect(await whoami(server.url, grant)).toBe('signed in as alice');
    } finally {
      await plain.close();
    }
  });

  it('uses an admin-entered client even where the document would do', async () => {
    const redirectUrl = callbackUrl(console_.url);
    const withClient = await startOAuthStack({
      clientIdMetadataDocument: { ca: console_.ca },
      clients: [manualClientRegistration(redirectUrl)],
    });
    const server = withClient.mcp;
    try {
      const setup = oauthSetup({ consoleUrl: console_.url, mcpUrlPolicy }, server.url);
      const fetchesBefore = documentFetches;
      const { begun, grant } = await signIn(setup, {
        client: manualClient,
        clientSource: 'manual',
      });
      expect(begun.authorizationUrl.searchParams.get('client_id')).toBe('console-by-hand');
      expect(grant.clientSource).toBe('manual');
      expect(documentFetches).toBe(fetchesBefore);
      expect(withClient.as.registrations).toBe(0);
      expect(await whoami(server.url, grant)).toBe('signed in as alice');
    } finally {
      await withClient.close();
    }
  });

  it('registers again when the console’s address changed since its document-based client', async () => {
    const moved = oauthSetup({ consoleUrl: 'http://127.0.0.1:9', mcpUrlPolicy }, mcp.url);
    const old: OAuthGrant = {
      client: { client_id: `${console_.url}${CLIENT_METADATA_PATH}`, issuer: as.issuer },
      clientSource: 'metadata_document',
    };
    const registrationsBefore = as.registrations;
    const { grant } = await signIn(moved, old);
    expect(grant.clientSource).toBe('dynamic');
    expect(as.registrations).toBe(registrationsBefore + 1);
  });
});
