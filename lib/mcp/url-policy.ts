import { lookup } from 'node:dns/promises';
import { classifyAddress, inNetworks, parseNetwork, type Network } from './address-ranges';
import { McpError, displayUrl, toMcpError } from './errors';
import type { UrlPolicy } from './types';

/**
 * Which addresses an MCP server URL may point at. The console fetches whatever URL an admin
 * types, from inside our network: without this, "register an MCP server" is a way to read the
 * cloud metadata service or poke internal services (SSRF).
 */

const ALWAYS_REFUSED_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);
const PRIVATE_HOSTS = new Set(['localhost']);

function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

interface ParsedAllowList {
  /** the entries it was parsed from, as one string */
  key: string;
  hosts: Set<string>;
  wildcardSuffixes: string[];
  networks: Network[];
}

const allowListCache = new Map<string, ParsedAllowList>();

function parseAllowList(entries: string[]): ParsedAllowList {
  const key = entries.join('\n');
  const cached = allowListCache.get(key);
  if (cached) return cached;
  const parsed: ParsedAllowList = {
    key,
    hosts: new Set(),
    wildcardSuffixes: [],
    networks: [],
  };
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    // A malformed CIDR allows nothing rather than failing every check.
    if (entry.includes('/')) {
      const network = parseNetwork(entry);
      if (network) parsed.networks.push(network);
      continue;
    }
    const network = parseNetwork(entry);
    if (network) {
      parsed.networks.push(network);
    } else if (entry.startsWith('*.')) {
      parsed.wildcardSuffixes.push(normalizeHost(entry.slice(1)));
    } else {
      parsed.hosts.add(normalizeHost(entry));
    }
  }
  if (allowListCache.size > 50) allowListCache.clear();
  allowListCache.set(key, parsed);
  return parsed;
}

function hostAllowListed(host: string, allow: ParsedAllowList): boolean {
  return allow.hosts.has(host) || allow.wildcardSuffixes.some((suffix) => host.endsWith(suffix));
}

function notAllowed(url: URL, reason: string, hint?: string): McpError {
  return new McpError('url_not_allowed', `${displayUrl(url)} is not allowed: ${reason}`, {
    notDelivered: true,
    hint:
      hint ??
      'MCP servers on private or loopback addresses are refused in this deployment. Use the server’s public address, or ask an operator to add the host or its network (CIDR) to the MCP allow-list.',
  });
}

/**
 * Verdicts already reached that an address is allowed, keyed by everything the verdict depends
 * on (the policy's values, the host, the address), so the same request to the same server does
 * not redo the same work every time. Refusals are not kept: they are rare and carry a message.
 */
const allowedVerdicts = new Set<string>();
const MAX_VERDICTS = 1_000;

/** One address to judge: the request's URL and host (for messages), under a policy. */
interface AddressCheck {
  url: URL;
  host: string;
  address: string;
  policy: UrlPolicy;
  allow: ParsedAllowList;
}

function checkAddress(check: AddressCheck): void {
  const { host, address, policy, allow } = check;
  const key = `${policy.allowPrivate ? 1 : 0}\u0000${allow.key}\u0000${host}\u0000${address}`;
  if (allowedVerdicts.has(key)) return;
  judgeAddress(check);
  if (allowedVerdicts.size >= MAX_VERDICTS) allowedVerdicts.clear();
  allowedVerdicts.add(key);
}

function judgeAddress({ url, host, address, policy, allow }: AddressCheck): void {
  const verdict = classifyAddress(address);
  if (!verdict) throw notAllowed(url, `${host} resolved to an address that could not be read`);
  if (verdict.class === 'public') return;
  const shown =
    parseHost(host) === verdict.address ? host : `${host} resolves to ${verdict.address}, which`;
  if (verdict.class === 'never') {
    throw notAllowed(
      url,
      `${shown} is link-local, multicast or a cloud metadata address (${verdict.reason})`,
      'Link-local and cloud metadata addresses are never allowed for MCP servers. Use the server’s regular address.',
    );
  }
  if (policy.allowPrivate) return;
  if (hostAllowListed(host, allow)) return;
  if (inNetworks(verdict, allow.networks)) return;
  throw notAllowed(
    url,
    `${shown} is a private, loopback or special-purpose address (${verdict.reason})`,
  );
}

