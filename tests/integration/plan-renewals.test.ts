// Recurring plans end to end through the real SDK and Local Stripe: subscriptions renewed on a test clock,
// webhooks signed and delivered to the shop's handler, plans and delivery orders in SQLite, emails in the outbox.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryDateFor } from '@/lib/domain/plans/delivery-day';
import { deliveryMetadata } from '@/lib/domain/plans/plan-metadata';
import { listCustomerPlans, openPlanPortal } from '@/lib/services/plans/plan-portal';
import type { SignedInUser } from '@/lib/domain/auth/signed-in-user';
import { SqlitePlanStore } from '@/lib/adapters/sqlite/sqlite-plan-store';
import { getShopDetails } from '@/lib/config/shop';
import { startTestShop, type TestShop } from '../support/test-shop';

const DAY = 86_400;
const WEEK = 7 * DAY;
const START = Date.UTC(2026, 0, 5, 9) / 1000; // a Monday
const PRICE = 'price_sandwich_boxes_weekly';
const CAP_MS = 60_000; // a safety net only: every wait below ends when its condition holds
const TEST_CAP_MS = 180_000;

let shop: TestShop;
let plans: SqlitePlanStore;
let stripe: Stripe;

beforeAll(async () => {
  plans = SqlitePlanStore.open(':memory:');
  shop = await startTestShop({ plans });
  stripe = shop.stripe;
});

afterAll(async () => {
  await shop.close();
  await plans.close();
});

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const cap = Date.now() + CAP_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > cap) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Advances the clock and waits, as an SDK user does, until Stripe reports it ready. */
async function advance(clockId: string, to: number): Promise<void> {
  await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to });
  await until('the test clock', () => stripe.testHelpers.testClocks.retrieve(clockId), (clock) => clock.status === 'ready');
}

/** Waits until the shop has recorded every event Stripe has made so far, then until its follow-ups ran. */
async function shopCaughtUp(): Promise<void> {
  const made: string[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) made.push(event.id);
  await until('every event at the shop', () => Promise.all(made.map((id) => shop.store.getEvent(id))), (stored) => stored.every((event) => event?.status === 'processed' || event?.status === 'ignored'));
  await shop.drainFollowUps(CAP_MS);
}

async function card(customer: string, number: string): Promise<string> {
  const method = await stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2034, cvc: '123' } });
  await stripe.paymentMethods.attach(method.id, { customer });
  await stripe.customers.update(customer, { invoice_settings: { default_payment_method: method.id } });
  return method.id;
}

const delivery = {
  weekday: 'thursday' as const,
  window: '12:00-14:00',
  recipient: 'Acme Office',
  address: { line1: '5 Market St', line2: null, city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
};

/** A customer on a fresh test clock with a working card, subscribed to the weekly plan (its first invoice paid). */
async function subscribe(email: string): Promise<{ clockId: string; customer: string; subscription: Stripe.Subscription }> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await stripe.customers.create({ email, name: 'Acme Office', test_clock: clock.id });
  await card(customer.id, '4242424242424242');
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: PRICE, quantity: 2 }], metadata: deliveryMetadata(delivery) });
  return { clockId: clock.id, customer: customer.id, subscription };
}

async function invoicesOf(subscription: string): Promise<Stripe.Invoice[]> {
  return (await stripe.invoices.list({ subscription, limit: 100 })).data;
}

const receiptsFor = async (invoiceIds: string[]) => (await shop.mailbox.list(500)).filter((mail) => invoiceIds.some((id) => mail.key === `receipt:${id}`));

