import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { McpError, displayUrl, toMcpError } from './errors';
import type { UrlPolicy } from './types';

/**
 * Which addresses an MCP server URL may point at. The console fetches whatever URL an admin
 * types, from inside our network: without this, "register an MCP server" is a way to read the
 * cloud metadata service or poke internal services (SSRF).
 */

// Never reachable, whatever the policy says: link-local (where cloud metadata lives) and the
// metadata services' own addresses.
const ALWAYS_REFUSED = new BlockList();
ALWAYS_REFUSED.addSubnet('169.254.0.0', 16, 'ipv4');
ALWAYS_REFUSED.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
ALWAYS_REFUSED.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast: no HTTP server lives there
ALWAYS_REFUSED.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, incl. broadcast
ALWAYS_REFUSED.addSubnet('fe80::', 10, 'ipv6');
ALWAYS_REFUSED.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
ALWAYS_REFUSED.addSubnet('ff00::', 8, 'ipv6');

const ALWAYS_REFUSED_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

// Refused unless the policy allows private addresses or the allow-list names them.
const PRIVATE = new BlockList();
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('0.0.0.0', 8, 'ipv4'); // 0.0.0.0 reaches the local machine on Linux
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT: internal to a provider's network
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addAddress('::', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

const PRIVATE_HOSTS = new Set(['localhost']);

type Family = 'ipv4' | 'ipv6';

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) reaches the IPv4 address, so it is judged as one. */
function normalizeAddress(address: string): { address: string; family: Family } | null {
  let value = address.trim();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  const zone = value.indexOf('%');
  if (zone !== -1) value = value.slice(0, zone);
  const version = isIP(value);
  if (version === 4) return { address: value, family: 'ipv4' };
  if (version !== 6) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  if (mapped?.[1]) return { address: mapped[1], family: 'ipv4' };
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(value);
  if (mappedHex?.[1] && mappedHex[2]) {
    const hi = parseInt(mappedHex[1], 16);
    const lo = parseInt(mappedHex[2], 16);
    return { address: `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, family: 'ipv4' };
  }
  return { address: value.toLowerCase(), family: 'ipv6' };
}

function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

interface ParsedAllowList {
  /** the entries it was parsed from, as one string */
  key: string;
  hosts: Set<string>;
  wildcardSuffixes: string[];
  addresses: BlockList;
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
    addresses: new BlockList(),
  };
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const slash = entry.indexOf('/');
    if (slash !== -1) {
      const net = normalizeAddress(entry.slice(0, slash));
      const prefix = Number(entry.slice(slash + 1));
      const max = net?.family === 'ipv4' ? 32 : 128;
      // A malformed CIDR allows nothing rather than failing every check.
      if (net && Number.isInteger(prefix) && prefix >= 0 && prefix <= max) {
        parsed.addresses.addSubnet(net.address, prefix, net.family);
      }
      continue;
    }
    const address = normalizeAddress(entry);
    if (address) {
      parsed.addresses.addAddress(address.address, address.family);
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

function checkAddress(
  url: URL,
  host: string,
  address: string,
  policy: UrlPolicy,
  allow: ParsedAllowList,
): void {
  const key = `${policy.allowPrivate ? 1 : 0}\u0000${allow.key}\u0000${host}\u0000${address}`;
  if (allowedVerdicts.has(key)) return;
  judgeAddress(url, host, address, policy, allow);
  if (allowedVerdicts.size >= MAX_VERDICTS) allowedVerdicts.clear();
  allowedVerdicts.add(key);
}

function judgeAddress(
  url: URL,
  host: string,
  address: string,
  policy: UrlPolicy,
  allow: ParsedAllowList,
): void {
  const normalized = normalizeAddress(address);
  if (!normalized) throw notAllowed(url, `${host} resolved to an address that could not be read`);
  const shown =
    host === normalized.address ? host : `${host} resolves to ${normalized.address}, which`;
  if (ALWAYS_REFUSED.check(normalized.address, normalized.family)) {
    throw notAllowed(
      url,
      `${shown} is link-local, multicast or a cloud metadata address`,
      'Link-local and cloud metadata addresses are never allowed for MCP servers. Use the server’s regular address.',
    );
  }
  if (PRIVATE.check(normalized.address, normalized.family)) {
    if (policy.allowPrivate) return;
    if (hostAllowListed(host, allow)) return;
    if (allow.addresses.check(normalized.address, normalized.family)) return;
    throw notAllowed(url, `${shown} is a private or loopback address`);
  }
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
  checkAddress(url, normalizeHost(host), address, policy, parseAllowList(policy.allowList));
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
  if (normalizeAddress(host)) {
    checkAddress(url, host, host, policy, allow);
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
  for (const address of addresses) checkAddress(url, host, address, policy, allow);
}
