/**
 * True when the browser says this request came from the shop's own pages. `Sec-Fetch-Site` is set by
 * every current browser and cannot be forged by a page; older browsers fall back to Origin, then Referer.
 * A typed URL (`none`), a bookmark or another site's link is not same-origin.
 */
export function isSameOriginRequest(headers: Headers, siteUrl: string): boolean {
  const fetchSite = headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite === 'same-origin';
  const expected = originOf(siteUrl);
  const claimed = headers.get('origin') ?? headers.get('referer');
  return expected !== null && claimed !== null && originOf(claimed) === expected;
}

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}
