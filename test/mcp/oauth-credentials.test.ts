import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthCredentials, recordOAuthRefusal } from '@/lib/credentials/mcp-credentials';
import { getOAuthGrantView, loadOAuthGrant } from '@/lib/db/mcp-oauth';
import { createServer } from '@/lib/db/mcp-servers';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import type { AuthorizationServer } from '../fixtures/oauth-authorization-server';
import type { OAuthMcpServer } from '../fixtures/oauth-mcp-server';
import {
  loopbackPolicy as policy,
  signedInServer as signedInServerAt,
  startOAuthStack,
  type OAuthStack,
} from '../support/oauth-stack';
import { createTestDb, type TestDb } from '../support/test-db';

/** The grant as stored (sealed) and used by the console and the agent: refresh, races, Reconnect. */

const sealKey = parseSealKey(generateSealKey());

let stack: OAuthStack;
let as: AuthorizationServer;
let mcp: OAuthMcpServer;
let testDb: TestDb;

function signedInServer(name: string) {
  return signedInServerAt({ db: testDb.db, name, url: mcp.url, sealKey });
}

/** What a call or a test of the server would send it (the grant refreshed first when due). */
function credentialsOf(serverId: string, serverUrl = mcp.url) {
  return oauthCredentials({ db: testDb.db, serverId, serverUrl, sealKey, policy });
}

beforeAll(async () => {
  // Tokens live 30 s: inside the refresh margin, so every use starts with a refresh.
  stack = await startOAuthStack({ accessTokenTtl: 30 });
  ({ as, mcp } = stack);
  testDb = await createTestDb();
});

afterAll(async () => {
  await stack?.close();
  await testDb?.cleanup();
});

describe('stored OAuth grants', () => {
  it('keeps tokens and the client secret sealed, and shows pages no secret', async () => {
    const { id, grant } = await signedInServer('sealed');
    const row = await testDb.db.mcpOAuthGrant.findUniqueOrThrow({ where: { serverId: id } });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(grant.tokens!.access_token);
    expect(stored).not.toContain(grant.tokens!.refresh_token!);
    const view = await getOAuthGrantView({ db: testDb.db, serverId: id, sealKey });
    expect(view?.status).toBe('connected');
    expect(JSON.stringify(view)).not.toContain(grant.tokens!.access_token);
  });

  it('refreshes an expiring token before use, stores the new one, and the server accepts it', async () => {
    const { id, grant } = await signedInServer('refresh');
    const refreshesBefore = as.refreshes;
    const credentials = await credentialsOf(id);
    expect(as.refreshes).toBe(refreshesBefore + 1);
    const token = credentials!.headers.Authorization!.replace('Bearer ', '');
    expect(token).not.toBe(grant.tokens!.access_token);
    const stored = await loadOAuthGrant({ db: testDb.db, serverId: id, sealKey });
    expect(stored?.grant.tokens?.access_token).toBe(token);
    const connection = await connectMcp({
      url: mcp.url,
      headers: credentials!.headers,
      oauthGrant: true,
      policy,
    });
    await connection.listTools();
    await connection.close();
    expect(mcp.acceptedTokens.at(-1)).toBe(token);
  });

  it('two refreshes at once (console and agent) present the refresh token once, and the grant survives', async () => {
    const { id } = await signedInServer('race');
    const refreshesBefore = as.refreshes;
    const both = await Promise.all([1, 2].map(() => credentialsOf(id)));
    // A rotated refresh token presented twice would make the server revoke the whole grant.
    expect(as.refreshes).toBe(refreshesBefore + 1);
    expect(both[0]?.headers.Authorization).toBe(both[1]?.headers.Authorization);
    const view = await getOAuthGrantView({ db: testDb.db, serverId: id, sealKey });
    expect(view?.status).toBe('connected');
    // The grant still refreshes afterwards.
    const later = await credentialsOf(id);
    expect(as.refreshes).toBe(refreshesBefore + 2);
    expect(later?.headers.Authorization).not.toBe(both[0]?.headers.Authorization);
  });

  it('a revoked grant is marked Reconnect with the reason, and stays so until the admin acts', async () => {
    const { id, grant } = await signedInServer('revoked');
    await as.revokeGrantsOf(grant.client!.client_id);
    const error = await credentialsOf(id).catch((e: unknown) => e);
    expect((error as McpError).oauth?.signIn).toBe('reconnect');
    const view = await getOAuthGrantView({ db: testDb.db, serverId: id, sealKey });
    expect(view?.status).toBe('reconnect');
    expect(view?.statusReason).toContain('no longer accepts the grant');
    const again = await credentialsOf(id).catch((e: unknown) => e);
    expect((again as McpError).message).toContain('needs Reconnect');
  });

  it('a server that refuses the token marks the grant Reconnect, with the scope it asked for', async () => {
    const { id } = await signedInServer('refused');
    await recordOAuthRefusal({
      db: testDb.db,
      serverId: id,
      error: new McpError('auth', 'the server needs mcp:write', {
        oauth: { signIn: 'reconnect', scope: 'mcp:tools mcp:write' },
      }),
    });
    const view = await getOAuthGrantView({ db: testDb.db, serverId: id, sealKey });
    expect(view).toMatchObject({ status: 'reconnect', requestedScope: 'mcp:tools mcp:write' });
  });

  it('a server without a grant record uses its headers (null)', async () => {
    const server = await createServer({
      db: testDb.db,
      name: 'plain',
      url: 'http://127.0.0.1:9/mcp',
      headers: {},
      sealKey,
    });
    expect(await credentialsOf(server.id, server.url)).toBeNull();
  });
});
