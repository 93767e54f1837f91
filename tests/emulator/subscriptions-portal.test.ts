// The Customer Portal Local Stripe hosts (billing_portal.sessions) and the hosted invoice page.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { advanceClock, billingSuite } from './subscriptions-harness';

const suite = billingSuite();
const DAY = 86_400;
const START = Date.UTC(2026, 2, 2, 12, 0, 0) / 1000;

async function subscribedCustomer(email: string): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; sub: Stripe.Subscription }> {
  const clock = await suite.stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await suite.stripe.customers.create({ email, test_clock: clock.id, payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
  const sub = await suite.stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_sandwich_boxes_weekly' }] });
  return { clock, customer, sub };
}

/** A same-origin form post from the portal page (a browser sends Origin = the page's origin). */
function post(url: string, fields: Record<string, string>, origin?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin ?? new URL(url).origin },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('Customer Portal', () => {
  it('shows the plan, cancels it at period end and changes the quantity; the clock then ends it', async () => {
    const { clock, customer, sub } = await subscribedCustomer('portal@example.com');
    const session = await suite.stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'http://shop.test/account' });
    expect(session).toMatchObject({ object: 'billing_portal.session', customer: customer.id, return_url: 'http://shop.test/account', configuration: 'bpc_local_default' });
    const page = await (await fetch(session.url)).text();
    expect(page).toContain('Artisan Sandwich Box Lunch');
    expect(page).toContain('Renews on Mar 9, 2026');
    expect(page).toContain('value="cancel"');
    expect(page).toContain('href="http://shop.test/account"');

    const cancel = await post(session.url, { subscription: sub.id, action: 'cancel' });
    expect(cancel.status).toBe(303);
    expect(new URL(cancel.headers.get('location') ?? '', session.url).toString()).toBe(session.url);
    expect(await suite.stripe.subscriptions.retrieve(sub.id)).toMatchObject({ status: 'active', cancel_at_period_end: true, cancel_at: START + 7 * DAY });
    const after = await (await fetch(session.url)).text();
    expect(after).toContain('Cancels on Mar 9, 2026');
    expect(after).toContain('value="renew"');

    expect((await post(session.url, { subscription: sub.id, action: 'quantity', quantity: '3' })).status).toBe(303);
    expect((await suite.stripe.subscriptions.retrieve(sub.id)).items.data[0]?.quantity).toBe(3);
    expect((await post(session.url, { subscription: sub.id, action: 'quantity', quantity: '0' })).status).toBe(400);
    await suite.receiver.waitFor((events) =>
      events.some((e) => e.type === 'customer.subscription.updated' && (e.data.object as Stripe.Subscription).items.data[0]?.quantity === 3),
    );

    await advanceClock(suite.stripe, clock.id, START + 7 * DAY + 60);
    expect((await suite.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    await suite.receiver.waitFor((events) => events.some((e) => e.type === 'customer.subscription.deleted' && (e.data.object as Stripe.Subscription).id === sub.id));
    expect(await (await fetch(session.url)).text()).toContain('Ended on Mar 9, 2026');
  });

  it('refuses cross-site posts and another customer\'s subscription', async () => {
    const mine = await subscribedCustomer('mine@example.com');
    const theirs = await subscribedCustomer('theirs@example.com');
    const session = await suite.stripe.billingPortal.sessions.create({ customer: mine.customer.id });
    expect((await post(session.url, { subscription: mine.sub.id, action: 'cancel' }, 'http://evil.test')).status).toBe(403);
    expect((await post(session.url, { subscription: theirs.sub.id, action: 'cancel' })).status).toBe(400);
    expect((await suite.stripe.subscriptions.retrieve(mine.sub.id)).cancel_at_period_end).toBe(false);
    expect((await suite.stripe.subscriptions.retrieve(theirs.sub.id)).cancel_at_period_end).toBe(false);
    await expect(suite.stripe.billingPortal.sessions.create({ customer: 'cus_missing' })).rejects.toThrow(/No such customer/);
  });

  it('serves the hosted invoice page for a finalized invoice', async () => {
    const { sub } = await subscribedCustomer('invoice@example.com');
    const invoice = await suite.stripe.invoices.retrieve(String(sub.latest_invoice));
    const res = await fetch(invoice.hosted_invoice_url ?? '');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Invoice ${invoice.number ?? ''}`);
    expect(html).toContain('Paid on Mar 2, 2026');
    expect(html).toContain('$165.00');
    expect(html).not.toContain('Pay invoice');
    expect((await post(invoice.hosted_invoice_url ?? '', {})).status).toBe(400);
  });

  it('a past-due renewal is paid with a new card on the hosted invoice page, and the subscription is active again', async () => {
    const clock = await suite.stripe.testHelpers.testClocks.create({ frozen_time: START });
    const customer = await suite.stripe.customers.create({ email: 'late@example.com', test_clock: clock.id, payment_method: 'pm_card_chargeCustomerFail', invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' } });
    const sub = await suite.stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_sandwich_boxes_weekly' }], payment_behavior: 'allow_incomplete' });
    // The first charge already fails on 0341: the subscription starts incomplete.
    expect(sub.status).toBe('incomplete');
    const invoice = await suite.stripe.invoices.retrieve(String(sub.latest_invoice));
    const page = await (await fetch(invoice.hosted_invoice_url ?? '')).text();
    expect(page).toContain('Payment due');
    expect(page).toContain('Pay invoice');
    const fields = { cardNumber: '4000000000000341', expiry: '12 / 34', cvc: '123', cardholderName: 'Late Payer' };
    const declined = await post(invoice.hosted_invoice_url ?? '', fields);
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    expect((await post(invoice.hosted_invoice_url ?? '', { ...fields, cardNumber: '4242424242424241' })).status).toBe(400);
    expect((await post(invoice.hosted_invoice_url ?? '', fields, 'http://evil.test')).status).toBe(403);

    const paid = await post(invoice.hosted_invoice_url ?? '', { ...fields, cardNumber: '4242424242424242' });
    expect(paid.status).toBe(303);
    expect(await suite.stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', attempt_count: 3 });
    expect((await suite.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    expect(await (await fetch(invoice.hosted_invoice_url ?? '')).text()).toContain('Paid on Mar 2, 2026');
  });
});
