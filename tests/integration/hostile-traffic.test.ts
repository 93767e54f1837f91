import { NextRequest } from 'next/server';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCheckoutRequest, type CheckoutRequestDeps } from '@/lib/http/checkout/handle-checkout-request';
import type { Clock } from '@/lib/domain/clock';
import { silentLogger } from '@/lib/logger';
import { createCheckoutRateLimiter } from '@/lib/security/checkout-rate-limit';
import { DEFAULT_RETURN_PATH, safeReturnPath } from '@/lib/security/return-path';
import { isSameOriginRequest } from '@/lib/security/same-origin';
import { handleWebhookRequest } from '@/lib/http/webhooks/handle-webhook-request';
import { proxy } from '@/proxy';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';
import { expectShortSafeError } from './hostile-helpers';

/**
 * Issue 14's hostile traffic, one row per attack: open redirects, prefetches without headers, rate-limit
 * evasion (spoofed and rotating X-Forwarded-For, IPv6), bodies that hide their size, deeply nested JSON,
 * cross-site sign-out, and prices from outside the catalog. Each row asserts the outcome that must hold.
 * (Squatters, backlogs, success-page floods and outages have their own hostile-*.test.ts files.)
 */
let shop: TestShop;
let priceId: string;
let archivedProductPrice: string;
let now = Date.parse('2030-01-01T12:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const SITE = 'http://shop.test';

beforeAll(async () => {
  shop = await startTestShop();
  const catalog = await shop.checkoutDeps.loadCatalog();
  priceId = catalog[0]!.priceId;
  // A product taken off the menu whose price was left active: Stripe would still sell it.
  const archived = catalog.at(-1)!;
  archivedProductPrice = archived.priceId;
  await shop.stripe.products.update(archived.productId, { active: false });
});
afterAll(async () => {
  await shop?.close();
});

function checkoutDeps(capacity: number, trustedProxyHops = 1): CheckoutRequestDeps {
  return { ...shop.checkoutDeps, logger: silentLogger, rateLimiter: createCheckoutRateLimiter(capacity, clock), trustedProxyHops };
}

function checkout(deps: CheckoutRequestDeps, headers: Record<string, string>, body: BodyInit = '{'): Promise<Response> {
  return handleCheckoutRequest(
    deps,
    new Request(`${SITE}/api/checkout`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, duplex: 'half' } as RequestInit),
  );
}

/** Spends a client's whole allowance from `first`, then asks from `second`: 429 means they were one client. */
async function sameClient(first: Record<string, string>, second: Record<string, string>, hops = 1): Promise<boolean> {
  const deps = checkoutDeps(2, hops);
  expect((await checkout(deps, first)).status).toBe(400);
  expect((await checkout(deps, first)).status).toBe(400);
  const answer = await checkout(deps, second);
  return answer.status === 429;
}

/** A body that never ends and declares no length: only a reader that stops at the limit can answer. */
function endlessBody(): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let bytes = 0;
  const chunk = new TextEncoder().encode(`[${'1,'.repeat(511)}1]`.padEnd(1024, ' '));
  return {
    stream: new ReadableStream({
      pull(controller) {
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
    pulled: () => bytes,
  };
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function signedWebhook(payload: string): Request {
  return new Request(`${SITE}/api/webhooks/stripe`, {
    method: 'POST',
    body: payload,
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: shop.webhookSecret }) },
  });
}

interface Row {
  item: string;
  name: string;
  check: () => Promise<void> | void;
}

const redirect = (value: string): Row => ({
  item: '2 return path',
  name: `refuses ${JSON.stringify(value)}`,
  check: () => expect(safeReturnPath(value)).toBe(DEFAULT_RETURN_PATH),
});

const prefetch = (name: string, path: string, headers: Record<string, string>, status: number): Row => ({
  item: '3 headers',
  name,
  check: () => {
    const response = proxy(new NextRequest(`${SITE}${path}`, { headers }));
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  },
});

const signOut = (name: string, headers: Record<string, string>, expected: boolean): Row => ({
  item: '8 sign-out',
  name,
  check: () => expect(isSameOriginRequest(new Headers(headers), SITE)).toBe(expected),
});

