/**
 * The address a request came from, as seen by the proxy in front of the shop.
 *
 * A route handler has no socket, only headers. The shop is meant to run behind a proxy that appends
 * the address it received the connection from to `X-Forwarded-For` (CloudFront, Amplify Hosting, an ALB;
 * `next start` alone sets it from the socket only when the client sent none). Entries to the left of
 * the ones trusted proxies appended are whatever the client wrote, so they are never used as a key:
 * with `trustedProxyHops` proxies in front, the client is the entry that many places from the right.
 * Exposed without such a proxy, a client can pick its own key, and per-client limits become advisory.
 */
export function clientAddress(headers: Headers, trustedProxyHops = 1): string {
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  const index = hops.length - Math.max(1, trustedProxyHops);
  return hops[Math.max(0, index)] ?? 'unknown';
}
