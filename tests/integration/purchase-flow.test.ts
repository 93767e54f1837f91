import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { getCheckoutOutcome } from '@/lib/domain/orders/checkout-outcome';
import { stripeSessionLookup } from '@/lib/services/orders/session-lookup';
import type { EventRecord } from '@/lib/domain/orders/event-log';
import { inspectableSqliteStore } from '../support/store-inspection';
import { withInjectedFailures } from '../support/faulty-store';
import { payOnHostedPage } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

async function priceOf(shop: TestShop, productId: string): Promise<string> {
  const catalog = await shop.checkoutDeps.loadCatalog();
  const item = catalog.find((entry) => entry.productId === productId);
  if (!item) throw new Error(`${productId} is not in the seeded catalog`);
  return item.priceId;
}

async function buy(shop: TestShop, lines: { productId: string; quantity: number }[]): Promise<string> {
  const result = await createCheckout(shop.checkoutDeps, {
    lines: await Promise.all(lines.map(async (line) => ({ priceId: await priceOf(shop, line.productId), quantity: line.quantity }))),
    deliveryDate: daysFromNow(3),
  });
  if (!result.ok) throw new Error(result.error.message);
  const paid = await payOnHostedPage(result.url, '4242424242424242');
  expect(paid.status).toBe(303);
  expect(paid.location).toBe(`http://shop.test/checkout/success?session_id=${result.sessionId}`);
  return result.sessionId;
}

