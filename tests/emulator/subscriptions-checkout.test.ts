// Checkout in mode=subscription on Local Stripe's hosted page, and the Stripe CLI's subscription triggers.
import { afterAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { payOnHostedPage } from '../support/hosted-checkout';
import { billingSuite } from './subscriptions-harness';
import { cliTarget, removeCliConfigs, runCli } from './stripecli-harness';

const suite = billingSuite();

afterAll(() => removeCliConfigs());

function subscriptionSession(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}): Promise<Stripe.Checkout.Session> {
  return suite.stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: 'price_sandwich_boxes_weekly', quantity: 1 }],
    success_url: 'http://shop.test/plans/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://shop.test/plans',
    shipping_address_collection: { allowed_countries: ['US'] },
    subscription_data: { metadata: { delivery_weekday: 'tuesday' } },
    ...extra,
  });
}

describe('Checkout in subscription mode', () => {
  it('the hosted page subscribes: customer, active subscription, first invoice paid, session linked', async () => {
    const session = await subscriptionSession();
    expect(session).toMatchObject({ mode: 'subscription', payment_method_types: ['card'], amount_total: 16500, subscription: null, payment_intent: null });
    const page = await (await fetch(session.url ?? '')).text();
    expect(page).toContain('Subscribe');
    expect(page).toContain('every week');

    const paid = await payOnHostedPage(session.url ?? '', '4242424242424242');
    expect(paid.status).toBe(303);
    const done = await suite.stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription', 'invoice'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', payment_intent: null });
    const sub = done.subscription as Stripe.Subscription;
    const invoice = done.invoice as Stripe.Invoice;
    expect(sub).toMatchObject({ status: 'active', customer: done.customer, metadata: { delivery_weekday: 'tuesday' } });
    expect(invoice).toMatchObject({ status: 'paid', billing_reason: 'subscription_create', amount_paid: 16500, customer: done.customer });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    const customer = await suite.stripe.customers.retrieve(String(done.customer));
    expect(customer).toMatchObject({ email: 'ada@example.com', shipping: { name: 'Ada Lovelace', address: { line1: '1 Main Street', city: 'Springfield' } } });
    const card = await suite.stripe.paymentMethods.retrieve(String(sub.default_payment_method));
    expect(card).toMatchObject({ customer: done.customer, card: { last4: '4242' } });

    await suite.receiver.waitFor((events) => events.some((e) => e.type === 'checkout.session.completed' && (e.data.object as Stripe.Checkout.Session).id === session.id));
    const types = suite.receiver.events().map((e) => e.type);
    for (const t of ['customer.created', 'customer.subscription.created', 'invoice.paid', 'invoice.payment_succeeded']) expect(types).toContain(t);
  });

  it('a declined card leaves the session open and creates no subscription', async () => {
    const session = await subscriptionSession();
    const before = (await suite.stripe.subscriptions.list({ status: 'all', limit: 100 })).data.length;
    const declined = await payOnHostedPage(session.url ?? '', '4000000000000341');
    expect(declined.status).toBe(402);
    expect(declined.html).toContain('Your card was declined.');
    expect((await suite.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    expect((await suite.stripe.subscriptions.list({ status: 'all', limit: 100 })).data).toHaveLength(before);
    expect((await payOnHostedPage(session.url ?? '', '4242424242424242')).status).toBe(303);
  });

  it('refuses one-time prices, bank debits and payment_intent_data in subscription mode, and recurring prices in payment mode', async () => {
    await expect(subscriptionSession({ line_items: [{ price: 'price_taco_bar', quantity: 1 }] })).rejects.toThrow(/recurring prices only/);
    await expect(subscriptionSession({ allowed_payment_method_types: ['us_bank_account'] })).rejects.toThrow(/cards only/);
    await expect(subscriptionSession({ payment_intent_data: { description: 'x' } })).rejects.toThrow(/payment_intent_data/);
    await expect(
      suite.stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: 'price_sandwich_boxes_weekly', quantity: 1 }], success_url: 'http://shop.test/ok' }),
    ).rejects.toThrow(/subscription` mode/);
  });
});

describe('stripe trigger', () => {
  it.each([
    ['customer.subscription.created', 'customer.subscription.created'],
    ['invoice.payment_succeeded', 'invoice.payment_succeeded'],
    ['invoice.paid', 'invoice.paid'],
    ['invoice.payment_failed', 'invoice.payment_failed'],
  ])('stripe trigger %s works against Local Stripe', async (trigger, expected) => {
    const since = suite.receiver.events().filter((e) => e.type === expected).length;
    const cli = runCli(cliTarget(suite.emulator), ['trigger', trigger]);
    expect(await cli.exited, cli.output()).toBe(0);
    await suite.receiver.waitFor((events) => events.filter((e) => e.type === expected).length > since);
  });
});