/** The canonical text of a host written as an IP address (for "host resolves to" messages). */
function parseHost(host: string): string | undefined {
  return classifyAddress(host)?.address;
}

/**
 * Checks one address a host name resolved to, at connect time (lib/mcp/pinned-fetch.ts), so a
 * name cannot pass the check and then resolve to a private address for the connection itself.
 */
export function assertAddressAllowed(
  url: URL,
  host: string,
  address: string,
  policy: UrlPolicy,
): void {
  checkAddress({
    url,
    host: normalizeHost(host),
    address,
    policy,
    allow: parseAllowList(policy.allowList),
  });
}

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) => {
  const results = await lookup(host, { all: true, verbatim: true });
  return results.map((result) => result.address);
};

/**
 * Parses and checks an MCP server URL against the policy, after DNS resolution: every address
 * the name resolves to must pass, so a name with one public and one private address is refused.
 * Throws McpError invalid_url / url_not_allowed / dns.
 */
export async function checkMcpUrl(
  url: string,
  policy: UrlPolicy,
  resolve: Resolver = systemResolver,
): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new McpError('invalid_url', 'The address is not a valid URL.', { notDelivered: true });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new McpError(
      'invalid_url',
      `Only http:// and https:// addresses are supported, not ${parsed.protocol}//.`,
      {
        notDelivered: true,
      },
    );
  }
  if (!parsed.hostname) {
    throw new McpError('invalid_url', 'The address has no host name.', { notDelivered: true });
  }
  if (parsed.username || parsed.password) {
    // Said without quoting the address: what is before the @ is usually a password.
    throw new McpError(
      'invalid_url',
      'The address contains a user name or password (user:password@host), which is not supported.',
      {
        notDelivered: true,
        hint: 'Remove the part before the @ and put the credential in a header instead (for example Authorization: Basic … or Bearer …).',
      },
    );
  }
  await checkResolvedUrl(parsed, policy, resolve);
  return parsed;
}

/**
 * The checks that need no name lookup: the scheme, names that are never allowed or mean this
 * machine, and addresses written as such. Run before every request and redirect hop; the
 * addresses a name resolves to are checked where the connection itself looks them up
 * (lib/mcp/pinned-fetch.ts), so a request on a kept-alive connection does not wait for DNS.
 * Returns the host, normalized, when it is a name that still has to be resolved.
 */
export function checkRequestUrl(url: URL, policy: UrlPolicy): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw notAllowed(url, `redirects to ${url.protocol}// are not followed`);
  }
  const host = normalizeHost(url.hostname.replace(/^\[|\]$/g, ''));
  const allow = parseAllowList(policy.allowList);
  if (ALWAYS_REFUSED_HOSTS.has(host)) {
    throw notAllowed(
      url,
      `${host} is a cloud metadata service`,
      'Cloud metadata services are never allowed as MCP servers.',
    );
  }
  if (classifyAddress(host)) {
    checkAddress({ url, host, address: host, policy, allow });
    return null;
  }
  if (PRIVATE_HOSTS.has(host) || host.endsWith('.localhost')) {
    if (!policy.allowPrivate && !hostAllowListed(host, allow)) {
      throw notAllowed(url, `${host} is the local machine`);
    }
  }
  return host;
}

/** The same checks, then every address the name resolves to (a server's URL, when it is added or connected). */
async function checkResolvedUrl(
  url: URL,
  policy: UrlPolicy,
  resolve: Resolver = systemResolver,
): Promise<void> {
  const host = checkRequestUrl(url, policy);
  if (host === null) return;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    throw toMcpError(error, { phase: 'connect', url });
  }
  if (addresses.length === 0) {
    throw new McpError('dns', `${host} does not resolve to any address`, { notDelivered: true });
  }
  const allow = parseAllowList(policy.allowList);
  for (const address of addresses) checkAddress({ url, host, address, policy, allow });
}
