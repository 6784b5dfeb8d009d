import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpError, displayUrl } from './errors';
import { createPinnedFetch } from './pinned-fetch';
import { checkResolvedUrl, type Resolver } from './url-policy';
import type { UrlPolicy } from './types';

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface PolicyFetchOptions {
  policy: UrlPolicy;
  /**
   * Names of the admin-configured headers (credentials). They are dropped when a redirect
   * leaves the origin, so a redirect cannot carry a token to another host.
   */
  credentialHeaderNames?: string[];
  /**
   * Called when the response stream of a POST that carried JSON-RPC requests breaks before it
   * ended (the server died mid-call). The SDK only logs that case and would leave the request
   * waiting for its timeout; the client uses this to fail the request as connection_lost.
   */
  onRequestStreamBroken?: (requestIds: Array<string | number>, error: unknown) => void;
  /** The last policy refusal: the SSE transport flattens errors from fetch into text. */
  onPolicyError?: (error: McpError) => void;
  resolve?: Resolver;
  /** the underlying fetch (default: one whose connections re-check every resolved address) */
  baseFetch?: typeof fetch;
}

function requestIdsOf(init: RequestInit | undefined): Array<string | number> {
  if ((init?.method ?? 'GET').toUpperCase() !== 'POST' || typeof init?.body !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(init.body);
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    const ids: Array<string | number> = [];
    for (const message of messages) {
      const { id, method } = (message ?? {}) as { id?: unknown; method?: unknown };
      if (typeof method === 'string' && (typeof id === 'string' || typeof id === 'number'))
        ids.push(id);
    }
    return ids;
  } catch {
    return [];
  }
}

function withoutHeaders(headers: HeadersInit | undefined, names: string[]): Headers {
  const copy = new Headers(headers);
  for (const name of names) copy.delete(name);
  return copy;
}

function watchStream(
  response: Response,
  ids: Array<string | number>,
  signal: AbortSignal | null | undefined,
  onBroken: NonNullable<PolicyFetchOptions['onRequestStreamBroken']>,
): Response {
  const body = response.body;
  if (!body) return response;
  const reader = body.getReader();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        // Our own abort (closing the transport) is not a lost connection.
        if (!signal?.aborted) onBroken(ids, error);
        controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(stream, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * A fetch for the MCP transports that enforces the URL policy on every request and on every
 * redirect hop (DNS included), instead of letting fetch follow redirects on its own.
 */
export function createPolicyFetch(options: PolicyFetchOptions): FetchLike {
  const baseFetch = options.baseFetch ?? createPinnedFetch(options.policy);
  const credentialNames = options.credentialHeaderNames ?? [];

  return async (input, init) => {
    let url = new URL(String(input));
    let currentInit: RequestInit = { ...init, redirect: 'manual' };
    const origin = url.origin;
    for (let hop = 0; ; hop++) {
      try {
        await checkResolvedUrl(url, options.policy, options.resolve);
      } catch (error) {
        if (error instanceof McpError && error.code === 'url_not_allowed')
          options.onPolicyError?.(error);
        throw error;
      }
      const response = await baseFetch(url, currentInit);
      const location = REDIRECT_STATUSES.has(response.status)
        ? response.headers.get('location')
        : null;
      if (!location) {
        const ids = options.onRequestStreamBroken ? requestIdsOf(currentInit) : [];
        const isStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
        if (ids.length > 0 && isStream && options.onRequestStreamBroken) {
          return watchStream(response, ids, currentInit.signal, options.onRequestStreamBroken);
        }
        return response;
      }
      let target: URL;
      try {
        target = new URL(location, url);
      } catch {
        return response;
      }
      const method = (currentInit.method ?? 'GET').toUpperCase();
      // 301/302/303 would turn a POST into a GET, which no MCP endpoint answers: hand the
      // redirect back unfollowed so it is reported as such.
      const keepsMethod =
        response.status === 307 || response.status === 308 || method === 'GET' || method === 'HEAD';
      const downgrade = url.protocol === 'https:' && target.protocol === 'http:';
      if (!keepsMethod || downgrade) return response;
      if (hop >= MAX_REDIRECTS) {
        await response.body?.cancel();
        throw new McpError(
          'not_mcp_endpoint',
          `${displayUrl(input)} redirected more than ${MAX_REDIRECTS} times`,
          {
            status: response.status,
            notDelivered: true,
            hint: 'The server keeps redirecting. Enter the final address of the MCP endpoint directly.',
          },
        );
      }
      await response.body?.cancel();
      if (target.origin !== origin) {
        currentInit = {
          ...currentInit,
          headers: withoutHeaders(currentInit.headers, credentialNames),
        };
      }
      url = target;
    }
  };
}
