import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { ManualClock } from '@/lib/domain/clock';
import { API_KEY, sdk, seededPrice, startEmulator } from './helpers';

// The emulator takes the app's Clock: time-based rules are tested by moving it, never by waiting.
const START = '2032-06-01T09:00:00Z';
const clock = new ManualClock(START);
const HOUR_MS = 3600 * 1000;
let emulator: RunningStripeEmulator;
let stripe: Stripe;
let priceId: string;

beforeAll(async () => {
  emulator = await startEmulator({ clock });
  stripe = sdk(emulator);
  priceId = (await seededPrice(stripe, 'prod_breakfast_spread')).id;
});
afterAll(() => emulator.close());

const seconds = (): number => Math.floor(clock.now().getTime() / 1000);

function newSession(): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: priceId, quantity: 1 }], success_url: 'http://shop.test/thanks' });
}

async function createProduct(name: string, idempotencyKey: string): Promise<{ id: string; replayed: string | null }> {
  const res = await fetch(`${emulator.url}/v1/products`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': idempotencyKey },
    body: new URLSearchParams({ name }).toString(),
  });
  expect(res.status).toBe(200);
  return { id: ((await res.json()) as { id: string }).id, replayed: res.headers.get('idempotent-replayed') };
}

describe('the emulator clock', () => {
  it('stamps objects and events with its time', async () => {
    const session = await newSession();
    expect(session.created).toBe(seconds());
    expect(session.expires_at).toBe(seconds() + 24 * 3600);
    const product = await stripe.products.create({ name: 'Clocked' });
    expect(product.created).toBe(seconds());
    const events = await stripe.events.list({ type: 'product.created', limit: 1 });
    expect(events.data[0]?.created).toBe(seconds());
  });

  it('expires a session when its time comes on the clock, with one checkout.session.expired', async () => {
    const session = await newSession();
    clock.advance(24 * HOUR_MS - 1000);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    clock.advance(1000);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
    const expired = await stripe.events.list({ type: 'checkout.session.expired', limit: 100 });
    expect(expired.data.filter((e) => (e.data.object as Stripe.Checkout.Session).id === session.id)).toHaveLength(1);
  });

  it('replays an idempotency key within 24 hours of the clock and not after', async () => {
    const first = await createProduct('Once', 'clock-key-1');
    clock.advance(23 * HOUR_MS);
    const replay = await createProduct('Once', 'clock-key-1');
    expect(replay).toEqual({ id: first.id, replayed: 'true' });
    clock.advance(HOUR_MS);
    const fresh = await createProduct('Once', 'clock-key-1');
    expect(fresh.id).not.toBe(first.id);
    expect(fresh.replayed).toBeNull();
  });

  it('stamps billing objects with its time: customers, subscriptions and their invoices, test clocks, portal sessions', async () => {
    clock.advance(HOUR_MS);
    const customer = await stripe.customers.create({ email: 'clocked@example.com' });
    expect(customer.created).toBe(seconds());
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2040, cvc: '123' } });
    await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_sandwich_boxes_weekly' }] });
    expect(sub.created).toBe(seconds());
    expect(sub.items.data[0]?.current_period_start).toBe(seconds());
    const invoices = await stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => i.created)).toEqual([seconds()]);
    const testClock = await stripe.testHelpers.testClocks.create({ frozen_time: seconds() - 3600 });
    expect(testClock.created).toBe(seconds());
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'http://shop.test/account' });
    expect(portal.created).toBe(seconds());
    // Read back through the shared read routes.
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ created: customer.created });
    expect((await stripe.testHelpers.testClocks.list()).data.map((c) => c.id)).toContain(testClock.id);
  });
});
