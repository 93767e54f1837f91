/**
 * True when a URL path has a broken percent-escape (`/orders/%ZZ`). Next 16.4 answers those with a bare
 * 500 on dynamic routes (decoding the route params throws), so proxy.ts refuses them first with a 400.
 */
export function hasMalformedEscape(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}
