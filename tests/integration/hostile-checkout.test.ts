import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CART_LINES, MAX_QUANTITY } from '@/lib/domain/cart/cart-limits';
import { handleCheckoutRequest, type CheckoutRequestDeps } from '@/lib/http/checkout/handle-checkout-request';
import { silentLogger } from '@/lib/logger';
import { createCheckoutRateLimiter } from '@/lib/security/checkout-rate-limit';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';
import { expectShortSafeError } from './hostile-helpers';

/**
 * Hostile carts sent to POST /api/checkout (the handler the route calls): each is refused with a 4xx
 * `{ error: { code, message } }`, and Local Stripe holds no more Checkout Sessions than before.
 */
describe('hostile checkout requests', () => {
  let shop: TestShop;
  let deps: CheckoutRequestDeps;
  let priceIds: string[];
  let inactivePriceId: string;

  beforeAll(async () => {
    shop = await startTestShop();
    const catalog = await shop.checkoutDeps.loadCatalog();
    priceIds = catalog.map((item) => item.priceId);
    // A price that once was on sale: the browser may still hold it in a saved cart.
    inactivePriceId = priceIds.pop()!;
    await shop.stripe.prices.update(inactivePriceId, { active: false });
    deps = { ...shop.checkoutDeps, logger: silentLogger, rateLimiter: createCheckoutRateLimiter(10_000) };
  });
  afterAll(async () => {
    await shop.close();
  });

  async function sessionCount(): Promise<number> {
    let count = 0;
    for await (const session of shop.stripe.checkout.sessions.list({ limit: 100 })) if (session) count++;
    return count;
  }

  function request(body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }): Request {
    return new Request('http://shop.test/api/checkout', { method: 'POST', body, headers: { Accept: 'application/json', ...headers } });
  }

  const cart = (overrides: Record<string, unknown> = {}, line: Record<string, unknown> = {}) =>
    JSON.stringify({ lines: [{ priceId: priceIds[0], quantity: 1, ...line }], deliveryDate: daysFromNow(3), ...overrides });

  interface HostileCart {
    name: string;
    request: () => Request;
    status: number;
    code: string;
  }

  const cases: HostileCart[] = [
    { name: 'an unknown price', request: () => request(cart({}, { priceId: 'price_doesnotexist' })), status: 400, code: 'unavailable_price' },
    { name: 'an inactive price', request: () => request(cart({}, { priceId: inactivePriceId })), status: 400, code: 'unavailable_price' },
    { name: 'a price id that is not one', request: () => request(cart({}, { priceId: 'prod_1; DROP TABLE orders' })), status: 400, code: 'invalid_request' },
    { name: 'a zero quantity', request: () => request(cart({}, { quantity: 0 })), status: 400, code: 'invalid_request' },
    { name: 'a negative quantity', request: () => request(cart({}, { quantity: -3 })), status: 400, code: 'invalid_request' },
    { name: 'a fractional quantity', request: () => request(cart({}, { quantity: 1.5 })), status: 400, code: 'invalid_request' },
    { name: 'a quantity over the limit', request: () => request(cart({}, { quantity: MAX_QUANTITY + 1 })), status: 400, code: 'invalid_request' },
    { name: 'a huge quantity', request: () => request(cart({}, { quantity: 1e21 })), status: 400, code: 'invalid_request' },
    { name: 'a quantity as a string', request: () => request(cart({}, { quantity: '2' })), status: 400, code: 'invalid_request' },
    {
      name: 'too many lines',
      request: () =>
        request(JSON.stringify({ lines: Array.from({ length: MAX_CART_LINES + 1 }, (_, index) => ({ priceId: `price_fake${index}`, quantity: 1 })), deliveryDate: daysFromNow(3) })),
      status: 400,
      code: 'invalid_request',
    },
    {
      name: 'the same price on two lines',
      request: () => request(JSON.stringify({ lines: [{ priceId: priceIds[0], quantity: 1 }, { priceId: priceIds[0], quantity: 2 }], deliveryDate: daysFromNow(3) })),
      status: 400,
      code: 'invalid_request',
    },
    { name: 'an empty cart', request: () => request(cart({ lines: [] })), status: 400, code: 'invalid_request' },
    { name: 'lines that are not a list', request: () => request(cart({ lines: { priceId: 'price_1' } })), status: 400, code: 'invalid_request' },
    { name: 'an impossible delivery date', request: () => request(cart({ deliveryDate: '2030-02-31' })), status: 400, code: 'invalid_request' },
    { name: 'a delivery date that is not a date', request: () => request(cart({ deliveryDate: 'tomorrow' })), status: 400, code: 'invalid_request' },
    { name: 'a past delivery date', request: () => request(cart({ deliveryDate: daysFromNow(-2) })), status: 400, code: 'invalid_delivery_date' },
    { name: 'a delivery date today (no notice)', request: () => request(cart({ deliveryDate: daysFromNow(0) })), status: 400, code: 'invalid_delivery_date' },
    { name: 'a delivery date years ahead', request: () => request(cart({ deliveryDate: daysFromNow(800) })), status: 400, code: 'invalid_delivery_date' },
    { name: 'an extra top-level field (a price)', request: () => request(cart({ amountTotal: 1 })), status: 400, code: 'invalid_request' },
    { name: 'an extra field on a line (a unit amount)', request: () => request(cart({}, { unitAmount: 1 })), status: 400, code: 'invalid_request' },
    { name: 'an extra field naming the return URL', request: () => request(cart({ success_url: 'https://evil.example' })), status: 400, code: 'invalid_request' },
    { name: 'a body that is not JSON', request: () => request('lines=price_1&quantity=1'), status: 400, code: 'invalid_json' },
    { name: 'JSON null', request: () => request('null'), status: 400, code: 'invalid_request' },
    { name: 'a JSON array', request: () => request('[]'), status: 400, code: 'invalid_request' },
    { name: 'a form content type', request: () => request(cart(), { 'Content-Type': 'application/x-www-form-urlencoded' }), status: 415, code: 'unsupported_media_type' },
    { name: 'a text/plain content type', request: () => request(cart(), { 'Content-Type': 'text/plain' }), status: 415, code: 'unsupported_media_type' },
    { name: 'a look-alike content type', request: () => request(cart(), { 'Content-Type': 'application/jsonp' }), status: 415, code: 'unsupported_media_type' },
    { name: 'no content type', request: () => request(cart(), {}), status: 415, code: 'unsupported_media_type' },
    { name: 'a body over 16 KB', request: () => request(cart({ note: 'x'.repeat(17 * 1024) })), status: 413, code: 'payload_too_large' },
  ];

  it.each(cases)('refuses $name with $status and opens no Checkout Session', async ({ request: hostile, status, code }) => {
    const before = await sessionCount();
    const response = await handleCheckoutRequest(deps, hostile());

    expect(response.status).toBe(status);
    const body = await expectShortSafeError(response);
    expect(body.error.code).toBe(code);
    expect(await sessionCount()).toBe(before);
  });

  it('opens exactly one Checkout Session for a valid cart (the table above is not vacuous)', async () => {
    const before = await sessionCount();
    const response = await handleCheckoutRequest(deps, request(cart({}, { quantity: 2 })));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ url: expect.stringContaining('/c/pay/cs_test_'), sessionId: expect.stringMatching(/^cs_test_/) });
    expect(await sessionCount()).toBe(before + 1);
  });
});
