import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { OTHER_ANSWER_CAP_BYTES, RESULT_HARD_CAP_BYTES } from './client-defaults';
import { McpError, displayUrl, findMcpError } from './errors';
import { linkedAbort } from './deadline';
import { createPinnedFetch, type PinnedFetch } from './pinned-fetch';
import { checkRequestUrl } from './url-policy';
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
  /**
   * Called when the answer to a POST that carried JSON-RPC requests passes its hard cap while
   * being read (RESULT_HARD_CAP_BYTES for tools/call). Reading has stopped by then; the client
   * fails those requests and tells the server to cancel them.
   */
  onResponseTooLarge?: (requestIds: Array<string | number>, limitBytes: number) => void;
}

// The caps live with the other client defaults (the stdio transport reads to the same ones).
export { MAX_RESULT_BUDGET_BYTES, RESULT_HARD_CAP_BYTES } from './client-defaults';

interface RequestInfo {
  ids: Array<string | number>;
  capBytes: number;
}

function requestInfoOf(init: RequestInit): RequestInfo {
  const none = { ids: [], capBytes: OTHER_ANSWER_CAP_BYTES };
  if ((init.method ?? 'GET').toUpperCase() !== 'POST' || typeof init.body !== 'string') return none;
  try {
    const parsed: unknown = JSON.parse(init.body);
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    const ids: Array<string | number> = [];
    let calls = false;
    for (const message of messages) {
      const { id, method } = (message ?? {}) as { id?: unknown; method?: unknown };
      if (typeof method === 'string' && (typeof id === 'string' || typeof id === 'number')) {
        ids.push(id);
        if (method === 'tools/call') calls = true;
      }
    }
    return { ids, capBytes: calls ? RESULT_HARD_CAP_BYTES : OTHER_ANSWER_CAP_BYTES };
  } catch {
    return none;
  }
}

function requestIdsOf(init: RequestInit): Array<string | number> {
  return requestInfoOf(init).ids;
}

/**
 * The body, counted as it is read: past `capBytes` the stream errors (undici then stops reading
 * and drops the connection) after `onOver` ran. On an event stream only one event at a time
 * counts (a long-lived stream carries many answers); elsewhere the whole body.
 */
