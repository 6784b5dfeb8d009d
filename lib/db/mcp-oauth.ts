import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors';
import type { ClientSource, OAuthGrant } from '../mcp/oauth';
import { seal, unseal } from '../seal';
import type { Db } from './client';
import { parseJson } from '../json';

/**
 * The OAuth grants the console holds for MCP servers. The client secret, the tokens and the PKCE
 * verifier are sealed here and nowhere else; what leaves for a page is `OAuthGrantView` (status,
 * scope, expiry: no secret). Plain values come out only through loadOAuthGrant, for the code
 * that connects or refreshes.
 */

export type OAuthStatus = 'not_connected' | 'connected' | 'reconnect';

export interface OAuthGrantView {
  status: OAuthStatus;
  /** the console holds tokens for this server (Disconnect has something to forget) */
  holdsTokens: boolean;
  statusReason: string | null;
  clientSource: ClientSource | null;
  /** the admin entered a client ID (shown; the secret never is) */
  manualClientId: string | null;
  scope: string | null;
  expiresAt: string | null;
  requestedScope: string | null;
}

export interface LoadedOAuthGrant {
  serverId: string;
  grant: OAuthGrant;
  status: OAuthStatus;
  statusReason: string | null;
  requestedScope: string | null;
  /** the sealed tokens as read, to notice a refresh by someone else (console vs agent) */
  tokensVersion: string | null;
}

/** Named schemas for what is stored as JSON (sealed or not). */
const StoredClient = z.looseObject({ client_id: z.string().min(1) });
const StoredTokens = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  obtainedAt: z.number(),
});
const StoredPending = z.object({
  state: z.string(),
  codeVerifier: z.string().optional(),
  startedAt: z.number(),
  userId: z.string().optional(),
});
const StoredDiscovery = z.looseObject({ authorizationServerUrl: z.string() });
const Status = z.enum(['not_connected', 'connected', 'reconnect']).catch('not_connected');
const Source = z.enum(['dynamic', 'manual', 'metadata_document']).nullable().catch(null);

export function hashState(state: string): string {
  return createHash('sha256').update(state).digest('base64url');
}

function unsealJson<T>(
  sealed: string | null,
  schema: z.ZodType<T>,
  sealKey: Buffer,
): T | undefined {
  if (!sealed) return undefined;
  let text: string;
  try {
    text = unseal(sealed, sealKey);
  } catch {
    throw new AppError(
      'unavailable',
      'The stored OAuth grant of this server cannot be unsealed (was SEAL_KEY changed?). Press Reconnect.',
    );
  }
  const parsed = schema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : undefined;
}

/** One server's grant, with the key its secrets are sealed with. */
export interface GrantKey {
  db: Db;
  serverId: string;
  sealKey: Buffer;
}

/** Why a server's grant needs an admin's sign-in, and the scope to ask for then. */
interface GrantMark {
  db: Db;
  serverId: string;
  reason: string;
  requestedScope?: string;
}

type GrantRow = NonNullable<Awaited<ReturnType<Db['mcpOAuthGrant']['findUnique']>>>;

/** What a page may see of a grant row (no secret; the manual client ID only with the key). */
export function toOAuthGrantView(row: GrantRow | null, sealKey?: Buffer): OAuthGrantView {
  const source = Source.parse(row?.clientSource ?? null);
  let manualClientId: string | null = null;
  if (row && source === 'manual' && sealKey) {
    manualClientId = unsealJson(row.client, StoredClient, sealKey)?.client_id ?? null;
  }
  return {
    status: Status.parse(row?.status ?? 'not_connected'),
    holdsTokens: Boolean(row?.tokens),
    statusReason: row?.statusReason ?? null,
    clientSource: source,
    manualClientId,
    scope: row?.scope ?? null,
    expiresAt: row?.expiresAt?.toISOString() ?? null,
    requestedScope: row?.requestedScope ?? null,
  };
}

export async function getOAuthGrantView({
  db,
  serverId,
  sealKey,
}: GrantKey): Promise<OAuthGrantView | null> {
  const row = await db.mcpOAuthGrant.findUnique({ where: { serverId } });
  return row ? toOAuthGrantView(row, sealKey) : null;
}

/** Enabled servers whose OAuth sign-in an admin must (re)do (the Status page). */
export async function listSignInsNeeded({
  db,
}: {
  db: Db;
}): Promise<Array<{ serverId: string; server: string; oauth: OAuthGrantView }>> {
  const rows = await db.mcpOAuthGrant.findMany({
    where: { status: { not: 'connected' }, server: { enabled: true } },
    include: { server: { select: { name: true } } },
    orderBy: { server: { name: 'asc' } },
  });
  return rows.map((row) => ({
    serverId: row.serverId,
    server: row.server.name,
    oauth: toOAuthGrantView(row),
  }));
}

