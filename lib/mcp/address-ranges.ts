import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * What an IP address is, for the MCP URL policy: public (global unicast), private (loopback,
 * RFC 1918, unique-local, and every other IANA special-purpose range: documentation,
 * benchmarking, protocol assignments...), or never (link-local, where cloud metadata lives,
 * multicast, broadcast, and the metadata services' own addresses). The ranges come from
 * ipaddr.js, which tracks the IANA special-purpose registries, rather than a hand-kept list.
 *
 * IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64,
 * 6to4, Teredo) reach that IPv4 address, so they are judged by it as well.
 */

export type AddressClass = 'public' | 'private' | 'never';

export interface AddressVerdict {
  class: AddressClass;
  /** the address in canonical text */
  address: string;
  /** the IPv4 addresses an IPv6 form carries, when it carries any */
  embedded: string[];
  /** why it is not public, for a message: "loopback", "reserved", "6to4 of 127.0.0.1"... */
  reason: string;
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

const RANK: Record<AddressClass, number> = { public: 0, private: 1, never: 2 };

// Never reachable, whatever the policy says.
const NEVER_V4 = new Set(['linkLocal', 'multicast', 'broadcast']);
const NEVER_V6 = new Set(['linkLocal', 'multicast']);
const METADATA_ADDRESSES = new Set([
  '100.100.100.200', // Alibaba Cloud metadata
  'fd00:ec2::254', // AWS metadata over IPv6
]);
// 240.0.0.0/4 (future use) sits inside ipaddr.js's broader "reserved": no server lives there.
const FUTURE_USE_V4 = ipaddr.parseCIDR('240.0.0.0/4');
// Global unicast IPv6 is only ever allocated from 2000::/3; anything else is not public.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
const NAT64_LOCAL_USE = ipaddr.parseCIDR('64:ff9b:1::/48');

/** Strict parse: only the standard forms (net.isIP), brackets and zone ids removed. */
export function parseAddress(text: string): Address | null {
  let value = text.trim();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  const zone = value.indexOf('%');
  if (zone !== -1) value = value.slice(0, zone);
  if (isIP(value) === 0) return null;
  try {
    return ipaddr.parse(value);
  } catch {
    return null;
  }
}

function v4From(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 255, low >> 8, low & 255]);
}

/** The IPv4 addresses an IPv6 address carries, with the name of the form. */
function embeddedIPv4(v6: ipaddr.IPv6): { form: string; addresses: ipaddr.IPv4[] } | null {
  const p = v6.parts as number[];
  const at = (i: number) => p[i] ?? 0;
  const range = v6.range();
  if (range === 'ipv4Mapped') return { form: 'IPv4-mapped', addresses: [v4From(at(6), at(7))] };
  if (range === 'rfc6145') return { form: 'IPv4-translated', addresses: [v4From(at(6), at(7))] };
  if (range === 'rfc6052') return { form: 'NAT64', addresses: [v4From(at(6), at(7))] };
  if (range === '6to4') return { form: '6to4', addresses: [v4From(at(1), at(2))] };
  if (range === 'teredo') {
    // RFC 4380: the server's address in bits 32-63, the client's inverted in the last 32.
    return {
      form: 'Teredo',
      addresses: [v4From(at(2), at(3)), v4From(~at(6) & 0xffff, ~at(7) & 0xffff)],
    };
  }
  // IPv4-compatible (::a.b.c.d, deprecated by RFC 4291 but still routed by some stacks).
  if (p.slice(0, 6).every((part) => part === 0) && !(at(6) === 0 && at(7) <= 1)) {
    return { form: 'IPv4-compatible', addresses: [v4From(at(6), at(7))] };
  }
  return null;
}

function classifyV4(v4: ipaddr.IPv4): { class: AddressClass; reason: string } {
  const text = v4.toString();
  const range = v4.range();
  if (METADATA_ADDRESSES.has(text)) return { class: 'never', reason: 'a cloud metadata address' };
  if (NEVER_V4.has(range) || v4.match(FUTURE_USE_V4)) return { class: 'never', reason: range };
  if (range === 'unicast') return { class: 'public', reason: 'public' };
  return { class: 'private', reason: range };
}

function classifyV6(v6: ipaddr.IPv6): { class: AddressClass; reason: string; embedded: string[] } {
  const text = v6.toNormalizedString();
  const range = v6.range();
  if (METADATA_ADDRESSES.has(v6.toString())) {
    return { class: 'never', reason: 'a cloud metadata address', embedded: [] };
  }
  if (NEVER_V6.has(range)) return { class: 'never', reason: range, embedded: [] };
  const carried = embeddedIPv4(v6);
  if (carried) {
    // Local-use NAT64 and Teredo are not global in themselves, whatever they carry.
    let result: AddressClass =
      range === 'teredo' || v6.match(NAT64_LOCAL_USE) ? 'private' : 'public';
    let reason = result === 'public' ? 'public' : carried.form;
    for (const inner of carried.addresses) {
      const verdict = classifyV4(inner);
      if (RANK[verdict.class] > RANK[result]) {
        result = verdict.class;
        reason = `${carried.form} of ${inner.toString()}, ${verdict.reason}`;
      }
    }
    return { class: result, reason, embedded: carried.addresses.map((a) => a.toString()) };
  }
  if (range === 'unicast' && v6.match(GLOBAL_UNICAST_V6)) {
    return { class: 'public', reason: 'public', embedded: [] };
  }
  return {
    class: 'private',
    reason: range === 'unicast' ? `outside 2000::/3 (${text})` : range,
    embedded: [],
  };
}

/** The verdict for an address written in standard form; null when it is not an IP address. */
export function classifyAddress(text: string): AddressVerdict | null {
  const parsed = parseAddress(text);
  if (!parsed) return null;
  if (parsed.kind() === 'ipv4') {
    const v4 = parsed as ipaddr.IPv4;
    return { ...classifyV4(v4), address: v4.toString(), embedded: [] };
  }
  const v6 = parsed as ipaddr.IPv6;
  return { ...classifyV6(v6), address: v6.toString() };
}

/** An allow-list network: an address or CIDR, IPv4-mapped forms read as IPv4. */
export type Network = [Address, number];

export function parseNetwork(entry: string): Network | null {
  const slash = entry.indexOf('/');
  const address = parseAddress(slash === -1 ? entry : entry.slice(0, slash));
  if (!address) return null;
  const max = address.kind() === 'ipv4' ? 32 : 128;
  const prefix = slash === -1 ? max : Number(entry.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), prefix - 96];
  }
  return [address, prefix];
}

/** Whether the address, or an IPv4 address it carries, is in one of the networks. */
export function inNetworks(verdict: AddressVerdict, networks: readonly Network[]): boolean {
  if (networks.length === 0) return false;
  const candidates = [verdict.address, ...verdict.embedded]
    .map(parseAddress)
    .filter((a): a is Address => a !== null);
  return candidates.some((candidate) =>
    networks.some(
      ([net, prefix]) => net.kind() === candidate.kind() && candidate.match(net, prefix),
    ),
  );
}
