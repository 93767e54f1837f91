import { unstable_doesMiddlewareMatch, unstable_getResponseFromNextConfig } from 'next/experimental/testing/server';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import nextConfig from '@/next.config';
import { config, proxy } from '@/proxy';

const PREFETCH_HEADERS: [string, Record<string, string>][] = [
  ['a plain navigation', {}],
  ['a router prefetch', { 'next-router-prefetch': '1', rsc: '1' }],
  ['a browser prefetch', { purpose: 'prefetch' }],
  ['a speculation-rules prefetch', { 'sec-purpose': 'prefetch' }],
];

describe('proxy.ts runs for every page request, prefetch or not', () => {
  it.each(PREFETCH_HEADERS)('%s to a page is matched', (_name, headers) => {
    for (const url of ['/', '/orders', '/checkout/success?session_id=cs_test_x', '/orders/%E0%A4%A']) {
      expect(unstable_doesMiddlewareMatch({ config, url, headers }), url).toBe(true);
    }
  });

  it('API routes and static assets are not matched (they carry their own headers)', () => {
    expect(unstable_doesMiddlewareMatch({ config, url: '/api/checkout' })).toBe(false);
    expect(unstable_doesMiddlewareMatch({ config, url: '/_next/static/chunks/app.js' })).toBe(false);
  });

  it.each(PREFETCH_HEADERS)('%s gets the security headers, and a malformed path a 400 with them', (_name, headers) => {
    const page = proxy(new NextRequest('http://shop.test/orders', { headers }));
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');

    const malformed = proxy(new NextRequest('http://shop.test/orders/%E0%A4%A', { headers }));
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(malformed.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('API responses carry security headers too (next.config.ts)', () => {
  it.each(PREFETCH_HEADERS)('%s to an API route', async (_name, headers) => {
    for (const url of ['/api/session', '/api/checkout', '/api/webhooks/stripe']) {
      const response = await unstable_getResponseFromNextConfig({ url, nextConfig, headers });
      expect(response.headers.get('content-security-policy'), url).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});