function rowToGrant(row: GrantRow, sealKey: Buffer): LoadedOAuthGrant {
  const client = unsealJson(row.client, StoredClient, sealKey);
  const tokens = unsealJson(row.tokens, StoredTokens, sealKey);
  const pending = unsealJson(row.pending, StoredPending, sealKey);
  const discovery = StoredDiscovery.safeParse(parseJson(row.discovery));
  const source = Source.parse(row.clientSource);
  const grant: OAuthGrant = {
    ...(client ? { client: client as OAuthGrant['client'] } : {}),
    ...(source ? { clientSource: source } : {}),
    ...(tokens ? { tokens: tokens as OAuthGrant['tokens'] } : {}),
    ...(discovery.success ? { discovery: discovery.data as OAuthGrant['discovery'] } : {}),
    ...(pending ? { pending } : {}),
    ...(row.redirectUrl ? { redirectUrl: row.redirectUrl } : {}),
  };
  return {
    serverId: row.serverId,
    grant,
    status: Status.parse(row.status),
    statusReason: row.statusReason,
    requestedScope: row.requestedScope,
    tokensVersion: row.tokens,
  };
}

/** The plain grant, for connecting and refreshing. Never pass it to a page or a log. */
export async function loadOAuthGrant({
  db,
  serverId,
  sealKey,
}: GrantKey): Promise<LoadedOAuthGrant | null> {
  const row = await db.mcpOAuthGrant.findUnique({ where: { serverId } });
  return row ? rowToGrant(row, sealKey) : null;
}

/** The authorization a callback's `state` belongs to, while it is young enough. */
export async function findPendingAuthorization({
  db,
  state,
  sealKey,
  maxAgeMs,
}: {
  db: Db;
  state: string;
  sealKey: Buffer;
  maxAgeMs: number;
}): Promise<(LoadedOAuthGrant & { userId: string | undefined }) | null> {
  const row = await db.mcpOAuthGrant.findUnique({ where: { stateHash: hashState(state) } });
  if (!row?.pendingAt || Date.now() - row.pendingAt.getTime() > maxAgeMs) return null;
  const loaded = rowToGrant(row, sealKey);
  if (loaded.grant.pending?.state !== state) return null;
  return { ...loaded, userId: (loaded.grant.pending as { userId?: string }).userId };
}

function sealedJson(value: unknown, sealKey: Buffer): string | null {
  return value === undefined ? null : seal(JSON.stringify(value), sealKey);
}

function expiryOf(grant: OAuthGrant): Date | null {
  const tokens = grant.tokens;
  return tokens?.expires_in ? new Date(tokens.obtainedAt + tokens.expires_in * 1000) : null;
}

export interface GrantWrite {
  grant: OAuthGrant;
  status: OAuthStatus;
  statusReason?: string | null;
  requestedScope?: string | null;
  /** who started the authorization in progress (kept with the verifier) */
  pendingUserId?: string;
}

function writeData(write: GrantWrite, sealKey: Buffer) {
  const { grant } = write;
  const pending = grant.pending
    ? { ...grant.pending, ...(write.pendingUserId ? { userId: write.pendingUserId } : {}) }
    : undefined;
  return {
    status: write.status,
    statusReason: write.statusReason ?? null,
    client: sealedJson(grant.client, sealKey),
    clientSource: grant.clientSource ?? null,
    tokens: sealedJson(grant.tokens, sealKey),
    expiresAt: expiryOf(grant),
    refreshingUntil: null,
    scope: grant.tokens?.scope ?? null,
    discovery: grant.discovery ? JSON.stringify(grant.discovery) : null,
    redirectUrl: grant.redirectUrl ?? null,
    ...(write.requestedScope !== undefined ? { requestedScope: write.requestedScope } : {}),
    stateHash: pending ? hashState(pending.state) : null,
    pending: sealedJson(pending, sealKey),
    pendingAt: pending ? new Date(pending.startedAt) : null,
  };
}

export async function saveOAuthGrant({
  db,
  serverId,
  sealKey,
  ...write
}: GrantKey & GrantWrite): Promise<void> {
  const data = writeData(write, sealKey);
  await db.mcpOAuthGrant.upsert({
    where: { serverId },
    create: { serverId, ...data },
    update: data,
  });
}

