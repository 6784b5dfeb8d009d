'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { disconnectOAuth } from '@/lib/credentials/oauth-disconnect';
import { setManualOAuthClient } from '@/lib/db/mcp-oauth';
import { requireServerRecord } from '@/lib/db/mcp-servers';
import { consoleEnv } from '@/lib/env/console-env';
import { isMcpError } from '@/lib/mcp/errors';
import type { RevocationOutcome } from '@/lib/mcp/oauth-revoke';
import { adminAction } from '@/server/define-action';
import { describeFailure, mcpFailureError } from '@/server/mcp-operations';
import { startOAuthSignIn } from '@/server/mcp-oauth-flow';

const Id = z.string().min(1).max(100);
const ServerRef = z.object({ id: Id });
const OAuthClient = z.object({
  id: Id,
  clientId: z
    .string()
    .trim()
    .min(1, 'Enter the client ID the authorization server gave you.')
    .max(500, 'Use at most 500 characters.'),
  /** empty: a public client (PKCE only) */
  clientSecret: z.string().trim().max(2_000, 'Use at most 2000 characters.'),
});

/**
 * Connect / Reconnect: the authorization server's sign-in page for this server, for the admin's
 * browser to open. The console registers itself there first when it holds no client.
 */
export const connectMcpOAuth = adminAction(
  ServerRef,
  async (input, { user }): Promise<{ authorizationUrl: string }> => {
    const db = getDb();
    const server = await requireServerRecord(db, input.id);
    const started = await startOAuthSignIn({
      db,
      env: consoleEnv(),
      serverId: input.id,
      userId: user.id,
    }).catch((error: unknown) => {
      // The authorization server could not be found or refused to register us: a failed probe.
      if (!isMcpError(error)) throw error;
      throw mcpFailureError(describeFailure(error));
    });
    console.info(`[tools] ${user.email} started the OAuth sign-in of MCP server "${server.name}"`);
    return started;
  },
);

/** A client ID (and secret) registered by hand at the authorization server, used instead of registering. */
export const setMcpOAuthClient = adminAction(OAuthClient, async (input, { user }) => {
  const db = getDb();
  const server = await requireServerRecord(db, input.id);
  await setManualOAuthClient({
    db,
    serverId: input.id,
    sealKey: consoleEnv().sealKey,
    clientId: input.clientId,
    ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
  });
  console.info(`[tools] ${user.email} set the OAuth client of MCP server "${server.name}"`);
  revalidatePath('/tools', 'layout');
});

function disconnectText(name: string, outcome: RevocationOutcome): string {
  switch (outcome.kind) {
    case 'revoked':
      return `Disconnected ${name}: the authorization server revoked the grant and the console forgot its tokens.`;
    case 'not_offered':
      return `Disconnected ${name}: the console forgot its tokens (its authorization server offers no revocation endpoint).`;
    case 'nothing_to_revoke':
      return `Disconnected ${name}: the console held no tokens for it.`;
    case 'failed':
      return `Disconnected ${name}: the console forgot its tokens, but ${outcome.reason}.`;
  }
}

/**
 * Disconnect: the grant's tokens are revoked at the authorization server where it offers that,
 * and forgotten by the console in any case; the server shows Connect again.
 */
export const disconnectMcpOAuth = adminAction(
  ServerRef,
  async (input, { user }): Promise<{ revocation: RevocationOutcome['kind']; message: string }> => {
    const db = getDb();
    const env = consoleEnv();
    const server = await requireServerRecord(db, input.id);
    const outcome = await disconnectOAuth({
      db,
      serverId: input.id,
      serverUrl: server.url,
      sealKey: env.sealKey,
      policy: env.mcpUrlPolicy,
    });
    console.info(
      `[tools] ${user.email} disconnected the OAuth sign-in of MCP server "${server.name}" (${outcome.kind})`,
    );
    revalidatePath('/tools', 'layout');
    revalidatePath('/status');
    return { revocation: outcome.kind, message: disconnectText(server.name, outcome) };
  },
);
