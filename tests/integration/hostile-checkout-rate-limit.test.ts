import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCheckoutRequest, type CheckoutRequestDeps } from '@/lib/http/checkout/handle-checkout-request';
import type { Clock } from '@/lib/domain/clock';
import { silentLogger } from '@/lib/logger';
import { createCheckoutRateLimiter } from '@/lib/security/checkout-rate-limit';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';
import { expectShortSafeError } from './hostile-helpers';

/** A client that opens checkouts in a loop is told to wait (429 + Retry-After) and reaches Stripe no more. */
describe('checkout rate limit', () => {
  let shop: TestShop;
  let priceId: string;
  let now: number;
  let deps: CheckoutRequestDeps;
  const clock: Clock = { now: () => new Date(now) };

  beforeAll(async () => {
    shop = await startTestShop();
    priceId = (await shop.checkoutDeps.loadCatalog())[0]!.priceId;
  });
  afterAll(async () => {
    await shop.close();
  });

  function checkoutFrom(forwardedFor: string): Promise<Response> {
    const body = JSON.stringify({ lines: [{ priceId, quantity: 1 }], deliveryDate: daysFromNow(3) });
    return handleCheckoutRequest(
      deps,
      new Request('http://shop.test/api/checkout', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Forwarded-For': forwardedFor },
      }),
    );
  }

  async function sessionCount(): Promise<number> {
    let count = 0;
    for await (const session of shop.stripe.checkout.sessions.list({ limit: 100 })) if (session) count++;
    return count;
  }

  it('allows 3 per minute per client, then answers 429 with Retry-After, and refills over time', async () => {
    now = Date.parse('2030-01-01T12:00:00Z');
    // The shop's clock stays real (delivery dates); only the limiter's clock is driven by the test.
    deps = { ...shop.checkoutDeps, logger: silentLogger, rateLimiter: createCheckoutRateLimiter(3, clock) };

    for (let attempt = 0; attempt < 3; attempt++) expect((await checkoutFrom('203.0.113.7')).status).toBe(200);
    const before = await sessionCount();

    const limited = await checkoutFrom('203.0.113.7');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(20);
    expect((await expectShortSafeError(limited)).error.code).toBe('rate_limited');
    expect(await sessionCount()).toBe(before);

    // Rewriting the left of X-Forwarded-For does not make a new client: the proxy's entry is the key.
    expect((await checkoutFrom('198.51.100.1, 203.0.113.7')).status).toBe(429);
    // Another client is unaffected.
    expect((await checkoutFrom('203.0.113.8')).status).toBe(200);

    now += 20_000;
    expect((await checkoutFrom('203.0.113.7')).status).toBe(200);
    expect((await checkoutFrom('203.0.113.7')).status).toBe(429);
  });

  it('counts refused attempts too: invalid carts cannot be used to probe without limit', async () => {
    now = Date.parse('2030-01-01T12:00:00Z');
    deps = { ...shop.checkoutDeps, logger: silentLogger, rateLimiter: createCheckoutRateLimiter(2, clock) };
    const garbage = () =>
      handleCheckoutRequest(deps, new Request('http://shop.test/api/checkout', { method: 'POST', body: '{', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '192.0.2.5' } }));
    expect((await garbage()).status).toBe(400);
    expect((await garbage()).status).toBe(400);
    const limited = await garbage();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
