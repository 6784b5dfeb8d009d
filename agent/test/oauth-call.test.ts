import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getOAuthGrantView, loadOAuthGrant, saveOAuthGrant } from '@/lib/db/mcp-oauth';
import { beginAuthorization, completeAuthorization } from '@/lib/mcp/oauth';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import {
  startAuthorizationServer,
  type AuthorizationServer,
} from '@/test/fixtures/oauth-authorization-server';
import { startOAuthMcpServer, type OAuthMcpServer } from '@/test/fixtures/oauth-mcp-server';
import { signInAtAuthorizationServer } from '@/test/support/oauth-sign-in';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { startCallHarness, type CallHarness } from './support/call-harness';
import { callTool, text } from './support/scripted-realtime-server';
import { seedCall, type SeedServer } from './support/seed';

/**
 * The agent with an MCP server that signs in with OAuth: at call start it refreshes the grant's
 * expiring access token (a real authorization server, oidc-provider), the model's tool call
 * reaches the server with the new token, and a revoked grant is a notice, not silence.
 */

const sealKey = parseSealKey(generateSealKey());
const policy = { allowPrivate: true, allowList: [] };
const redirectUrl = 'http://127.0.0.1:9/api/mcp-oauth/callback';
let t: TestDb;
let as: AuthorizationServer;
let mcp: OAuthMcpServer;
let harness: CallHarness | undefined;

function notesServer(name: string): SeedServer {
  return { name, url: mcp.url, tools: [{ name: 'whoami' }] };
}

/** Seeds the server and signs the console in to it, as Connect would. */
async function signedIn(name: string) {
  const { serverIds } = await seedCall({ db: t.db, sealKey, servers: [notesServer(name)] });
  const serverId = serverIds[name]!;
  const setup = { serverUrl: mcp.url, redirectUrl, policy };
  const begun = await beginAuthorization({ setup, grant: {} });
  const { code } = await signInAtAuthorizationServer(begun.authorizationUrl, { redirectUrl });
  const grant = await completeAuthorization({ setup, grant: begun.grant, code });
  await saveOAuthGrant({ db: t.db, serverId, sealKey, grant, status: 'connected' });
  return { serverId, grant };
}

beforeAll(async () => {
  t = await createTestDb();
  // 30 s tokens: inside the refresh margin, so a call start always refreshes.
  as = await startAuthorizationServer({ accessTokenTtl: 30 });
  mcp = await startOAuthMcpServer({ issuer: as.issuer });
  as.resources[mcp.url] = { scope: 'mcp:tools' };
});
afterEach(async () => {
  await harness?.end();
  harness = undefined;
});
afterAll(async () => {
  await mcp?.close();
  await as?.close();
  await t?.cleanup();
});

describe('a call with an OAuth MCP server', () => {
  it('refreshes the token at call start and the tool call reaches the server with it', async () => {
    const { serverId, grant } = await signedIn('notes');
    const refreshesBefore = as.refreshes;
    harness = await startCallHarness({ db: t.db, sealKey, servers: [notesServer('notes')] });
    const h = harness;
    expect(as.refreshes).toBe(refreshesBefore + 1);
    const stored = await loadOAuthGrant({ db: t.db, serverId, sealKey });
    const refreshedToken = stored!.grant.tokens!.access_token;
    expect(refreshedToken).not.toBe(grant.tokens!.access_token);

    h.rt.script(callTool('whoami', {}, 'call_whoami_1'), text('You are alice.'));
    h.running.session.generateReply({ userInput: 'Who am I signed in as?' });
    const outcome = await h.waitForToolOutcome('call_whoami_1');
    expect(outcome.state).toBe('done');
    const output = await h.rt.waitForFunctionCallOutput('call_whoami_1');
    expect(JSON.parse(output.output)).toContain('signed in as alice');
    expect(mcp.acceptedTokens.at(-1)).toBe(refreshedToken);
    expect(mcp.calls.at(-1)).toMatchObject({ tool: 'whoami', sub: 'alice' });
    // The token never reaches the call's events.
    expect(JSON.stringify(h.published)).not.toContain(refreshedToken);
    expect(h.published.some((e) => e.type === 'notice')).toBe(false);
  });

  it('a revoked grant: a notice that says Reconnect, the tool fails, and the console shows Reconnect', async () => {
    const { serverId, grant } = await signedIn('revoked-notes');
    await as.revokeGrantsOf(grant.client!.client_id);
    harness = await startCallHarness({
      db: t.db,
      sealKey,
      servers: [notesServer('revoked-notes')],
    });
    const h = harness;
    const notice = await h.waitForEvent((e) => e.type === 'notice');
    expect(notice).toMatchObject({ level: 'error', code: 'mcp_server_unavailable' });
    expect(JSON.stringify(notice)).toContain('Reconnect');
    const view = await getOAuthGrantView({ db: t.db, serverId, sealKey });
    expect(view?.status).toBe('reconnect');

    const callsBefore = mcp.calls.length;
    h.rt.script(callTool('whoami', {}, 'call_whoami_2'), text('I could not reach it.'));
    h.running.session.generateReply({ userInput: 'Who am I?' });
    const outcome = await h.waitForToolOutcome('call_whoami_2');
    expect(outcome.state).toBe('failed');
    expect(mcp.calls.length).toBe(callsBefore);
  });
});