const rows: Row[] = [
  redirect('/\t/evil.example'),
  redirect('/%09/evil.example'),
  redirect('/\r/evil.example'),
  redirect('/%0d%0a/evil.example'),
  redirect('/\n/evil.example'),
  redirect('/\\evil.example'),
  redirect('/%5c%5cevil.example'),
  redirect('//evil.example'),
  redirect('/%2f%2fevil.example'),
  redirect('https://evil.example'),
  redirect('javascript:alert(document.cookie)'),
  redirect('/a/..//evil.example'),

  prefetch('a router prefetch gets the headers', '/orders', { 'next-router-prefetch': '1', rsc: '1' }, 200),
  prefetch('a browser prefetch gets the headers', '/cart', { purpose: 'prefetch' }, 200),
  prefetch('a prefetch of a malformed path is a 400 with headers, not a 500', '/orders/%E0%A4%A', { 'next-router-prefetch': '1' }, 400),
  prefetch('a purpose-prefetch of a malformed path is a 400 with headers', '/products/%ZZ', { purpose: 'prefetch' }, 400),
  prefetch('a plain malformed path is a 400 with headers', '/%', {}, 400),

  {
    item: '4 rate limit',
    name: 'rewriting the left of X-Forwarded-For does not make a new client',
    check: async () => expect(await sameClient({ 'X-Forwarded-For': '203.0.113.10' }, { 'X-Forwarded-For': '1.2.3.4, 203.0.113.10' })).toBe(true),
  },
  {
    item: '4 rate limit',
    name: 'a rotating spoofed entry on every request is still one client',
    check: async () => {
      const deps = checkoutDeps(3);
      const statuses: number[] = [];
      for (let hit = 0; hit < 10; hit++) statuses.push((await checkout(deps, { 'X-Forwarded-For': `10.${hit}.0.1, 198.51.100.20` })).status);
      expect(statuses.filter((status) => status === 429)).toHaveLength(7);
    },
  },
  {
    item: '4 rate limit',
    name: 'two trusted proxies: the client is the second entry from the right',
    check: async () => expect(await sameClient({ 'X-Forwarded-For': '203.0.113.11, 10.0.0.1' }, { 'X-Forwarded-For': 'spoof, 203.0.113.11, 10.0.0.9' }, 2)).toBe(true),
  },
  {
    item: '4 rate limit',
    name: 'IPv6 addresses within one /64 are one client',
    check: async () => expect(await sameClient({ 'X-Forwarded-For': '2001:db8:1:1::1' }, { 'X-Forwarded-For': '2001:db8:1:1:ffff:ffff:ffff:fffe' })).toBe(true),
  },
  {
    item: '4 rate limit',
    name: 'another IPv6 /64 is another client',
    check: async () => expect(await sameClient({ 'X-Forwarded-For': '2001:db8:1:1::1' }, { 'X-Forwarded-For': '2001:db8:1:2::1' })).toBe(false),
  },
  {
    item: '4 rate limit',
    name: 'an IPv4 client behind a port or as IPv4-mapped IPv6 is the same client',
    check: async () => expect(await sameClient({ 'X-Forwarded-For': '203.0.113.12:5000' }, { 'X-Forwarded-For': '::ffff:203.0.113.12' })).toBe(true),
  },
  {
    item: '4 rate limit',
    name: 'clients without an address are counted together, and it is logged',
    check: async () => {
      const warnings: string[] = [];
      const logger = Object.assign(Object.create(silentLogger) as typeof silentLogger, { warn: (message: unknown) => void warnings.push(String(message)) });
      const deps = { ...checkoutDeps(1), logger };
      expect((await checkout(deps, {})).status).toBe(400);
      expect((await checkout(deps, { 'X-Forwarded-For': 'not-an-address' })).status).toBe(429);
      expect(warnings.some((warning) => warning.includes('TRUSTED_PROXY_HOPS'))).toBe(true);
    },
  },

  {
    item: '4 bodies',
    name: 'a chunked checkout body with no Content-Length, endless, is refused at 16 KB',
    check: async () => {
      const body = endlessBody();
      const response = await checkout(checkoutDeps(100), { 'X-Forwarded-For': '203.0.113.30' }, body.stream);
      expect(response.status).toBe(413);
      expect(body.pulled()).toBeLessThanOrEqual(16 * 1024 + 2048);
    },
  },
  {
    item: '4 bodies',
    name: 'a chunked webhook body with no Content-Length, endless, is refused at 1 MB',
    check: async () => {
      const body = endlessBody();
      const request = new Request(`${SITE}/api/webhooks/stripe`, {
        method: 'POST',
        body: body.stream,
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=00' },
        duplex: 'half',
      } as RequestInit);
      const response = await handleWebhookRequest(shop.webhookDeps, request);
      expect(response.status).toBe(413);
      expect(body.pulled()).toBeLessThanOrEqual(1024 * 1024 + 2048);
    },
  },
  {
    item: '4 bodies',
    name: 'a Content-Length that lies low does not let a big body through',
    check: async () => {
      const response = await checkout(checkoutDeps(100), { 'X-Forwarded-For': '203.0.113.31', 'Content-Length': '10' }, endlessBody().stream);
      expect(response.status).toBe(413);
    },
  },
  {
    item: '4 bodies',
    name: 'deeply nested JSON in a checkout is a 400, not a crash',
    check: async () => {
      const response = await checkout(checkoutDeps(100), { 'X-Forwarded-For': '203.0.113.32' }, `{"lines":${nested(8000)}}`);
      expect(response.status).toBe(400);
      await expectShortSafeError(response);
    },
  },
  {
    item: '4 bodies',
    name: 'deeply nested JSON past the checkout limit is a 413',
    check: async () => expect((await checkout(checkoutDeps(100), { 'X-Forwarded-For': '203.0.113.33' }, nested(20_000))).status).toBe(413),
  },
  {
    item: '4 bodies',
    name: 'a correctly signed webhook of deeply nested JSON is a 400, not a 500',
    check: async () => {
      const response = await handleWebhookRequest(shop.webhookDeps, signedWebhook(nested(400_000)));
      expect(response.status).toBe(400);
      await expectShortSafeError(response);
    },
  },
  {
    item: '4 bodies',
    name: 'a correctly signed event with a deeply nested object is refused without a 500',
    check: async () => {
      const payload = `{"id":"evt_nested","object":"event","type":"checkout.session.completed","created":1,"data":{"object":${nested(100_000).replace(/\[\]/, '{}')}}}`;
      const response = await handleWebhookRequest(shop.webhookDeps, signedWebhook(payload));
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    },
  },

  signOut('a link from another site does not sign out by itself', { 'sec-fetch-site': 'cross-site' }, false),
  signOut('a link from a sibling subdomain does not either', { 'sec-fetch-site': 'same-site' }, false),
  signOut('a typed URL or bookmark asks first', { 'sec-fetch-site': 'none' }, false),
  signOut("the shop's own button signs out at once", { 'sec-fetch-site': 'same-origin' }, true),
  signOut('an old browser with a foreign Referer asks first', { referer: 'https://evil.example/page' }, false),
  signOut('an old browser with our own Referer signs out', { referer: `${SITE}/orders` }, true),
  signOut('an old browser sending nothing asks first', {}, false),
  signOut('a forged Origin cannot win over Sec-Fetch-Site', { 'sec-fetch-site': 'cross-site', origin: SITE }, false),

  {
    item: '8 prices',
    name: "an active price of a product taken off the menu opens no Checkout Session",
    check: async () => {
      const response = await checkout(checkoutDeps(100), { 'X-Forwarded-For': '203.0.113.40' }, JSON.stringify({ lines: [{ priceId: archivedProductPrice, quantity: 1 }], deliveryDate: daysFromNow(3) }));
      expect(response.status).toBe(400);
      expect((await expectShortSafeError(response)).error.code).toBe('unavailable_price');
    },
  },
  {
    item: '8 prices',
    name: 'a catalog price still opens one (the row above is not vacuous)',
    check: async () => {
      const response = await checkout(checkoutDeps(100), { 'X-Forwarded-For': '203.0.113.41' }, JSON.stringify({ lines: [{ priceId, quantity: 1 }], deliveryDate: daysFromNow(3) }));
      expect(response.status).toBe(200);
    },
  },
];

describe('hostile traffic (issue 14)', () => {
  it('has at least 40 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows)('item $item: $name', async ({ check }) => {
    now += 60 * 60_000; // Every row starts with full allowances.
    await check();
  });
});
