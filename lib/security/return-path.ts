/** Where a signed-in customer lands when no (acceptable) return path was given. */
export const DEFAULT_RETURN_PATH = '/orders';

/** Longer than any page of the shop; a longer value is noise or an attack. */
const MAX_RETURN_PATH_LENGTH = 2048;
/** Double- and triple-encoded tricks are undone this many times; anything still encoded is refused. */
const MAX_DECODE_ROUNDS = 3;
// C0 controls, DEL and C1 controls: browsers strip tab/CR/LF from URLs, turning "/\t/evil" into "//evil".
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const ENCODED_SLASH = /%(?:25)*(?:2f|5c)/i;
const BASE = 'https://return-path.invalid';

/**
 * Undoes percent-encoding until nothing changes (or gives up), so a check on the result sees what a
 * browser may eventually see. Null when an escape is malformed or it never settles.
 */
function fullyDecoded(value: string): string | null {
  let current = value;
  for (let round = 0; round <= MAX_DECODE_ROUNDS; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

/** Starts like a same-site absolute path, and not like "//host" or "/\host" (both mean another host to a browser). */
function looksLikeLocalPath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !value.includes('\\');
}

/**
 * The one parser for post-sign-in destinations: the same-origin relative path (path, query, fragment),
 * normalised, or null. Refused: anything not a string, absolute URLs and schemes, protocol-relative
 * `//host`, backslashes, control characters (tab, CR, LF…), and encoded forms of any of these.
 */
export function parseReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_PATH_LENGTH) return null;
  const decoded = fullyDecoded(value);
  if (decoded === null || CONTROL.test(value) || CONTROL.test(decoded)) return null;
  if (!looksLikeLocalPath(value) || !looksLikeLocalPath(decoded)) return null;
  // No page of the shop has an encoded slash in its path; servers and browsers disagree on what one means.
  if (ENCODED_SLASH.test(value.split(/[?#]/, 1)[0]!)) return null;

  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  // Dot segments can collapse into "//host" ("/a/..//evil"): check what the browser would request.
  const normalized = `${url.pathname}${url.search}${url.hash}`;
  const normalizedPath = fullyDecoded(url.pathname);
  if (!looksLikeLocalPath(normalized) || normalizedPath === null || !looksLikeLocalPath(normalizedPath)) return null;
  return normalized;
}

/** The return path, or `fallback` when it is not acceptable (no open redirects). */
export function safeReturnPath(value: unknown, fallback = DEFAULT_RETURN_PATH): string {
  return parseReturnPath(value) ?? fallback;
}
