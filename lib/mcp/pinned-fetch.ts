import dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { Agent, type Dispatcher } from 'undici';
import type { UrlPolicy } from './types';
import { assertAddressAllowed } from './url-policy';

/**
 * A fetch whose connections only go to addresses the URL policy allows. A server's URL is
 * checked with its resolved addresses when it is added and connected, but fetch resolves the
 * name again when it connects; a name with a short DNS lifetime could answer a public address to
 * the check and a private one to the connection (DNS rebinding). Checking inside the
 * connection's own lookup closes that gap: the address checked is the address used. It is also
 * the only lookup per connection: requests on a kept-alive connection (policy-fetch.ts checks
 * each one's URL without DNS) do not wait for a name lookup.
 */
type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

function checkedLookup(policy: UrlPolicy) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '');
      try {
        const url = new URL(`http://${hostname.includes(':') ? `[${hostname}]` : hostname}/`);
        for (const entry of addresses) assertAddressAllowed(url, hostname, entry.address, policy);
      } catch (refusal) {
        return callback(refusal as NodeJS.ErrnoException, '');
      }
      const first = addresses[0];
      if (options.all) return callback(null, addresses);
      if (!first)
        return callback(
          Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }),
          '',
        );
      callback(null, first.address, first.family);
    });
  };
}

const agents = new Map<string, Agent>();

function agentFor(policy: UrlPolicy): Agent {
  const key = JSON.stringify([policy.allowPrivate, [...policy.allowList].sort()]);
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ connect: { lookup: checkedLookup(policy) } });
    agents.set(key, agent);
  }
  return agent;
}

/**
 * Called once when a request's exchange is over at the connection: the whole response body
 * received (no argument), or the request failed at any point (the error). Web fetch has no such
 * signal; wrapping every response body in another stream to notice its end cost a third of the
 * MCP client's overhead per call (agent/bench).
 */
export type ExchangeSettled = (error?: unknown) => void;

export type PinnedFetch = (
  input: string | URL,
  init?: RequestInit,
  onSettled?: ExchangeSettled,
) => Promise<Response>;

/**
 * The dispatcher for one request: the pinned agent, with the request's handler told apart from
 * fetch's so that its end can be reported. The handler's own methods keep their state on the
 * object they are called on, so they run on the derived object.
 */
function watchedDispatcher(agent: Agent, onSettled: ExchangeSettled): Pick<Dispatcher, 'dispatch'> {
  return {
    dispatch(options, handler) {
      const watched: Dispatcher.DispatchHandlers = Object.create(handler);
      watched.onComplete = function (this: Dispatcher.DispatchHandlers, trailers) {
        handler.onComplete?.call(this, trailers);
        onSettled();
      };
      watched.onError = function (this: Dispatcher.DispatchHandlers, error) {
        onSettled(error);
        handler.onError?.call(this, error);
      };
      return agent.dispatch(options, watched);
    },
  };
}

/**
 * The runtime's own fetch, sent through an `Agent` whose connections run the checked lookup.
 * Not the npm package's fetch: the rest of the process (the SDK's defaults included) uses the
 * global one, and with two copies of fetch, Response and Headers in one process the code they
 * share (web streams, the SDK transport) sees two shapes of every object; whichever copy was used
 * less measured 10-25% slower per MCP call (agent/bench). Only the dispatcher comes from the
 * package: Node exposes no `Agent` of its own, and its fetch takes one as `dispatcher`.
 */
export function createPinnedFetch(policy: UrlPolicy): PinnedFetch {
  const agent = agentFor(policy);
  return (input, init, onSettled) =>
    fetch(input, {
      ...init,
      dispatcher: onSettled ? watchedDispatcher(agent, onSettled) : agent,
    } as RequestInit);
}
