import { describe, expect, it } from 'vitest';
import { clientKey, ipv6Network } from '@/lib/security/client-key';

const key = (forwardedFor: string | null, hops = 1) => clientKey(new Headers(forwardedFor === null ? {} : { 'x-forwarded-for': forwardedFor }), hops);

describe('clientKey', () => {
  it.each([
    ['one proxy: the rightmost entry', '203.0.113.7', 1, '203.0.113.7'],
    ['one proxy: spoofed entries on the left are ignored', '1.1.1.1, 2.2.2.2, 203.0.113.7', 1, '203.0.113.7'],
    ['two proxies: the second from the right', 'spoofed, 203.0.113.7, 10.0.0.2', 2, '203.0.113.7'],
    ['two proxies, the client wrote nothing', '203.0.113.7, 10.0.0.2', 2, '203.0.113.7'],
    ['fewer entries than hops: the leftmost (a trusted proxy wrote it)', '203.0.113.7', 3, '203.0.113.7'],
    ['an IPv4 address with a port', '203.0.113.7:5123', 1, '203.0.113.7'],
    ['IPv6 keyed by its /64', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', 1, '2001:db8:1:2::/64'],
    ['IPv6 compressed', '2001:db8::1', 1, '2001:db8:0:0::/64'],
    ['IPv6 in brackets with a port', '[2001:db8:1:2::99]:443', 1, '2001:db8:1:2::/64'],
    ['IPv6 with a zone', 'fe80::1%eth0', 1, 'fe80:0:0:0::/64'],
    ['IPv6 upper case', '2001:DB8:1:2::1', 1, '2001:db8:1:2::/64'],
    ['IPv4-mapped IPv6 is the IPv4 address', '::ffff:203.0.113.7', 1, '203.0.113.7'],
  ] as const)('%s', (_name, header, hops, expected) => {
    expect(key(header, hops)).toEqual({ kind: 'address', key: expected });
  });

  it.each([
    ['no header', null],
    ['an empty header', ''],
    ['only commas', ' , ,'],
    ['not an address', 'unknown'],
    ['a host name', 'evil.example'],
    ['garbage', '<script>'],
  ] as const)('%s is an unknown client', (_name, header) => {
    expect(key(header)).toEqual({ kind: 'unknown', key: 'unknown' });
  });

  it('every address of one /64 shares a key; the next /64 does not', () => {
    const keys = new Set(Array.from({ length: 50 }, (_, index) => key(`2001:db8:aa:bb:${index.toString(16)}::${index}`).key));
    expect([...keys]).toEqual(['2001:db8:aa:bb::/64']);
    expect(key('2001:db8:aa:bc::1').key).not.toBe('2001:db8:aa:bb::/64');
  });

  it('expands an IPv6 address with a dotted IPv4 tail', () => {
    expect(ipv6Network('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });
});
