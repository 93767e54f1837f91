import { describe, expect, it } from 'vitest';
import { clientAddress } from '@/lib/http/client-address';
import { isJsonContentType } from '@/lib/http/content-type';
import { hasMalformedEscape } from '@/lib/http/malformed-path';
import { authConnectOrigins } from '@/lib/security/auth-connect-origins';
import { buildContentSecurityPolicy, createNonce } from '@/lib/security/content-security-policy';
import { pageSecurityHeaders } from '@/lib/security/page-security-headers';
import { baselineSecurityHeaders } from '@/lib/security/security-headers';
import { isPrerenderedPage } from '@/lib/security/static-pages';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

const production = { development: false, production: true };
const local = { auth: { endpoint: 'http://127.0.0.1:9230', region: 'us-east-1' }, siteUrl: 'http://localhost:3100' };

describe('Content-Security-Policy', () => {
  it('allows scripts on dynamic pages only with the nonce, never inline or eval', () => {
    const policy = directives(buildContentSecurityPolicy({ nonce: 'abc123', connectOrigins: [], development: false, upgradeInsecureRequests: false }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('adds eval in development only, and upgrade-insecure-requests over HTTPS only', () => {
    const dev = directives(buildContentSecurityPolicy({ nonce: 'n', connectOrigins: [], development: true, upgradeInsecureRequests: true }));
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
    expect(dev.has('upgrade-insecure-requests')).toBe(true);
  });

  it('lets the browser reach exactly the user pool it is configured with', () => {
    expect(authConnectOrigins({ endpoint: 'http://127.0.0.1:9230/', region: 'eu-west-1' })).toEqual(['http://127.0.0.1:9230']);
    expect(authConnectOrigins({ endpoint: null, region: 'eu-west-1' })).toEqual(['https://cognito-idp.eu-west-1.amazonaws.com']);
    expect(authConnectOrigins(null)).toEqual([]);
    const policy = directives(pageSecurityHeaders('/sign-in', local, production).contentSecurityPolicy);
    expect(policy.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:9230']);
  });

  it('gives each page request a fresh nonce, and prerendered pages none', () => {
    const first = pageSecurityHeaders('/cart', local, production);
    const second = pageSecurityHeaders('/cart', local, production);
    expect(first.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(first.nonce).not.toBe(second.nonce);
    expect(first.contentSecurityPolicy).toContain(`'nonce-${first.nonce}'`);
    const catalog = pageSecurityHeaders('/', local, production);
    expect(catalog.nonce).toBeNull();
    expect(directives(catalog.contentSecurityPolicy).get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(new Set(Array.from({ length: 50 }, createNonce)).size).toBe(50);
  });

  it('knows the prerendered pages, with or without a trailing slash', () => {
    expect(['/', '/checkout/canceled', '/checkout/canceled/'].map(isPrerenderedPage)).toEqual([true, true, true]);
    expect(['/cart', '/checkout/success', '/orders/x', '/checkout'].map(isPrerenderedPage)).toEqual([false, false, false, false]);
  });
});

describe('baseline security headers', () => {
  it('sends HSTS in production only', () => {
    expect(baselineSecurityHeaders({ production: true })['Strict-Transport-Security']).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(baselineSecurityHeaders({ production: false })).not.toHaveProperty('Strict-Transport-Security');
  });

  it('sets the referrer, sniffing, framing and permissions policies', () => {
    expect(baselineSecurityHeaders({ production: false })).toMatchObject({
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Permissions-Policy': expect.stringContaining('camera=()'),
    });
  });
});

describe('request helpers', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON ; charset=UTF-8', true],
    ['application/jsonp', false],
    ['application/json-patch+json', false],
    ['text/plain', false],
    [null, false],
  ])('content type %j is JSON: %s', (header, expected) => {
    expect(isJsonContentType(header)).toBe(expected);
  });

  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['198.51.100.1, 203.0.113.7', '203.0.113.7'],
    [' 10.0.0.1 ,  203.0.113.7 ', '203.0.113.7'],
    ['', 'unknown'],
  ])('keys X-Forwarded-For %j by the address the nearest proxy appended (%s)', (forwardedFor, expected) => {
    expect(clientAddress(new Headers(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}))).toBe(expected);
  });

  it('skips the entries further trusted proxies appended', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': 'spoofed, 203.0.113.7, 10.0.0.2' }), 2)).toBe('203.0.113.7');
  });
});

describe('hasMalformedEscape', () => {
  it.each([
    ['/orders/%E0%A4%A', true],
    ['/products/%ZZ', true],
    ['/%', true],
    ['/orders/cs_test_abc', false],
    ['/orders/%27%22%3E', false],
    ['/', false],
  ])('%s: %s', (pathname, expected) => {
    expect(hasMalformedEscape(pathname)).toBe(expected);
  });
});
