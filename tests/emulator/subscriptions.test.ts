// Subscriptions in Local Stripe through the official SDK: recurring prices, renewals on a test clock, events.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { removeDir, sdk, startEmulator, startReceiver, tempDir, type Receiver } from './helpers';

let dir: string;
let emulator: RunningStripeEmulator;
let stripe: Stripe;
let receiver: Receiver;

const DAY = 86_400;
const START = Date.UTC(2026, 0, 5, 9, 0, 0) / 1000; // a Monday, 09:00 UTC

beforeAll(async () => {
  dir = tempDir();
  receiver = await startReceiver();
  emulator = await startEmulator({ dataDir: dir, webhookEndpoint: { url: receiver.url, secret: 'whsec_subscriptions' } });
  stripe = sdk(emulator);
});

afterAll(async () => {
  await emulator.close();
  await receiver.close();
  removeDir(dir);
});

afterEach(() => {
  receiver.received.length = 0;
});

/** Polls the clock until Stripe reports it `ready` (the SDK user's loop). */
async function advance(clockId: string, to: number): Promise<Stripe.TestHelpers.TestClock> {
  const started = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to });
  expect(['advancing', 'ready']).toContain(started.status);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const clock = await stripe.testHelpers.testClocks.retrieve(clockId);
    if (clock.status === 'ready') return clock;
    if (Date.now() > deadline) throw new Error(`clock ${clockId} still ${clock.status}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function customerOnClock(card: string): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START, name: 'office lunches' });
  const customer = await stripe.customers.create({ email: 'office@example.com', name: 'Acme Office', test_clock: clock.id });
  const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: card, exp_month: 12, exp_year: 2030, cvc: '123' } });
  await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  return { clock, customer, pm };
}

function invoiceSubscription(invoice: Stripe.Invoice): string | null {
  const sub = invoice.parent?.subscription_details?.subscription;
  return typeof sub === 'string' ? sub : (sub?.id ?? null);
}

describe('recurring prices', () => {
  it('seeds weekly and monthly plans with stable ids and lookup keys, and creates recurring prices', async () => {
    const plans = await stripe.prices.list({ lookup_keys: ['sandwich-boxes-weekly', 'sandwich-boxes-monthly'] });
    expect(plans.data.map((p) => [p.id, p.type, p.recurring?.interval]).sort()).toEqual([
      ['price_sandwich_boxes_monthly', 'recurring', 'month'],
      ['price_sandwich_boxes_weekly', 'recurring', 'week'],
    ]);
    // The shop's catalog (one-time prices) is unchanged.
    const oneTime = await stripe.prices.list({ type: 'one_time', limit: 100 });
    expect(oneTime.data.every((p) => p.recurring === null)).toBe(true);
    const price = await stripe.prices.create({ product: 'prod_taco_bar', currency: 'usd', unit_amount: 5000, recurring: { interval: 'week', interval_count: 2 } });
    expect(price).toMatchObject({ type: 'recurring', recurring: { interval: 'week', interval_count: 2, usage_type: 'licensed' } });
    await expect(stripe.prices.create({ product: 'prod_taco_bar', currency: 'usd', unit_amount: 5000, recurring: { interval: 'week', interval_count: 53 } })).rejects.toThrow(/one year/);
  });
});

describe('subscriptions on a test clock', () => {
  it('advancing over three periods yields exactly three renewal invoices, paid with the saved card, and their events', async () => {
    const { clock, customer, pm } = await customerOnClock('4242424242424242');
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_sandwich_boxes_weekly', quantity: 2 }], metadata: { weekday: 'tuesday' } });
    expect(sub.status).toBe('active');
    expect(sub.start_date).toBe(START);
    expect(sub.items.data[0]).toMatchObject({ current_period_start: START, current_period_end: START + 7 * DAY, quantity: 2 });
    const first = await stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(first).toMatchObject({ status: 'paid', billing_reason: 'subscription_create', amount_paid: 33000, customer: customer.id, test_clock: clock.id });
    expect(invoiceSubscription(first)).toBe(sub.id);
    expect(first.hosted_invoice_url).toMatch(/\/i\/in_/);

    for (let week = 1; week <= 3; week++) await advance(clock.id, START + week * 7 * DAY + 3600);

    const invoices = await stripe.invoices.list({ subscription: sub.id, limit: 100 });
    const cycles = invoices.data.filter((i) => i.billing_reason === 'subscription_cycle');
    expect(cycles).toHaveLength(3);
    expect(cycles.every((i) => i.status === 'paid' && i.amount_paid === 33000 && i.default_payment_method === null)).toBe(true);
    const periods = cycles.map((i) => i.lines.data[0]?.period).reverse();
    expect(periods).toEqual([1, 2, 3].map((k) => ({ start: START + k * 7 * DAY, end: START + (k + 1) * 7 * DAY })));
    const payments = await stripe.invoicePayments.list({ invoice: cycles[0]?.id ?? '' });
    const pi = await stripe.paymentIntents.retrieve(String(payments.data[0]?.payment.payment_intent));
    expect(pi).toMatchObject({ status: 'succeeded', payment_method: pm.id, customer: customer.id, amount: 33000 });

    const renewed = await stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe('active');
    expect(renewed.items.data[0]).toMatchObject({ current_period_start: START + 21 * DAY, current_period_end: START + 28 * DAY });
    expect(renewed.latest_invoice).toBe(cycles[0]?.id);

    await receiver.waitFor((events) => events.filter((e) => e.type === 'invoice.paid').length === 4);
    const types = receiver.events().map((e) => e.type);
    for (const t of ['customer.subscription.created', 'invoice.created', 'invoice.finalized', 'invoice.payment_succeeded', 'invoice_payment.paid']) expect(types).toContain(t);
    expect(types.filter((t) => t === 'invoice.payment_succeeded')).toHaveLength(4);
    expect(types.filter((t) => t === 'customer.subscription.updated')).toHaveLength(3);
    expect(types.filter((t) => t === 'test_helpers.test_clock.ready')).toHaveLength(3);
  });

  it('refuses to advance more than two intervals of the shortest subscription at once', async () => {
    const { clock, customer } = await customerOnClock('4242424242424242');
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_sandwich_boxes_weekly' }] });
    await expect(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 15 * DAY })).rejects.toThrow(/two intervals/);
    expect((await stripe.testHelpers.testClocks.retrieve(clock.id)).status).toBe('ready');
  });
});