describe('purchase through Local Stripe and the webhook', () => {
  let shop: TestShop;
  beforeEach(async () => {
    shop = await startTestShop();
  });
  afterEach(async () => {
    await shop.close();
  });

  it('records a paid order with the right items and amount from the signed webhook', async () => {
    const sessionId = await buy(shop, [
      { productId: 'prod_grazing_board', quantity: 2 },
      { productId: 'prod_dessert_table', quantity: 1 },
    ]);
    await shop.emulator.waitForDeliveries(10_000);

    const order = await shop.store.getOrder(sessionId);
    expect(order).toMatchObject({ status: 'paid', currency: 'usd', amountTotal: 2 * 28900 + 21000, deliveryDate: daysFromNow(3) });
    expect(order?.items.map((item) => [item.name, item.quantity, item.unitAmount, item.amountTotal])).toEqual([
      ['Grand Grazing Board', 2, 28900, 57800],
      ['Petite Dessert Table', 1, 21000, 21000],
    ]);
    expect(order?.customer).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace' });
    expect(order?.shipping?.address).toMatchObject({ line1: '1 Main Street', city: 'Springfield', postalCode: '62701', country: 'US' });

    const outcome = await getCheckoutOutcome({ store: shop.store, lookupSession: stripeSessionLookup(shop.stripe) }, sessionId);
    expect(outcome).toMatchObject({ state: 'paid', firstName: 'Ada', amountTotal: 78800 });

    // Every event the payment produced was recorded, each exactly once.
    const events = await shop.inspect.events();
    const types = events.map((event) => event.type);
    expect(types).toContain('checkout.session.completed');
    expect(types).toContain('payment_intent.succeeded');
    expect(types).toContain('charge.succeeded');
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    expect(events.every((event) => event.status !== 'failed')).toBe(true);

    // Stripe agrees that every delivery succeeded.
    const completed = await shop.stripe.events.list({ type: 'checkout.session.completed' });
    expect(completed.data[0]?.pending_webhooks).toBe(0);
  });

  it('tells the truth before the webhook arrives: open sessions are not paid, unknown ids are not found', async () => {
    const result = await createCheckout(shop.checkoutDeps, {
      lines: [{ priceId: await priceOf(shop, 'prod_taco_bar'), quantity: 1 }],
      deliveryDate: daysFromNow(3),
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(await getCheckoutOutcome({ store: shop.store, lookupSession: stripeSessionLookup(shop.stripe) }, result.sessionId)).toEqual({ state: 'not_paid' });
    expect(await getCheckoutOutcome({ store: shop.store, lookupSession: stripeSessionLookup(shop.stripe) }, 'cs_test_doesnotexist')).toEqual({ state: 'not_found' });
    expect(await getCheckoutOutcome({ store: shop.store, lookupSession: stripeSessionLookup(shop.stripe) }, '../../etc/passwd')).toEqual({ state: 'not_found' });
  });

  it('expires an abandoned checkout', async () => {
    const result = await createCheckout(shop.checkoutDeps, {
      lines: [{ priceId: await priceOf(shop, 'prod_mezze_platter'), quantity: 1 }],
      deliveryDate: daysFromNow(3),
    });
    if (!result.ok) throw new Error(result.error.message);
    await shop.stripe.checkout.sessions.expire(result.sessionId);
    await shop.emulator.waitForDeliveries(10_000);
    expect((await shop.store.getOrder(result.sessionId))?.status).toBe('expired');
    expect(await getCheckoutOutcome({ store: shop.store, lookupSession: stripeSessionLookup(shop.stripe) }, result.sessionId)).toEqual({ state: 'expired' });
  });

  it('refuses inactive prices with a 400-style error and creates no session', async () => {
    const priceId = await priceOf(shop, 'prod_sandwich_boxes');
    await shop.stripe.prices.update(priceId, { active: false });
    const before = await shop.stripe.checkout.sessions.list({ limit: 100 });
    const result = await createCheckout(shop.checkoutDeps, { lines: [{ priceId, quantity: 1 }], deliveryDate: daysFromNow(3) });
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable_price', field: 'lines.0.priceId' } });
    const after = await shop.stripe.checkout.sessions.list({ limit: 100 });
    expect(after.data.length).toBe(before.data.length);
  });
});

describe('webhook endpoint security and idempotency', () => {
  let shop: TestShop;
  beforeEach(async () => {
    shop = await startTestShop();
  });
  afterEach(async () => {
    await shop.close();
  });

  async function completedEvent(): Promise<Stripe.Event> {
    await buy(shop, [{ productId: 'prod_breakfast_spread', quantity: 1 }]);
    await shop.emulator.waitForDeliveries(10_000);
    const events = await shop.stripe.events.list({ type: 'checkout.session.completed', limit: 1 });
    const event = events.data[0];
    if (!event) throw new Error('no checkout.session.completed event');
    return event;
  }

  function post(body: string, headers: Record<string, string>): Promise<Response> {
    return fetch(shop.webhookUrl, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
  }

  function sign(payload: string, secret = shop.webhookSecret, timestamp = Math.floor(Date.now() / 1000)): string {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
  }

  it('applies 20 concurrent copies of one event once', async () => {
    // A fresh event id the shop has never seen, carrying a real session.
    const original = await completedEvent();
    const copy = { ...original, id: 'evt_concurrent_copy_test' };
    const payload = JSON.stringify(copy, null, 2);
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(payload, { 'Stripe-Signature': sign(payload) })));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const stored = await shop.store.getEvent('evt_concurrent_copy_test');
    expect(stored).toMatchObject({ status: 'processed', attempts: 1 });
    const order = await shop.store.getOrder((original.data.object as Stripe.Checkout.Session).id);
    // One 'paid' entry in the timeline: the copy was a no-op on an already-paid order, applied once.
    expect(order?.history.filter((change) => change.status === 'paid')).toHaveLength(1);
    const again = await post(payload, { 'Stripe-Signature': sign(payload) });
    expect(await again.json()).toEqual({ received: true, duplicate: true });
  });

  it.each([
    ['missing', () => ({}), 400],
    ['garbled', () => ({ 'Stripe-Signature': 'garbage' }), 400],
    ['signed with the wrong secret', (payload: string) => ({ 'Stripe-Signature': sign(payload, 'whsec_not_the_right_one') }), 400],
    ['stale (10 minutes old)', (payload: string) => ({ 'Stripe-Signature': sign(payload, undefined, Math.floor(Date.now() / 1000) - 600) }), 400],
  ] as const)('refuses a %s signature and stores nothing', async (_name, headers, status) => {
    const payload = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'checkout.session.completed', data: { object: { id: 'cs_test_forged' } } });
    const response = await post(payload, headers(payload));
    expect(response.status).toBe(status);
    expect(await response.json()).toHaveProperty('error');
    expect(await shop.store.getEvent('evt_forged')).toBeNull();
    expect(await shop.store.getOrder('cs_test_forged')).toBeNull();
  });

  it('refuses a body changed after signing', async () => {
    const payload = JSON.stringify({ id: 'evt_tampered', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1' } } });
    const signature = sign(payload);
    const response = await post(payload.replace('cus_1', 'cus_2'), { 'Stripe-Signature': signature });
    expect(response.status).toBe(400);
    expect(await shop.store.getEvent('evt_tampered')).toBeNull();
  });

  it('refuses a body over 1 MB with 413', async () => {
    const payload = JSON.stringify({ id: 'evt_big', padding: 'x'.repeat(1024 * 1024) });
    const response = await post(payload, { 'Stripe-Signature': sign(payload) });
    expect(response.status).toBe(413);
    expect(await shop.store.getEvent('evt_big')).toBeNull();
  });
});

describe('a store failure while applying an event', () => {
  it('answers 500, Local Stripe retries, and the retry records the order once', async () => {
    let failuresLeft = 1;
    const sqlite = inspectableSqliteStore();
    const flaky = withInjectedFailures(sqlite.store, (method, args) => {
      const event = args[0] as EventRecord | undefined;
      if (method !== 'applyEvent' || event?.type !== 'checkout.session.completed' || failuresLeft === 0) return false;
      failuresLeft--;
      return true;
    });
    const shop = await startTestShop({ store: flaky, sqlite });
    try {
      const sessionId = await buy(shop, [{ productId: 'prod_taco_bar', quantity: 3 }]);
      await shop.emulator.waitForDeliveries(15_000);
      expect(failuresLeft).toBe(0);
      const order = await shop.store.getOrder(sessionId);
      expect(order).toMatchObject({ status: 'paid', amountTotal: 3 * 32000 });
      const completed = (await shop.inspect.events()).filter((event) => event.type === 'checkout.session.completed');
      expect(completed).toHaveLength(1);
      expect(completed[0]).toMatchObject({ status: 'processed', attempts: 2, lastError: null });
      const stripeEvent = await shop.stripe.events.retrieve(completed[0]!.id);
      expect(stripeEvent.pending_webhooks).toBe(0);
    } finally {
      await shop.close();
    }
  });
});
