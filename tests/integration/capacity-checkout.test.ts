import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCheckoutRequest, type CheckoutRequestDeps } from '@/lib/http/checkout/handle-checkout-request';
import { silentLogger } from '@/lib/logger';
import { createCheckoutRateLimiter } from '@/lib/security/checkout-rate-limit';
import { payOnHostedPage } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

/** Polls until the check passes; the cap is only a safety net, never the thing the test measures. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, capMs = 30_000): Promise<T> {
  const cap = Date.now() + capMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > cap) throw new Error(`condition not met within ${capMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const CAPACITY = 100;
const date = daysFromNow(5);

/**
 * The per-day capacity through the real checkout handler, Local Stripe and the webhook + follow-up worker:
 * a Grand Grazing Board serves 20, and the date already has 80 servings held, so one board is the last slot.
 */
describe('per-day capacity at checkout', () => {
  let shop: TestShop;
  let deps: CheckoutRequestDeps;
  let boardPriceId: string;

  beforeEach(async () => {
    shop = await startTestShop({ rules: { dailyCapacityServings: CAPACITY } });
    deps = { ...shop.checkoutDeps, logger: silentLogger, rateLimiter: createCheckoutRateLimiter(10_000) };
    const catalog = await shop.checkoutDeps.loadCatalog();
    boardPriceId = catalog.find((item) => item.productId === 'prod_grazing_board')!.priceId;
    expect(await shop.checkoutDeps.capacity.reserve({ holdId: 'earlier-orders', date, servings: CAPACITY - 20 }, CAPACITY)).toEqual({ ok: true });
  });
  afterEach(async () => {
    await shop.close();
  });

  function checkout(): Promise<Response> {
    const body = JSON.stringify({ lines: [{ priceId: boardPriceId, quantity: 1 }], deliveryDate: date, deliveryWindow: '12:00-14:00' });
    return handleCheckoutRequest(deps, new Request('http://shop.test/api/checkout', { method: 'POST', body, headers: { 'Content-Type': 'application/json', Accept: 'application/json' } }));
  }

  async function sessionsFor(day: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const session of shop.stripe.checkout.sessions.list({ limit: 100 })) if (session.metadata?.['delivery_date'] === day) ids.push(session.id);
    return ids;
  }

  async function holdOf(sessionId: string): Promise<string> {
    return (await shop.stripe.checkout.sessions.retrieve(sessionId)).metadata!['capacity_hold']!;
  }

  it('20 concurrent checkouts for the last slot: exactly one reaches payment, the others are told the date is full', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => checkout()));
    const bodies = await Promise.all(responses.map(async (response) => ({ status: response.status, body: (await response.json()) as { url?: string; error?: { code: string; message: string; field: string } } })));

    const accepted = bodies.filter((entry) => entry.status === 200);
    const refused = bodies.filter((entry) => entry.status === 409);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const { body } of refused) {
      expect(body.error).toMatchObject({ code: 'date_full', field: 'deliveryDate' });
      expect(body.error?.message).toMatch(/^We're fully booked on \w+day, \w+ \d+, \d{4}\. Please choose another delivery date\.$/);
    }
    expect(await shop.checkoutDeps.capacity.used(date)).toBe(CAPACITY);
    expect(await sessionsFor(date)).toHaveLength(1);
  });

  it('says how many servings remain when a smaller order would still fit', async () => {
    const body = JSON.stringify({ lines: [{ priceId: boardPriceId, quantity: 2 }], deliveryDate: date, deliveryWindow: '12:00-14:00' });
    const response = await handleCheckoutRequest(deps, new Request('http://shop.test/api/checkout', { method: 'POST', body, headers: { 'Content-Type': 'application/json', Accept: 'application/json' } }));
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('We can only cater 20 more servings on');
  });

  it('sessions expire with the hold: 32 minutes, and checkout.session.expired gives the servings back', async () => {
    const first = (await (await checkout()).json()) as { sessionId: string };
    const session = await shop.stripe.checkout.sessions.retrieve(first.sessionId);
    expect(session.expires_at - session.created).toBeGreaterThanOrEqual(30 * 60);
    expect(session.expires_at - session.created).toBeLessThanOrEqual(33 * 60);
    expect((await checkout()).status).toBe(409);

    await shop.stripe.checkout.sessions.expire(first.sessionId);
    await until(() => shop.checkoutDeps.capacity.used(date), (used) => used === CAPACITY - 20);
    expect((await shop.checkoutDeps.capacity.getHold(await holdOf(first.sessionId)))?.state).toBe('released');
    expect((await checkout()).status).toBe(200);
  });

  it('a paid session confirms its hold', async () => {
    const { sessionId, url } = (await (await checkout()).json()) as { sessionId: string; url: string };
    expect((await payOnHostedPage(url, '4242424242424242')).status).toBe(303);
    const hold = await holdOf(sessionId);
    await until(() => shop.checkoutDeps.capacity.getHold(hold), (stored) => stored?.state === 'confirmed');
    expect(await shop.checkoutDeps.capacity.used(date)).toBe(CAPACITY);
  });

  it('both paid after a hold lapsed: the late one is refunded in full through Stripe and told why; the date never exceeds capacity', async () => {
    const late = (await (await checkout()).json()) as { sessionId: string; url: string };
    // Its hold lapses (as if its expiry had been processed) while the buyer still has the page open.
    expect(await shop.checkoutDeps.capacity.release(await holdOf(late.sessionId))).toBe(true);

    const onTime = (await (await checkout()).json()) as { sessionId: string; url: string };
    expect((await payOnHostedPage(onTime.url, '4242424242424242', { email: 'first@example.com' })).status).toBe(303);
    await until(async () => (await shop.checkoutDeps.capacity.getHold(await holdOf(onTime.sessionId)))?.state, (state) => state === 'confirmed');

    expect((await payOnHostedPage(late.url, '4242424242424242', { email: 'late@example.com' })).status).toBe(303);
    const refunded = await until(() => shop.store.getOrder(late.sessionId), (order) => order?.status === 'refunded');
    expect(refunded?.amountRefunded).toBe(refunded?.amountTotal);
    const mail = await until(
      async () => (await shop.mailbox.list()).find((message) => message.key === `date-fully-booked:${late.sessionId}`),
      (found) => found !== undefined,
    );
    expect(mail?.to).toBe('late@example.com');
    expect(mail?.text).toContain('filled up while your checkout was open');
    expect(mail?.text).toContain('/cart?');

    const refunds = (await shop.stripe.refunds.list({ limit: 100 })).data.filter((refund) => refund.payment_intent === refunded!.paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.metadata).toMatchObject({ reason: 'delivery_date_fully_booked' });
    expect((await shop.checkoutDeps.capacity.getHold(await holdOf(late.sessionId)))?.state).toBe('overbooked');
    expect(await shop.checkoutDeps.capacity.used(date)).toBe(CAPACITY);
    expect((await shop.store.getOrder(onTime.sessionId))?.status).toBe('paid');
  });
});
