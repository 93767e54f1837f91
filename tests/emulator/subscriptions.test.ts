// Subscriptions in Local Stripe through the official SDK: recurring prices, renewals on a test clock, events.
import { afterEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { advanceClock, billingSuite } from './subscriptions-harness';

const suite = billingSuite();
const DAY = 86_400;
const START = Date.UTC(2026, 0, 5, 9, 0, 0) / 1000; // a Monday, 09:00 UTC

afterEach(() => {
  suite.receiver.received.length = 0;
});

const advance = (clockId: string, to: number): Promise<Stripe.TestHelpers.TestClock> => advanceClock(suite.stripe, clockId, to);

async function customerOnClock(card: string): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
  const clock = await suite.stripe.testHelpers.testClocks.create({ frozen_time: START, name: 'office lunches' });
  const customer = await suite.stripe.customers.create({ email: 'office@example.com', name: 'Acme Office', test_clock: clock.id });
  const pm = await suite.stripe.paymentMethods.create({ type: 'card', card: { number: card, exp_month: 12, exp_year: 2030, cvc: '123' } });
  await suite.stripe.paymentMethods.attach(pm.id, { customer: customer.id });
  await suite.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  return { clock, customer, pm };
}

function invoiceSubscription(invoice: Stripe.Invoice): string | null {
  const sub = invoice.parent?.subscription_details?.subscription;
  return typeof sub === 'string' ? sub : (sub?.id ?? null);
}

describe('recurring prices', () => {
  it('seeds weekly and monthly plans with stable ids and lookup keys, and creates recurring prices', async () => {
    const plans = await suite.stripe.prices.list({ lookup_keys: ['sandwich-boxes-weekly', 'sandwich-boxes-monthly'] });
    expect(plans.data.map((p) => [p.id, p.type, p.recurring?.interval]).sort()).toEqual([
      ['price_sandwich_boxes_monthly', 'recurring', 'month'],
      ['price_sandwich_boxes_weekly', 'recurring', 'week'],
    ]);
    // The shop's catalog (one-time prices) is unchanged.
    const oneTime = await suite.stripe.prices.list({ type: 'one_time', limit: 100 });
    expect(oneTime.data.every((p) => p.recurring === null)).toBe(true);
    const price = await suite.stripe.prices.create({ product: 'prod_taco_bar', currency: 'usd', unit_amount: 5000, recurring: { interval: 'week', interval_count: 2 } });
    expect(price).toMatchObject({ type: 'recurring', recurring: { interval: 'week', interval_count: 2, usage_type: 'licensed' } });
    await expect(suite.stripe.prices.create({ product: 'prod_taco_bar', currency: 'usd', unit_amount: 5000, recurring: { interval: 'week', interval_count: 53 } })).rejects.toThrow(/one year/);
  });
});

