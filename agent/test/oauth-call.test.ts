import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listCallEventsWithDetail } from '@/lib/db/call-events';
import { getOAuthGrantView, loadOAuthGrant } from '@/lib/db/mcp-oauth';
import { generateSealKey, parseSealKey } from '@/lib/seal';
import type { AuthorizationServer } from '@/test/fixtures/oauth-authorization-server';
import type { OAuthMcpServer } from '@/test/fixtures/oauth-mcp-server';
import { saveSignedInGrant, startOAuthStack, type OAuthStack } from '@/test/support/oauth-stack';
import { createTestDb, type TestDb } from '@/test/support/test-db';
import { startCallHarness, type CallHarness } from './support/call-harness';
import { callTool, text } from './support/scripted-realtime-server';
import { seedCall, type SeedServer } from './support/seed';

/**
 * The agent with an MCP server that signs in with OAuth: at call start it refreshes the grant's
 * expiring access token (a real authorization server, oidc-provider), the model's tool call
 * reaches the server with the new token, and a revoked grant is a notice, not silence. A token
 * the server stops accepting during the call is renewed once and the tool call sent again.
 */

const sealKey = parseSealKey(generateSealKey());
let t: TestDb;
let stack: OAuthStack;
let as: AuthorizationServer;
let mcp: OAuthMcpServer;
let harness: CallHarness | undefined;

function notesServer(name: string): SeedServer {
  return { name, url: mcp.url, tools: [{ name: 'whoami' }] };
}

/** Seeds the server and signs the console in to it, as Connect would. */
async function signedIn(name: string, db = t.db) {
  const { serverIds } = await seedCall({ db, sealKey, servers: [notesServer(name)] });
  const serverId = serverIds[name]!;
  const grant = await saveSignedInGrant({ db, serverId, url: mcp.url, sealKey });
  return { serverId, grant };
}

beforeAll(async () => {
  t = await createTestDb();
  // 30 s tokens: inside the refresh margin, so a call start always refreshes.
  stack = await startOAuthStack({ accessTokenTtl: 30 });
  ({ as, mcp } = stack);
});
afterEach(async () => {
  await harness?.end();
  harness = undefined;
});
afterAll(async () => {
  await stack?.close();
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

describe('a token that stops working during the call', () => {
  // A database of its own per test: the call offers only that test's server (tool "whoami").
  let own: TestDb;
  beforeEach(async () => {
    own = await createTestDb();
  });
  afterEach(async () => {
    await harness?.end();
    harness = undefined;
    await own?.cleanup();
  });

  async function storedToken(serverId: string) {
    return (await loadOAuthGrant({ db: own.db, serverId, sealKey }))!.grant.tokens!;
  }

  it('is refreshed once, stored sealed, and the tool call is sent again with the new token', async () => {
    const { serverId } = await signedIn('expiring-notes', own.db);
    harness = await startCallHarness({
      db: own.db,
      sealKey,
      servers: [notesServer('expiring-notes')],
    });
    const h = harness;
    const atStart = await storedToken(serverId);
    const refreshesBefore = as.refreshes;
    const callsBefore = mcp.calls.length;
    mcp.expireTokens();

    h.rt.script(callTool('whoami', {}, 'call_expired_1'), text('You are alice.'));
    h.running.session.generateReply({ userInput: 'Who am I signed in as?' });
    const outcome = await h.waitForToolOutcome('call_expired_1');
    expect(outcome.error).toBeUndefined();
    expect(outcome.state).toBe('done');
    const output = await h.rt.waitForFunctionCallOutput('call_expired_1');
    expect(JSON.parse(output.output)).toContain('signed in as alice');
    expect(as.refreshes).toBe(refreshesBefore + 1);
    expect(mcp.refusals.at(-1)).toBe('token expired');
    expect(mcp.calls.length).toBe(callsBefore + 1);

    const renewed = await storedToken(serverId);
    expect(renewed.access_token).not.toBe(atStart.access_token);
    expect(mcp.acceptedTokens.at(-1)).toBe(renewed.access_token);
    expect((await getOAuthGrantView({ db: own.db, serverId, sealKey }))?.status).toBe('connected');
    // No token or refresh token in what the model got, the events or the logs.
    const stored = await listCallEventsWithDetail({ db: own.db, callId: h.seeded.callId });
    for (const seen of [h.rt.received, h.published, stored, h.logs]) {
      const text = JSON.stringify(seen);
      for (const secret of [renewed.access_token, renewed.refresh_token!, atStart.access_token]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(h.published.some((e) => e.type === 'notice')).toBe(false);
    expect(h.logs.some((l) => l.message.includes('renewed during the call'))).toBe(true);
  });

  it('a refresh the authorization server refuses: a notice, the call fails auth_required, Reconnect shown', async () => {
    const { serverId, grant } = await signedIn('revoked-mid-call', own.db);
    harness = await startCallHarness({
      db: own.db,
      sealKey,
      servers: [notesServer('revoked-mid-call')],
    });
    const h = harness;
    await as.revokeGrantsOf(grant.client!.client_id);
    mcp.expireTokens();
    const callsBefore = mcp.calls.length;

    h.rt.script(callTool('whoami', {}, 'call_revoked_mid'), text('I could not reach it.'));
    h.running.session.generateReply({ userInput: 'Who am I?' });
    const outcome = await h.waitForToolOutcome('call_revoked_mid');
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'auth_required' } });
    const output = await h.rt.waitForFunctionCallOutput('call_revoked_mid');
    expect(output.output).toMatch(/^auth_required: .*press Reconnect/);
    const notice = await h.waitForEvent((e) => e.type === 'notice');
    expect(notice).toMatchObject({ level: 'error', code: 'mcp_oauth_sign_in_needed' });
    expect(JSON.stringify(notice)).toContain('Reconnect');
    expect(mcp.calls.length).toBe(callsBefore);
    expect((await getOAuthGrantView({ db: own.db, serverId, sealKey }))?.status).toBe('reconnect');
  });

  it('a server that refuses the renewed token too: one refresh only, then auth_required', async () => {
    const { serverId } = await signedIn('refusing-notes', own.db);
    harness = await startCallHarness({
      db: own.db,
      sealKey,
      servers: [notesServer('refusing-notes')],
    });
    const h = harness;
    const refreshesBefore = as.refreshes;
    mcp.refuseAllTokens = true;
    try {
      h.rt.script(
        callTool('whoami', {}, 'call_refused_1'),
        text('It refused.'),
        callTool('whoami', {}, 'call_refused_2'),
        text('Still refused.'),
      );
      h.running.session.generateReply({ userInput: 'Who am I?' });
      expect(await h.waitForToolOutcome('call_refused_1')).toMatchObject({
        state: 'failed',
        error: { code: 'auth_required' },
      });
      expect(as.refreshes).toBe(refreshesBefore + 1);
      expect((await getOAuthGrantView({ db: own.db, serverId, sealKey }))?.status).toBe(
        'reconnect',
      );
      // The next call asks no refresh of a grant marked Reconnect, and the notice is not repeated.
      h.running.session.generateReply({ userInput: 'Try again.' });
      expect(await h.waitForToolOutcome('call_refused_2')).toMatchObject({
        state: 'failed',
        error: { code: 'auth_required' },
      });
      expect(as.refreshes).toBe(refreshesBefore + 1);
      expect(h.published.filter((e) => e.type === 'notice')).toHaveLength(1);
    } finally {
      mcp.refuseAllTokens = false;
    }
  });
});
