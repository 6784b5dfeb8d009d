import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { CLIENT_INFO } from './client-defaults';
import { ClientSideTransport } from './client-transport';
import { linkedAbort, withDeadline, type Deadline } from './deadline';
import {
  BREAKS_SESSION,
  RESULT_TOO_LARGE_CODE,
  toMcpError,
  type McpError,
  type McpErrorContext,
} from './errors';
import { readChallenge, withOAuthSignIn, type AuthChallenge } from './oauth-challenge';
import { createPolicyFetch } from './policy-fetch';
import { createRedactor, secretsOf } from './redact';
import { SDK_TEXT } from './sdk-text';
import type { McpConnectOptions, McpTransportKind } from './types';

/**
 * One attempt at an HTTP connection (Streamable HTTP, or the older HTTP+SSE): the SDK transport
 * behind the console's policy-checked fetch, its client, and what the fetch saw (a policy
 * refusal, the last auth challenge). client.ts tries one kind, then the other.
 */

type AnyTransport = StreamableHTTPClientTransport | SSEClientTransport;

export interface Attempt {
  client: Client;
  transport: AnyTransport;
  /** what the Client is connected to: the SDK transport seen through the Transport contract */
  wire: ClientSideTransport;
  kind: McpTransportKind;
  protocolVersion: () => string | undefined;
  policyError: () => McpError | undefined;
  /** the last 401/403 challenge the server sent */
  challenge: () => AuthChallenge | undefined;
  fetch: FetchLike;
}

function buildAttempt(
  kind: McpTransportKind,
  url: URL,
  options: McpConnectOptions,
  onTransportError: (attempt: Attempt, error: unknown) => void,
): Attempt {
  const headers = { ...(options.headers ?? {}) };
  let lastPolicyError: McpError | undefined;
  // The fetch is made before the transport it serves; it reaches the transport through this.
  const live: { wire?: ClientSideTransport; client?: Client } = {};
  let lastChallenge: AuthChallenge | undefined;
  const policyFetch = createPolicyFetch({
    policy: options.policy,
    credentialHeaderNames: Object.keys(headers),
    onPolicyError: (error) => {
      lastPolicyError = error;
    },
    onRequestStreamBroken: (ids) => {
      // Fail the requests whose answer can no longer arrive, instead of leaving them to time out.
      for (const id of ids) {
        live.wire?.failRequest(id, {
          code: ErrorCode.ConnectionClosed,
          message: 'The connection dropped before the answer arrived',
        });
      }
    },
    onResponseTooLarge: (ids, limitBytes) => {
      // Reading has stopped: fail the requests now, and ask the server to stop working on them.
      for (const id of ids) {
        live.wire?.failRequest(id, {
          code: RESULT_TOO_LARGE_CODE,
          message: `The answer passed ${limitBytes} bytes while being read`,
          data: { limitBytes },
        });
        void live.client
          ?.notification({
            method: 'notifications/cancelled',
            params: { requestId: id, reason: `answer larger than ${limitBytes} bytes` },
          })
          .catch(() => undefined);
      }
    },
  });
  const fetch: FetchLike = async (input, init) => {
    const response = await policyFetch(input, init);
    if (response.status === 401 || response.status === 403) lastChallenge = readChallenge(response);
    return response;
  };
  // 'follow' hands redirects to our fetch, which re-checks the policy on every hop.
  const transport: AnyTransport =
    kind === 'streamable-http'
      ? new StreamableHTTPClientTransport(url, {
          requestInit: { headers },
          fetch,
          redirectPolicy: 'follow',
        })
      : new SSEClientTransport(url, { requestInit: { headers }, fetch, redirectPolicy: 'follow' });
  const wire = new ClientSideTransport(transport);
  live.wire = wire;
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  live.client = client;
  const attempt: Attempt = {
    client,
    transport,
    wire,
    kind,
    protocolVersion: () => wire.protocolVersion,
    policyError: () => lastPolicyError,
    challenge: () => lastChallenge,
    fetch,
  };
  client.onerror = (error) => onTransportError(attempt, error);
  return attempt;
}

export async function closeQuietly(attempt: Attempt): Promise<void> {
  try {
    await attempt.client.close();
  } catch {
    // closing is best effort
  }
}

/** Connects one transport kind within what is left of the connect's deadline; failures are McpError. */
export async function connectWith(
  kind: McpTransportKind,
  url: URL,
  options: McpConnectOptions,
  deadline: Deadline,
  onTransportError: (attempt: Attempt, error: unknown) => void,
): Promise<Attempt> {
  const secrets = secretsOf(options.headers ?? {});
  const attempt = buildAttempt(kind, url, options, onTransportError);
  const context: McpErrorContext = {
    phase: 'connect',
    url,
    secrets,
    signal: options.signal,
    timeoutMs: deadline.ms,
  };
  const { controller, release } = linkedAbort(options.signal);
  try {
    await withDeadline(
      attempt.client.connect(attempt.wire, {
        timeout: deadline.left(),
        signal: controller.signal,
      }),
      deadline,
      options.signal,
      () => context,
    );
    return attempt;
  } catch (error) {
    controller.abort();
    await closeQuietly(attempt);
    throw (
      attempt.policyError() ??
      (await withOAuthSignIn(toMcpError(error, context), attempt.challenge(), {
        context,
        serverUrl: url,
        fetch: attempt.fetch,
        hadGrant: options.oauthGrant === true,
        deadline,
      }))
    ).redacted(createRedactor(secrets).text);
  } finally {
    release();
  }
}

export function isSessionBreaking(error: unknown, kind: McpTransportKind): boolean {
  if (kind === 'sse' && error instanceof SseError) return true; // the SSE session lives on that one stream
  const text = error instanceof Error ? error.message : String(error);
  if (SDK_TEXT.reconnectFailed.test(text)) return true;
  return BREAKS_SESSION.has(toMcpError(error, { hadSession: true }).code);
}
