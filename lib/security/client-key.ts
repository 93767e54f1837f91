import { isIP } from 'node:net';

/** Who a rate limit counts a request against: a network (an IPv4 address or an IPv6 /64), or nobody known. */
export type ClientKey = { kind: 'address'; key: string } | { kind: 'unknown'; key: 'unknown' };

const UNKNOWN: ClientKey = { kind: 'unknown', key: 'unknown' };

/**
 * The client behind `trustedProxyHops` proxies that each append the address they were connected from to
 * `X-Forwarded-For` (Amplify Hosting/CloudFront: 1; CloudFront + an ALB: 2). Entries further left are
 * whatever the client wrote, so rotating or spoofing them changes nothing. An IPv6 client is keyed by its
 * /64, because one subscriber gets a whole /64 and can rotate through it freely.
 * `next start` without a proxy fills the header from the socket only when the client sent none, so a shop
 * exposed without a proxy cannot tell clients apart reliably: run it behind one.
 */
export function clientKey(headers: Headers, trustedProxyHops: number): ClientKey {
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  if (hops.length === 0) return UNKNOWN;
  const entry = hops[Math.max(0, hops.length - Math.max(1, trustedProxyHops))]!;
  const address = bareAddress(entry);
  if (isIP(address) === 4) return { kind: 'address', key: address };
  if (isIP(address) === 6) return { kind: 'address', key: ipv6Network(address) };
  return UNKNOWN;
}

/** "203.0.113.7:443" → "203.0.113.7"; "[2001:db8::1]:443" → "2001:db8::1"; drops an IPv6 zone ("%eth0"). */
function bareAddress(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!.split('%')[0]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  if (v4WithPort) return v4WithPort[1]!;
  return entry.split('%')[0]!;
}

/** The /64 of an IPv6 address as "2001:db8:0:1::/64"; an IPv4-mapped address is its IPv4 address. */
export function ipv6Network(address: string): string {
  const groups = expandIpv6(address);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** Eight 16-bit groups of a valid IPv6 address (with "::" and a dotted IPv4 tail expanded). */
function expandIpv6(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right].map((group) => Number.parseInt(group, 16));
}
