import { z } from 'zod';
import type { OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * The console's OAuth client ID metadata document (draft-ietf-oauth-client-id-metadata-document,
 * the MCP authorization spec's preferred registration): the console's client ID is the URL of
 * this document, and an authorization server that supports it fetches the document instead of
 * taking a registration request. It holds only what any registration request would say in the
 * open: no secret, since the console authenticates as a public client with PKCE.
 */

export const CALLBACK_PATH = '/api/mcp-oauth/callback';
export const CLIENT_METADATA_PATH = '/api/mcp-oauth/client-metadata';

/** The document as served: these fields and no others (strict, so nothing else slips in). */
export const ClientMetadataDocument = z.strictObject({
  client_id: z.url(),
  client_name: z.string().min(1).max(100),
  redirect_uris: z.array(z.url()).min(1),
  grant_types: z.array(z.enum(['authorization_code', 'refresh_token'])).min(1),
  response_types: z.array(z.literal('code')).min(1),
  token_endpoint_auth_method: z.literal('none'),
});
export type ClientMetadataDocument = z.infer<typeof ClientMetadataDocument>;

/** What the console says of itself as a client, in a registration request or its document. */
export function clientMetadataFor(redirectUrl: string): OAuthClientMetadata {
  return {
    client_name: 'Voice Console',
    redirect_uris: [redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
}

export function callbackUrl(consoleUrl: string): string {
  return new URL(CALLBACK_PATH, consoleUrl).href;
}

export function clientMetadataDocumentUrl(consoleUrl: string): string {
  return new URL(CLIENT_METADATA_PATH, consoleUrl).href;
}

/**
 * The client ID the console registers with by its document, or undefined when it cannot: the
 * draft (and so the SDK and authorization servers) accept only an https client ID, so a console
 * on plain HTTP (development, loopback) registers dynamically instead.
 */
export function metadataDocumentClientId(consoleUrl: string): string | undefined {
  return new URL(consoleUrl).protocol === 'https:'
    ? clientMetadataDocumentUrl(consoleUrl)
    : undefined;
}

/** The document for a console at `consoleUrl`: its client_id is the document's own URL. */
export function clientMetadataDocument(consoleUrl: string): ClientMetadataDocument {
  return ClientMetadataDocument.parse({
    client_id: clientMetadataDocumentUrl(consoleUrl),
    ...clientMetadataFor(callbackUrl(consoleUrl)),
  });
}