function capBody(
  body: ReadableStream<Uint8Array>,
  capBytes: number,
  perEvent: boolean,
  onOver: () => void,
): ReadableStream<Uint8Array> {
  let count = 0;
  let lastByte = -1;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (perEvent) {
          // Bytes since the last blank line (\n\n) are the event being read.
          let boundary = -1;
          for (let i = chunk.length - 1; i >= 0; i--) {
            const previous = i > 0 ? chunk[i - 1] : lastByte;
            if (chunk[i] === 10 && previous === 10) {
              boundary = i;
              break;
            }
          }
          count = boundary >= 0 ? chunk.length - boundary - 1 : count + chunk.length;
          lastByte = chunk.length > 0 ? (chunk[chunk.length - 1] ?? -1) : lastByte;
        } else {
          count += chunk.length;
        }
        if (count > capBytes) {
          onOver();
          controller.error(
            new McpError(
              'result_too_large',
              `the answer passed ${Math.round(capBytes / 1024 / 1024)} MB while being read; reading stopped`,
            ),
          );
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
}

function withoutHeaders(headers: HeadersInit | undefined, names: string[]): Headers {
  const copy = new Headers(headers);
  for (const name of names) copy.delete(name);
  return copy;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * A fetch for the MCP transports that enforces the URL policy on every request and on every
 * redirect hop (DNS included), instead of letting fetch follow redirects on its own.
 */
export function createPolicyFetch(options: PolicyFetchOptions): FetchLike {
  const baseFetch: PinnedFetch = createPinnedFetch(options.policy);
  const credentialNames = options.credentialHeaderNames ?? [];

  return async (input, init) => {
    let url = new URL(String(input));
    const outer = init?.signal;
    let currentInit: RequestInit = { ...init, redirect: 'manual' };
    const origin = url.origin;
    for (let hop = 0; ; hop++) {
      try {
        checkRequestUrl(url, options.policy);
      } catch (error) {
        throw policyRefusal(error);
      }
      // The transports hand every request the same long-lived signal; fetch removes the listener
      // it adds only when the request is collected, so on that signal listeners pile up by the
      // thousand (fetch scans them per request, and warns past 1,500). A signal per exchange
      // instead, its listener dropped as soon as the exchange is over at the connection.
      const { controller, release } = linkedAbort(outer);
      const signal = outer ? controller.signal : undefined;
      const exchange = new Exchange(release);
      let response: Response;
      try {
        response = await baseFetch(
          url,
          signal ? { ...currentInit, signal } : currentInit,
          exchange.settle,
        );
      } catch (error) {
        release();
        // A refusal at connect time (the name resolved to an address the policy refuses) comes
        // wrapped in fetch's TypeError: hand on our own error, with its reason.
        throw policyRefusal(error);
      }
      const location = REDIRECT_STATUSES.has(response.status)
        ? response.headers.get('location')
        : null;
      if (!location) return finish(response, currentInit, outer, exchange);
      let target: URL;
      try {
        target = new URL(location, url);
      } catch {
        return finish(response, currentInit, outer, exchange);
      }
      const method = (currentInit.method ?? 'GET').toUpperCase();
      // 301/302/303 would turn a POST into a GET, which no MCP endpoint answers: hand the
      // redirect back unfollowed so it is reported as such.
      const keepsMethod =
        response.status === 307 || response.status === 308 || method === 'GET' || method === 'HEAD';
      const downgrade = url.protocol === 'https:' && target.protocol === 'http:';
      if (!keepsMethod || downgrade) return finish(response, currentInit, outer, exchange);
      await response.body?.cancel();
      release();
      if (hop >= MAX_REDIRECTS) {
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
      if (target.origin !== origin) {
        currentInit = {
          ...currentInit,
          headers: withoutHeaders(currentInit.headers, credentialNames),
        };
      }
      url = target;
    }
  };

  function policyRefusal(error: unknown): unknown {
    const refusal = findMcpError(error);
    if (refusal?.code !== 'url_not_allowed') return error;
    options.onPolicyError?.(refusal);
    return refusal;
  }

  /**
   * The response handed back with its body read under a cap; a broken event stream is reported
   * when it breaks.
   */
  function finish(
    raw: Response,
    init: RequestInit,
    outer: AbortSignal | null | undefined,
    exchange: Exchange,
  ): Response {
    const response = capped(raw, init);
    const onBrokenOption = options.onRequestStreamBroken;
    // Only an event stream carries answers that can be cut off halfway; the ids it was to answer
    // are read from the request only when that happens.
    if (
      onBrokenOption &&
      (response.headers.get('content-type') ?? '').includes('text/event-stream')
    ) {
      exchange.onFailure((error) => {
        // Our own abort (closing the transport) and the reader cancelling are not a lost connection.
        if (outer?.aborted || isAbort(error)) return;
        const ids = requestIdsOf(init);
        if (ids.length > 0) onBrokenOption(ids, error);
      });
    }
    return response;
  }

  function capped(response: Response, init: RequestInit): Response {
    if (!response.body) return response;
    const info = requestInfoOf(init);
    const eventStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
    // A POST's answer belongs to its requests; a GET event stream carries many answers (over the
    // old SSE transport, every tool result), so each of its events gets the tool-call cap.
    const perEvent = eventStream && info.ids.length === 0;
    const capBytes = perEvent ? RESULT_HARD_CAP_BYTES : info.capBytes;
    let reported = false;
    const body = capBody(response.body, capBytes, perEvent, () => {
      if (reported || info.ids.length === 0) return;
      reported = true;
      options.onResponseTooLarge?.(info.ids, info.capBytes);
    });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
}

/**
 * One request's exchange at the connection. It can end before the response reaches us (a small
 * body arrives with its headers), so a failure is kept for whoever asks later.
 */
class Exchange {
  private settled = false;
  /** set when the exchange failed */
  private error: unknown;
  private listener: ((error: unknown) => void) | undefined;

  constructor(private readonly release: () => void) {}

  readonly settle = (error?: unknown): void => {
    if (this.settled) return;
    this.settled = true;
    this.error = error;
    this.release();
    if (error !== undefined) this.listener?.(error);
  };

  onFailure(listener: (error: unknown) => void): void {
    if (!this.settled) this.listener = listener;
    else if (this.error !== undefined) listener(this.error);
  }
}
