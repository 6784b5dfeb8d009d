'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { setManualOAuthClient } from '@/lib/db/mcp-oauth';
import { requireServerRecord } from '@/lib/db/mcp-servers';
import { consoleEnv } from '@/lib/env/console-env';
import { AppError } from '@/lib/errors';
import { isMcpError } from '@/lib/mcp/errors';
import { adminAction } from '@/server/define-action';
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
      if (!isMcpError(error)) throw error;
      throw new AppError('unavailable', error.message, { hint: error.hint, mcpCode: error.code });
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
