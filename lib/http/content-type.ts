/**
 * True when a Content-Type header names JSON: `application/json`, with or without parameters
 * (Stripe sends `application/json; charset=utf-8`). A prefix match would also let
 * `application/jsonp` or `application/json-patch+json` through, so the media type is compared whole.
 */
export function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const mediaType = header.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json';
}
