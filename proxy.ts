import { NextResponse, type NextRequest } from 'next/server';
import { getConfig, type AppConfig } from '@/lib/config/config';
import { hasMalformedEscape } from '@/lib/http/malformed-path';
import { pageSecurityHeaders } from '@/lib/security/page-security-headers';

/**
 * Security headers for every page (Next 16's proxy, formerly middleware). The CSP goes on the request
 * too: Next reads the nonce from it while rendering and puts it on its own scripts.
 */
export function proxy(request: NextRequest): NextResponse {
  const policy = pageSecurityHeaders(request.nextUrl.pathname, readConfig(), {
    development: process.env.NODE_ENV === 'development',
    production: process.env.NODE_ENV === 'production',
  });

  if (hasMalformedEscape(request.nextUrl.pathname)) {
    const refusal = new NextResponse('Bad request: malformed URL', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    for (const [name, value] of Object.entries(policy.responseHeaders)) refusal.headers.set(name, value);
    return refusal;
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', policy.contentSecurityPolicy);
  if (policy.nonce) requestHeaders.set('x-nonce', policy.nonce);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(policy.responseHeaders)) response.headers.set(name, value);
  return response;
}

function readConfig(): AppConfig | null {
  try {
    return getConfig();
  } catch {
    // The page reports the configuration error itself; the headers fall back to the strictest policy.
    return null;
  }
}

export const config = {
  matcher: [
    {
      // API routes answer JSON with their own headers (lib/http/json-response.ts) and keep their bodies
      // unbuffered by the proxy; static assets are immutable files with no document to protect.
      // Prefetches (`Next-Router-Prefetch`, `Purpose: prefetch`) are matched like any request: they get the
      // same headers and the same refusal of malformed paths (tests/unit/proxy-matcher.test.ts).
      source: '/((?!api/|_next/static/|_next/image|favicon.ico).*)',
    },
  ],
};