/**
 * Stores refreshed tokens only if nobody else refreshed since `tokensVersion` was read (the
 * console and agents share one grant, and a rotated refresh token works once). False: someone
 * did; reload and use theirs.
 */
export async function saveRefreshedGrant({
  db,
  serverId,
  sealKey,
  tokensVersion,
  grant,
}: GrantKey & { tokensVersion: string | null; grant: OAuthGrant }): Promise<boolean> {
  const { count } = await db.mcpOAuthGrant.updateMany({
    where: { serverId, tokens: tokensVersion },
    data: {
      tokens: sealedJson(grant.tokens, sealKey),
      client: sealedJson(grant.client, sealKey),
      discovery: grant.discovery ? JSON.stringify(grant.discovery) : null,
      expiresAt: expiryOf(grant),
      scope: grant.tokens?.scope ?? null,
      status: 'connected',
      statusReason: null,
      refreshingUntil: null,
    },
  });
  return count === 1;
}

/**
 * Claims the right to refresh the grant read as `tokensVersion` for `ms`. Only one process may
 * present a rotated refresh token: the authorization server revokes the whole grant when it sees
 * one twice (OAuth 2.1 refresh token reuse detection). False: another one is refreshing, or did.
 */
export async function claimRefresh({
  db,
  serverId,
  tokensVersion,
  ms,
}: {
  db: Db;
  serverId: string;
  tokensVersion: string | null;
  ms: number;
}): Promise<boolean> {
  const now = new Date();
  const { count } = await db.mcpOAuthGrant.updateMany({
    where: {
      serverId,
      tokens: tokensVersion,
      OR: [{ refreshingUntil: null }, { refreshingUntil: { lt: now } }],
    },
    data: { refreshingUntil: new Date(now.getTime() + ms) },
  });
  return count === 1;
}

export async function releaseRefresh({ db, serverId }: { db: Db; serverId: string }) {
  await db.mcpOAuthGrant.updateMany({ where: { serverId }, data: { refreshingUntil: null } });
}

/** The grant was refused: the admin must press Reconnect. Tokens stay (a refresh may still help no more). */
export async function markOAuthReconnect({
  db,
  serverId,
  reason,
  requestedScope,
}: GrantMark): Promise<void> {
  const mark = {
    status: 'reconnect',
    statusReason: reason,
    ...(requestedScope ? { requestedScope } : {}),
  };
  await db.mcpOAuthGrant.upsert({
    where: { serverId },
    create: { serverId, ...mark },
    update: mark,
  });
}

/** Marks a server as signing in with OAuth, before any grant (its first test answered 401). */
export async function markOAuthNeeded({
  db,
  serverId,
  reason,
  requestedScope,
}: GrantMark): Promise<void> {
  await db.mcpOAuthGrant.upsert({
    where: { serverId },
    create: {
      serverId,
      status: 'not_connected',
      statusReason: reason,
      ...(requestedScope ? { requestedScope } : {}),
    },
    update: { statusReason: reason },
  });
}

/** An admin-entered client ID (and secret): used instead of registering. */
export async function setManualOAuthClient({
  db,
  serverId,
  sealKey,
  clientId,
  clientSecret,
}: {
  db: Db;
  serverId: string;
  sealKey: Buffer;
  clientId: string;
  clientSecret?: string;
}): Promise<void> {
  const client = sealedJson(
    { client_id: clientId, ...(clientSecret ? { client_secret: clientSecret } : {}) },
    sealKey,
  );
  await db.mcpOAuthGrant.upsert({
    where: { serverId },
    create: { serverId, client, clientSource: 'manual' },
    update: { client, clientSource: 'manual', tokens: null, status: 'not_connected' },
  });
}

/**
 * Disconnect: the grant's tokens and any sign-in in progress are forgotten and the server shows
 * Connect again. The client registration and discovery stay, so the next Connect reuses them.
 */
export async function forgetOAuthTokens({
  db,
  serverId,
  reason,
}: {
  db: Db;
  serverId: string;
  /** shown on the server's page (null: nothing to say) */
  reason: string | null;
}): Promise<void> {
  await db.mcpOAuthGrant.updateMany({
    where: { serverId },
    data: {
      tokens: null,
      expiresAt: null,
      scope: null,
      refreshingUntil: null,
      stateHash: null,
      pending: null,
      pendingAt: null,
      requestedScope: null,
      status: 'not_connected',
      statusReason: reason,
    },
  });
}

export async function deleteOAuthGrant({
  db,
  serverId,
}: {
  db: Db;
  serverId: string;
}): Promise<void> {
  await db.mcpOAuthGrant.deleteMany({ where: { serverId } });
}