describe('recurring plans through Local Stripe', () => {
  it('a test clock advanced over three periods yields exactly three renewal orders and three receipts', async () => {
    const { clockId, subscription } = await subscribe('three-periods@example.com');
    for (let period = 1; period <= 3; period++) await advance(clockId, START + period * WEEK + 3600);
    await shopCaughtUp();

    const invoices = await invoicesOf(subscription.id);
    const renewals = invoices.filter((invoice) => invoice.billing_reason === 'subscription_cycle');
    expect(renewals).toHaveLength(3);
    const renewalIds = renewals.map((invoice) => invoice.id);
    const orders = (await shop.inspect.orders()).filter((order) => renewalIds.includes(order.id));
    expect(orders).toHaveLength(3);
    const timeZone = getShopDetails().timeZone;
    for (const invoice of renewals) {
      const order = orders.find((candidate) => candidate.id === invoice.id);
      expect(order).toMatchObject({ status: 'paid', amountTotal: invoice.amount_paid, deliveryWindow: '12:00-14:00', customer: { email: 'three-periods@example.com' } });
      expect(order?.deliveryDate).toBe(deliveryDateFor(invoice.lines.data[0]!.period.start, 'thursday', timeZone));
    }
    expect(await receiptsFor(renewalIds)).toHaveLength(3);
    // The subscription's first invoice is a delivery too: four orders, four receipts, no more.
    expect((await shop.inspect.orders()).filter((order) => invoices.some((invoice) => invoice.id === order.id))).toHaveLength(4);
    expect(await receiptsFor(invoices.map((invoice) => invoice.id))).toHaveLength(4);

    const plan = await plans.getPlan(subscription.id);
    expect(plan).toMatchObject({ status: 'active', email: 'three-periods@example.com', delivery: { weekday: 'thursday' }, subscription: { quantity: 2, currentPeriodStart: START + 3 * WEEK } });
    expect(plan?.invoices.map((invoice) => invoice.state)).toEqual(['paid', 'paid', 'paid', 'paid']);
  }, TEST_CAP_MS);

  it('a failing renewal (card 4000 0000 0000 0341) is past due with no order, then recovers once the card is updated', async () => {
    const { clockId, customer, subscription } = await subscribe('late-payer@example.com');
    await card(customer, '4000000000000341');
    await advance(clockId, START + WEEK + 3600);
    await shopCaughtUp();

    const failed = (await invoicesOf(subscription.id)).find((invoice) => invoice.billing_reason === 'subscription_cycle');
    expect(failed?.status).toBe('open');
    expect(await plans.getPlan(subscription.id)).toMatchObject({ status: 'past_due' });
    expect(await shop.store.getOrder(failed!.id)).toBeNull();
    const notices = (await shop.mailbox.list(500)).filter((mail) => mail.key === `plan-payment-failed:${failed!.id}`);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ to: 'late-payer@example.com' });

    await card(customer, '4242424242424242');
    await stripe.invoices.pay(failed!.id);
    await shopCaughtUp();
    expect(await plans.getPlan(subscription.id)).toMatchObject({ status: 'active' });
    expect(await shop.store.getOrder(failed!.id)).toMatchObject({ status: 'paid' });
    expect(await receiptsFor([failed!.id])).toHaveLength(1);
  }, TEST_CAP_MS);

  it('in the Customer Portal: more lunches, then cancel; deleted at period end, the plan ends, no renewal order', async () => {
    const { clockId, subscription } = await subscribe('leaving@example.com');
    await shopCaughtUp();
    const owner: SignedInUser = { sub: 'sub-leaving', username: 'leaving', email: 'leaving@example.com', emailVerified: true, owner: 'sub-leaving::leaving' };
    expect(await listCustomerPlans(plans, owner)).toHaveLength(1);
    // The shop's own route logic opens the portal for the owner's plan; the customer then uses its forms.
    const portal = await openPlanPortal({ stripe, plans, siteUrl: 'http://shop.test' }, owner, subscription.id);
    if (!portal.ok) throw new Error('the owner could not open the portal');
    const portalPost = (fields: Record<string, string>) =>
      fetch(portal.url, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(portal.url).origin }, body: new URLSearchParams({ subscription: subscription.id, ...fields }) });

    expect((await portalPost({ action: 'quantity', quantity: '5' })).status).toBe(303);
    await shopCaughtUp();
    expect(await plans.getPlan(subscription.id)).toMatchObject({ status: 'active', subscription: { quantity: 5 } });

    expect((await portalPost({ action: 'cancel' })).status).toBe(303);
    await shopCaughtUp();
    expect(await plans.getPlan(subscription.id)).toMatchObject({ status: 'canceling', subscription: { quantity: 5, cancelAtPeriodEnd: true } });

    await advance(clockId, START + WEEK + 3600);
    await shopCaughtUp();
    expect(await plans.getPlan(subscription.id)).toMatchObject({ status: 'ended', endedAt: START + WEEK });
    const invoices = await invoicesOf(subscription.id);
    expect(invoices.filter((invoice) => invoice.billing_reason === 'subscription_cycle')).toEqual([]);
    expect((await shop.inspect.orders()).filter((order) => invoices.some((invoice) => invoice.id === order.id))).toHaveLength(1);
  }, TEST_CAP_MS);
});