describe('subscriptions on a test clock', () => {
  it('advancing over three periods yields exactly three renewal invoices, paid with the saved card, and their events', async () => {
    const { clock, customer, pm } = await customerOnClock('4242424242424242');
    const sub = await suite.stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_sandwich_boxes_weekly', quantity: 2 }], metadata: { weekday: 'tuesday' } });
    expect(sub.status).toBe('active');
    expect(sub.start_date).toBe(START);
    expect(sub.items.data[0]).toMatchObject({ current_period_start: START, current_period_end: START + 7 * DAY, quantity: 2 });
    const first = await suite.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(first).toMatchObject({ status: 'paid', billing_reason: 'subscription_create', amount_paid: 33000, customer: customer.id, test_clock: clock.id });
    expect(invoiceSubscription(first)).toBe(sub.id);
    expect(first.hosted_invoice_url).toMatch(/\/i\/in_/);

    for (let week = 1; week <= 3; week++) await advance(clock.id, START + week * 7 * DAY + 3600);

    const invoices = await suite.stripe.invoices.list({ subscription: sub.id, limit: 100 });
    const cycles = invoices.data.filter((i) => i.billing_reason === 'subscription_cycle');
    expect(cycles).toHaveLength(3);
    expect(cycles.every((i) => i.status === 'paid' && i.amount_paid === 33000 && i.default_payment_method === null)).toBe(true);
    const periods = cycles.map((i) => i.lines.data[0]?.period).reverse();
    expect(periods).toEqual([1, 2, 3].map((k) => ({ start: START + k * 7 * DAY, end: START + (k + 1) * 7 * DAY })));
    const payments = await suite.stripe.invoicePayments.list({ invoice: cycles[0]?.id ?? '' });
    const pi = await suite.stripe.paymentIntents.retrieve(String(payments.data[0]?.payment.payment_intent));
    expect(pi).toMatchObject({ status: 'succeeded', payment_method: pm.id, customer: customer.id, amount: 33000 });

    const renewed = await suite.stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe('active');
    expect(renewed.items.data[0]).toMatchObject({ current_period_start: START + 21 * DAY, current_period_end: START + 28 * DAY });
    expect(renewed.latest_invoice).toBe(cycles[0]?.id);

    await suite.receiver.waitFor((events) => events.filter((e) => e.type === 'invoice.paid').length === 4);
    const types = suite.receiver.events().map((e) => e.type);
    for (const t of ['customer.subscription.created', 'invoice.created', 'invoice.finalized', 'invoice.payment_succeeded', 'invoice_payment.paid']) expect(types).toContain(t);
    expect(types.filter((t) => t === 'invoice.payment_succeeded')).toHaveLength(4);
    expect(types.filter((t) => t === 'customer.subscription.updated')).toHaveLength(3);
    expect(types.filter((t) => t === 'test_helpers.test_clock.ready')).toHaveLength(3);
  });

  it('refuses to advance more than two intervals of the shortest subscription at once', async () => {
    const { clock, customer } = await customerOnClock('4242424242424242');
    await suite.stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_sandwich_boxes_weekly' }] });
    await expect(suite.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 15 * DAY })).rejects.toThrow(/two intervals/);
    expect((await suite.stripe.testHelpers.testClocks.retrieve(clock.id)).status).toBe('ready');
  });

  it('a renewal on the 0341 card fails: past_due and invoice.payment_failed; a new default card and /pay recover it', async () => {
    const { clock, customer } = await customerOnClock('4242424242424242');
    const sub = await suite.stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_sandwich_boxes_weekly' }] });
    const failing = await suite.stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000000341', exp_month: 12, exp_year: 2030, cvc: '123' } });
    // 0341 attaches (other declining cards are refused when attached), then every charge fails.
    await suite.stripe.paymentMethods.attach(failing.id, { customer: customer.id });
    const declining = await suite.stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000000002', exp_month: 12, exp_year: 2030, cvc: '123' } });
    await expect(suite.stripe.paymentMethods.attach(declining.id, { customer: customer.id })).rejects.toMatchObject({ type: 'StripeCardError', code: 'card_declined' });
    await suite.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });

    await advance(clock.id, START + 7 * DAY + 60);
    const pastDue = await suite.stripe.subscriptions.retrieve(sub.id);
    expect(pastDue.status).toBe('past_due');
    const open = await suite.stripe.invoices.retrieve(String(pastDue.latest_invoice));
    expect(open).toMatchObject({ status: 'open', billing_reason: 'subscription_cycle', attempted: true, attempt_count: 1, amount_paid: 0 });
    await suite.receiver.waitFor((events) => events.some((e) => e.type === 'invoice.payment_failed' && (e.data.object as Stripe.Invoice).id === open.id));
    await suite.receiver.waitFor((events) => events.some((e) => e.type === 'customer.subscription.updated' && (e.data.object as Stripe.Subscription).status === 'past_due'));
    expect(suite.receiver.events().some((e) => e.type === 'invoice.paid' && (e.data.object as Stripe.Invoice).id === open.id)).toBe(false);
    // Paying again with the same card fails the same way (402), one more attempt.
    await expect(suite.stripe.invoices.pay(open.id)).rejects.toMatchObject({ type: 'StripeCardError' });
    expect((await suite.stripe.invoices.retrieve(open.id)).attempt_count).toBe(2);

    const good = await suite.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } });
    await suite.stripe.paymentMethods.attach(good.id, { customer: customer.id });
    await suite.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: good.id } });
    const paid = await suite.stripe.invoices.pay(open.id);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 16500, amount_remaining: 0 });
    expect((await suite.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    await suite.receiver.waitFor((events) => events.some((e) => e.type === 'customer.subscription.updated' && (e.data.object as Stripe.Subscription).status === 'active'));

    // The next renewal charges the new default card.
    await advance(clock.id, START + 14 * DAY + 60);
    const next = await suite.stripe.invoices.retrieve(String((await suite.stripe.subscriptions.retrieve(sub.id)).latest_invoice));
    expect(next).toMatchObject({ status: 'paid', billing_reason: 'subscription_cycle' });
  });

  it('cancel at period end: still active until then, deleted when the clock passes the period end, no further invoice', async () => {
    const { clock, customer } = await customerOnClock('4242424242424242');
    const sub = await suite.stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_sandwich_boxes_monthly' }] });
    const end = sub.items.data[0]?.current_period_end ?? 0;
    expect(end).toBe(Date.UTC(2026, 1, 5, 9, 0, 0) / 1000);
    const canceling = await suite.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(canceling).toMatchObject({ status: 'active', cancel_at_period_end: true, cancel_at: end, canceled_at: START });

    await advance(clock.id, end - 60);
    expect((await suite.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    await advance(clock.id, end + 60);
    const ended = await suite.stripe.subscriptions.retrieve(sub.id);
    expect(ended).toMatchObject({ status: 'canceled', ended_at: end, cancel_at_period_end: true });
    expect((await suite.stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);
    await suite.receiver.waitFor((events) => events.some((e) => e.type === 'customer.subscription.deleted' && (e.data.object as Stripe.Subscription).id === sub.id));
    // A canceled subscription is listed only on request.
    expect((await suite.stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect((await suite.stripe.subscriptions.list({ customer: customer.id, status: 'canceled' })).data.map((s) => s.id)).toEqual([sub.id]);
  });

  it('updates quantity (billed from the next period) and cancels at once', async () => {
    const { clock, customer } = await customerOnClock('4242424242424242');
    const sub = await suite.stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_sandwich_boxes_weekly' }] });
    const item = sub.items.data[0]?.id ?? '';
    const updated = await suite.stripe.subscriptions.update(sub.id, { items: [{ id: item, quantity: 3 }] });
    expect(updated.items.data[0]?.quantity).toBe(3);
    await advance(clock.id, START + 7 * DAY + 60);
    const renewal = await suite.stripe.invoices.retrieve(String((await suite.stripe.subscriptions.retrieve(sub.id)).latest_invoice));
    expect(renewal).toMatchObject({ amount_paid: 3 * 16500, lines: { data: [expect.objectContaining({ quantity: 3 })] } });
    await expect(suite.stripe.subscriptions.cancel(sub.id, { prorate: true })).rejects.toThrow(/prorate=true/);
    const canceled = await suite.stripe.subscriptions.cancel(sub.id, { cancellation_details: { comment: 'moving offices', feedback: 'other' } });
    expect(canceled).toMatchObject({ status: 'canceled', ended_at: START + 7 * DAY + 60, cancellation_details: { comment: 'moving offices', feedback: 'other', reason: 'cancellation_requested' } });
    await expect(suite.stripe.subscriptions.update(sub.id, { items: [{ id: item, quantity: 1 }] })).rejects.toThrow(/canceled subscription/);
  });

  it('lists a customer\'s subscriptions with expand[]=subscriptions, and deleting the customer cancels them', async () => {
    const { customer } = await customerOnClock('4242424242424242');
    const sub = await suite.stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_breakfast_spread_weekly' }] });
    const expanded = await suite.stripe.customers.retrieve(customer.id, { expand: ['subscriptions'] });
    expect((expanded as Stripe.Customer).subscriptions?.data.map((s) => s.id)).toEqual([sub.id]);
    await suite.stripe.customers.del(customer.id);
    expect(await suite.stripe.subscriptions.retrieve(sub.id)).toMatchObject({ status: 'canceled', ended_at: START });
    await suite.receiver.waitFor((events) => events.some((e) => e.type === 'customer.subscription.deleted' && (e.data.object as Stripe.Subscription).id === sub.id));
  });

  it('refuses a subscription without a payment method, and unknown parameters', async () => {
    const bare = await suite.stripe.customers.create({ email: 'nocard@example.com' });
    await expect(suite.stripe.subscriptions.create({ customer: bare.id, items: [{ price: 'price_sandwich_boxes_weekly' }] })).rejects.toThrow(/no attached payment source/);
    await expect(suite.stripe.subscriptions.create({ customer: bare.id, items: [{ price: 'price_taco_bar' }] })).rejects.toThrow(/type=recurring/);
    await expect(suite.stripe.subscriptions.create({ customer: bare.id, items: [{ price: 'price_sandwich_boxes_weekly' }], trial_period_days: 3 })).rejects.toThrow(/unknown parameter: trial_period_days/);
    const incomplete = await suite.stripe.subscriptions.create({ customer: bare.id, items: [{ price: 'price_sandwich_boxes_weekly' }], payment_behavior: 'default_incomplete' });
    expect(incomplete.status).toBe('incomplete');
    expect((await suite.stripe.invoices.retrieve(String(incomplete.latest_invoice))).status).toBe('open');
  });
});
