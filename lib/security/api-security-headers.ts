import { baselineSecurityHeaders } from './security-headers';

/**
 * Headers for API responses (next.config.ts applies them; proxy.ts skips /api so request bodies stream
 * unbuffered to the handlers). JSON never needs a script, a frame or a plugin, so its policy allows nothing.
 */
export function apiSecurityHeaders(options: { production: boolean }): { key: string; value: string }[] {
  const headers = { ...baselineSecurityHeaders(options), 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'" };
  return Object.entries(headers).map(([key, value]) => ({ key, value }));
}
