import {
  discoverOAuthServerInfo,
  selectClientAuthMethod,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type { AuthorizationServerMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { z } from 'zod';
import { displayUrl } from './errors';
import { grantSecrets, type OAuthGrant, type OAuthSetup } from './oauth';
import { createPolicyFetch } from './policy-fetch';
import { createRedactor } from './redact';

/**
 * Disconnect's half at the authorization server: the grant's tokens revoked at its revocation
 * endpoint (RFC 7009), when its metadata names one. The SDK has no revocation call, so the
 * request is made here, with the client authentication the SDK would choose for the endpoint.
 * What happened is returned, never thrown: the console forgets the tokens either way.
 */

export type RevocationOutcome =
  | { kind: 'revoked' }
  | { kind: 'not_offered' }
  | { kind: 'nothing_to_revoke' }
  | { kind: 'failed'; reason: string };

/** Where the grant is used: the MCP server (to find its authorization server) and the URL policy. */
export type RevokeSetup = Pick<OAuthSetup, 'serverUrl' | 'policy'>;

/** The RFC 7009 fields of authorization server metadata (the SDK's OpenID type lacks them). */
const RevocationMetadata = z.looseObject({
  revocation_endpoint: z.url().optional(),
  revocation_endpoint_auth_methods_supported: z.array(z.string()).optional(),
});

/** How long the authorization server may take to answer one revocation. */
const REVOKE_TIMEOUT_MS = 10_000;

async function metadataOf(
  setup: RevokeSetup,
  grant: OAuthGrant,
  fetchFn: ReturnType<typeof createPolicyFetch>,
): Promise<AuthorizationServerMetadata | undefined> {
  const stored = grant.discovery?.authorizationServerMetadata;
  if (stored) return stored;
  const info = await discoverOAuthServerInfo(setup.serverUrl, { fetchFn });
  return info.authorizationServerMetadata;
}

function clientAuthentication(
  grant: OAuthGrant,
  metadata: AuthorizationServerMetadata,
  body: URLSearchParams,
  headers: Headers,
): void {
  const client = grant.client;
  if (!client) return;
  const supported =
    RevocationMetadata.parse(metadata).revocation_endpoint_auth_methods_supported ??
    metadata.token_endpoint_auth_methods_supported ??
    [];
  const method = selectClientAuthMethod(client, supported);
  if (method === 'client_secret_basic' && client.client_secret) {
    const pair = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`;
    headers.set('Authorization', `Basic ${Buffer.from(pair).toString('base64')}`);
    return;
  }
  body.set('client_id', client.client_id);
  if (method === 'client_secret_post' && client.client_secret) {
    body.set('client_secret', client.client_secret);
  }
}

/**
 * Revokes the refresh token (which ends the grant at most servers) and then the access token.
 * An access token in JWT form may stay valid at a resource server that never asks the
 * authorization server about it, until it expires: the console's copy is deleted regardless.
 */
export async function revokeGrant({
  setup,
  grant,
}: {
  setup: RevokeSetup;
  grant: OAuthGrant;
}): Promise<RevocationOutcome> {
  const outcome = await revokeTokens(setup, grant);
  // What an authorization server answered is quoted: never with a token in it.
  if (outcome.kind !== 'failed') return outcome;
  return { kind: 'failed', reason: createRedactor(grantSecrets(grant)).text(outcome.reason) };
}

async function revokeTokens(setup: RevokeSetup, grant: OAuthGrant): Promise<RevocationOutcome> {
  const tokens = [
    { token: grant.tokens?.refresh_token, hint: 'refresh_token' },
    { token: grant.tokens?.access_token, hint: 'access_token' },
  ].filter((entry): entry is { token: string; hint: string } => Boolean(entry.token));
  if (tokens.length === 0) return { kind: 'nothing_to_revoke' };
  const fetchFn = createPolicyFetch({ policy: setup.policy });
  let metadata: AuthorizationServerMetadata | undefined;
  try {
    metadata = await metadataOf(setup, grant, fetchFn);
  } catch (error) {
    return {
      kind: 'failed',
      reason: `the authorization server of ${displayUrl(setup.serverUrl)} could not be found (${error instanceof Error ? error.message.slice(0, 200) : String(error)})`,
    };
  }
  const revocation = RevocationMetadata.safeParse(metadata ?? {});
  const endpoint = revocation.success ? revocation.data.revocation_endpoint : undefined;
  if (!metadata || !endpoint) return { kind: 'not_offered' };
  for (const { token, hint } of tokens) {
    const body = new URLSearchParams({ token, token_type_hint: hint });
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' });
    clientAuthentication(grant, metadata, body, headers);
    try {
      const response = await fetchFn(endpoint, {
        method: 'POST',
        headers,
        body: body.toString(),
        signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
      });
      // RFC 7009 §2.2: 200 also for a token that was already invalid.
      if (!response.ok) {
        const said = (await response.text().catch(() => '')).slice(0, 200);
        // §2.2.1: a token type it cannot revoke (oidc-provider: JWT access tokens). The refresh
        // token went first, and the console's copy of this one is deleted anyway.
        if (response.status === 400 && /"unsupported_token_type"/.test(said)) continue;
        return {
          kind: 'failed',
          reason: `the revocation endpoint ${displayUrl(endpoint)} answered ${response.status}${said ? ` (${said})` : ''}`,
        };
      }
    } catch (error) {
      return {
        kind: 'failed',
        reason: `the revocation endpoint ${displayUrl(endpoint)} could not be reached (${error instanceof Error ? error.message.slice(0, 200) : String(error)})`,
      };
    }
  }
  return { kind: 'revoked' };
}
