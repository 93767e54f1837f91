import type { IncomingHttpHeaders } from 'node:http';

/** Header a script or tool sends to use a dev control with a form body (a cross-site form cannot set it). */
export const DEV_CONTROL_HEADER = 'x-local-stripe-control';

/** Content types an HTML form (or a no-preflight fetch) can send to another site. */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Why a browser request comes from another site, or null. Browsers send `Sec-Fetch-Site` and, on
 * every cross-origin POST, `Origin`; tools such as curl send neither and are not a CSRF risk.
 */
export function crossSiteReason(headers: IncomingHttpHeaders): string | null {
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return `Cross-site requests are refused (Sec-Fetch-Site: ${site}).`;
  const origin = headers.origin;
  if (origin === undefined) return null;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    // `Origin: null` (sandboxed frames, some redirects) or garbage: not this server.
  }
  return host !== null && host === headers.host ? null : `Cross-site requests are refused (Origin: ${origin}).`;
}

/**
 * Dev controls change state without an API key, so besides the cross-site checks a form-encoded
 * body must carry DEV_CONTROL_HEADER; JSON (which a cross-site page cannot send without a CORS
 * preflight this server never approves) or no body at all is fine.
 */
export function devControlRefusal(headers: IncomingHttpHeaders): string | null {
  const crossSite = crossSiteReason(headers);
  if (crossSite) return crossSite;
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (FORM_TYPES.includes(type) && headers[DEV_CONTROL_HEADER] === undefined) {
    return `Dev controls take JSON; a form body needs the ${DEV_CONTROL_HEADER} header.`;
  }
  return null;
}
