import { randomBytes } from 'node:crypto';
import type {
  OAuthClientProvider,
  OAuthDiscoveryState,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { clientMetadataFor } from './client-metadata';
import type { ClientSource, OAuthGrant, OAuthSetup } from './oauth';

/** The console's authorization needs the admin again (sign-in, new scope, revoked grant). */
export class SignInRequired extends Error {
  constructor(readonly authorizationUrl?: URL) {
    super('The authorization server needs the admin to sign in again');
    this.name = 'SignInRequired';
  }
}

/**
 * The SDK's view of one grant (OAuthClientProvider): it reads and writes the grant in memory.
 * Interactive only while the admin signs in; elsewhere a redirect to the authorization server
 * means the admin is needed, and says so by throwing SignInRequired.
 */
export class GrantProvider implements OAuthClientProvider {
  authorizationUrl: URL | undefined;

  constructor(
    readonly grant: OAuthGrant,
    private readonly setup: OAuthSetup,
    private readonly interactive: boolean,
  ) {}

  get redirectUrl(): string {
    return this.setup.redirectUrl;
  }

  get clientMetadataUrl(): string | undefined {
    return this.setup.clientMetadataUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return clientMetadataFor(this.setup.redirectUrl);
  }

  state(): string {
    const state = randomBytes(24).toString('base64url');
    this.grant.pending = { state, startedAt: Date.now() };
    return state;
  }

  clientInformation() {
    return this.grant.client;
  }

  saveClientInformation(info: OAuthClientInformationMixed & { issuer?: string }): void {
    const source: ClientSource =
      this.grant.clientSource === 'manual' && this.grant.client?.client_id === info.client_id
        ? 'manual'
        : info.client_id === this.setup.clientMetadataUrl
          ? 'metadata_document'
          : 'dynamic';
    this.grant.client = info;
    this.grant.clientSource = source;
  }

  tokens() {
    return this.grant.tokens;
  }

  saveTokens(tokens: OAuthTokens & { issuer?: string }): void {
    // A refresh may leave out the refresh token: the old one stays valid then (RFC 6749 §6).
    const refresh = tokens.refresh_token ?? this.grant.tokens?.refresh_token;
    this.grant.tokens = {
      ...tokens,
      ...(refresh ? { refresh_token: refresh } : {}),
      obtainedAt: Date.now(),
    };
  }

  redirectToAuthorization(url: URL): void {
    if (!this.interactive) throw new SignInRequired(url);
    this.authorizationUrl = url;
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.grant.pending = {
      state: this.grant.pending?.state ?? '',
      startedAt: Date.now(),
      codeVerifier,
    };
  }

  codeVerifier(): string {
    const verifier = this.grant.pending?.codeVerifier;
    if (!verifier) throw new Error('No authorization is in progress for this server');
    return verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.grant.discovery = state;
  }

  discoveryState() {
    return this.grant.discovery;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'all' || scope === 'tokens') delete this.grant.tokens;
    if (scope === 'all' || scope === 'verifier') delete this.grant.pending;
    if (scope === 'all' || scope === 'discovery') delete this.grant.discovery;
    // An admin-entered client is the admin's to change; a registered one can be registered again.
    if ((scope === 'all' || scope === 'client') && this.grant.clientSource !== 'manual') {
      delete this.grant.client;
      delete this.grant.clientSource;
    }
  }
}
