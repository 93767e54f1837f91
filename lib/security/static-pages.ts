/**
 * Pages `next build` prerenders: their HTML is built once and served to everyone, so it cannot carry
 * a per-request nonce, and a nonce-only CSP would block Next's inline bootstrap scripts on them.
 * They get `script-src 'self' 'unsafe-inline'` instead. The trade-off:
 * - `/` (the catalog) stays static so it is fast and served from cache; it is revalidated by webhooks.
 *   It shows Stripe's product data only, with no user input echoed and nothing signed-in, so the
 *   weaker script policy guards little there. Making it `force-dynamic` would give it the nonce
 *   policy at the cost of a render (and a cached catalog read) per view.
 * - `/checkout/canceled` and `/bench/empty` have no dynamic content at all.
 * Not-found pages for unmatched URLs are prerendered too, but the proxy cannot tell an unmatched URL
 * from a dynamic route, so they keep the nonce policy and render as plain HTML without hydration.
 *
 * tests/e2e/security.spec.ts compares this list with the build's prerender manifest, so a page that
 * becomes static (or dynamic) fails a test until it is listed here (or removed).
 */
export const PRERENDERED_PAGES: readonly string[] = ['/', '/checkout/canceled', '/bench/empty'];

export function isPrerenderedPage(pathname: string): boolean {
  const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return PRERENDERED_PAGES.includes(normalized);
}
