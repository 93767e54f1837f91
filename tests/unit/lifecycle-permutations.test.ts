import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import type { Order } from '@/lib/domain/orders/order';
import { orderNumberFor } from '@/lib/domain/orders/order-number';
import { applyFact } from '@/lib/domain/orders/order-state';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { orderFactForEvent } from '@/lib/services/webhooks/event-facts';
import { processEvent } from '@/lib/services/webhooks/process-event';
import { sweepFollowUps } from '@/lib/services/followups/run-follow-ups';
import { MemoryAccounts } from '../support/memory-accounts';
import { fakeStripe, grazingBoard, sessionEvent, stripeEvent } from '../support/stripe-events';

/**
 * Every arrival order of one purchase's events, folded through the real event translation and state
 * machine, must end in the state written out by hand below (not in "whatever one run produced").
 */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

const SESSION = 'cs_test_abc';
const session = { amount_subtotal: 57_800, amount_total: 57_800 };
const charge = (amountRefunded: number) => ({ id: 'ch_1', object: 'charge' as const, amount: 57_800, amount_captured: 57_800, amount_refunded: amountRefunded, payment_intent: 'pi_1' });
const refund = (id: string, amount: number) => ({ id, object: 'refund', amount, charge: 'ch_1', payment_intent: 'pi_1', status: 'succeeded' });

const paidItems = [{ priceId: 'price_g', productId: 'prod_grazing_board', name: 'Grand Grazing Board', quantity: 2, unitAmount: 28_900, amountTotal: 57_800 }];
const ada = { email: 'ada@example.com', name: 'Ada Lovelace' };
const baseOrder: Omit<Order, 'status' | 'amountRefunded' | 'history'> = {
  id: SESSION,
  currency: 'usd',
  amountSubtotal: 57_800,
  amountTotal: 57_800,
  items: paidItems,
  customer: ada,
  shipping: { name: 'Ada Lovelace', address: { line1: '1 Main St', line2: null, city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' } },
  deliveryDate: '2030-01-15',
  deliveryWindow: null,
  orderNumber: orderNumberFor(SESSION),
  paymentIntentId: 'pi_1',
  sessionCreated: 1_900_000_000,
  owner: null,
  notes: null,
  dietaryRequirements: null,
};

/** Folds the events, in this order, through orderFactForEvent and applyFact. */
async function fold(stripe: Stripe, events: Stripe.Event[]): Promise<Order | null> {
  let order: Order | null = null;
  for (const event of events) {
    const found = await orderFactForEvent(stripe, event);
    if (found) order = applyFact(order, found.fact, { eventId: event.id, created: event.created });
  }
  return order;
}

async function expectEveryOrderEndsIn(stripe: Stripe, events: Stripe.Event[], expected: Order, count: number) {
  const orders = permutations(events);
  expect(orders).toHaveLength(count);
  for (const permutation of orders) {
    const twice = [...permutation, ...permutation]; // and every event delivered again
    expect(await fold(stripe, twice), permutation.map((event) => event.id).join(' → ')).toEqual(expected);
  }
}

describe('lifecycle permutations, against hand-written end states', () => {
  it('two partial refunds, out of order, with refund.created and refund.updated: partially refunded by their sum', async () => {
    // Stripe's charge now shows both refunds (3,000 + 2,000); refund.* events read it.
    const { stripe } = fakeStripe({ lineItems: [grazingBoard], charges: { ch_1: charge(5_000) }, sessionByPaymentIntent: { pi_1: SESSION } });
    const events = [
      sessionEvent('checkout.session.completed', session, 'evt_completed', 100),
      stripeEvent('payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent' }, { id: 'evt_pi', created: 100 }),
      stripeEvent('charge.refunded', charge(3_000), { id: 'evt_refund1', created: 200 }),
      stripeEvent('refund.created', refund('re_2', 2_000), { id: 'evt_refund2_created', created: 300 }),
      stripeEvent('charge.refunded', charge(5_000), { id: 'evt_refund2', created: 300 }),
      stripeEvent('refund.updated', refund('re_1', 3_000), { id: 'evt_refund1_updated', created: 400 }),
    ];
    await expectEveryOrderEndsIn(stripe, events, {
      ...baseOrder,
      status: 'partially_refunded',
      amountRefunded: 5_000,
      history: [
        { status: 'paid', at: 100, eventId: 'evt_completed' },
        { status: 'partially_refunded', at: 200, eventId: 'evt_refund1' },
      ],
    }, 720);
  });

  it('a partial refund, then the rest: refunded in full, with both steps on the timeline', async () => {
    const { stripe } = fakeStripe({ lineItems: [grazingBoard], charges: { ch_1: charge(57_800) }, sessionByPaymentIntent: { pi_1: SESSION } });
    const events = [
      sessionEvent('checkout.session.completed', session, 'evt_completed', 100),
      stripeEvent('charge.refunded', charge(10_000), { id: 'evt_partial', created: 200 }),
      stripeEvent('charge.refunded', charge(57_800), { id: 'evt_rest', created: 300 }),
      stripeEvent('refund.created', refund('re_2', 47_800), { id: 'evt_rest_created', created: 300 }),
    ];
    await expectEveryOrderEndsIn(stripe, events, {
      ...baseOrder,
      status: 'refunded',
      amountRefunded: 57_800,
      history: [
        { status: 'paid', at: 100, eventId: 'evt_completed' },
        { status: 'partially_refunded', at: 200, eventId: 'evt_partial' },
        { status: 'refunded', at: 300, eventId: 'evt_rest' },
      ],
    }, 24);
  });

  it('a delayed payment that fails: awaiting payment, then failed, with the failure ignored by the payment intent', async () => {
    const { stripe } = fakeStripe({ lineItems: [grazingBoard], sessionByPaymentIntent: { pi_1: SESSION } });
    const unpaid = { ...session, payment_status: 'unpaid' as const };
    const events = [
      sessionEvent('checkout.session.completed', unpaid, 'evt_completed', 100),
      sessionEvent('checkout.session.async_payment_failed', unpaid, 'evt_failed', 200),
      stripeEvent('payment_intent.payment_failed', { id: 'pi_1', object: 'payment_intent' }, { id: 'evt_pi_failed', created: 200 }),
    ];
    await expectEveryOrderEndsIn(stripe, events, {
      ...baseOrder,
      status: 'payment_failed',
      amountRefunded: 0,
      history: [
        { status: 'awaiting_payment', at: 100, eventId: 'evt_completed' },
        { status: 'payment_failed', at: 200, eventId: 'evt_failed' },
      ],
    }, 6);
  });

  it('an abandoned checkout expires: no items, no buyer, whatever else arrives around it', async () => {
    const { stripe, calls } = fakeStripe({ sessionByPaymentIntent: {} });
    const abandoned = { ...session, status: 'expired' as const, payment_status: 'unpaid' as const, payment_intent: null, customer_details: null, collected_information: null };
    const events = [
      sessionEvent('checkout.session.expired', abandoned, 'evt_expired', 500),
      stripeEvent('payment_intent.canceled', { id: 'pi_9', object: 'payment_intent' }, { id: 'evt_canceled', created: 500 }),
    ];
    await expectEveryOrderEndsIn(stripe, events, {
      ...baseOrder,
      items: [],
      customer: null,
      shipping: null,
      paymentIntentId: null,
      status: 'expired',
      amountRefunded: 0,
      history: [{ status: 'expired', at: 500, eventId: 'evt_expired' }],
    }, 2);
    expect(calls).toEqual([]); // An expiry needs nothing from Stripe.
  });
});

describe('lifecycle permutations through the store: side effects happen once', () => {
  async function replay(stripe: Stripe, events: Stripe.Event[]) {
    const store = SqliteOrderStore.open(':memory:');
    const accounts = new MemoryAccounts();
    const mailbox = LocalMailbox.open(':memory:');
    const deps = { stripe, store, clock: { now: () => new Date('2030-01-01T00:00:00Z') }, logger: silentLogger, accounts, mailer: mailbox, siteUrl: 'http://shop.test' };
    for (const event of [...events, ...events]) await processEvent(deps, event);
    // The webhook only commits the jobs; the worker's pass runs them. Nothing here fails, so one pass empties the queue.
    const now = deps.clock.now().toISOString();
    const pass = await sweepFollowUps(deps);
    expect(pass.failed).toBe(0);
    expect(await store.listPendingFollowUps(now, 100)).toEqual([]);
    return { order: await store.getOrder(SESSION), accounts: accounts.created, mail: (await mailbox.list()).map((message) => message.key) };
  }

  it('a failed delayed payment: one email, no account, in every order', async () => {
    const { stripe } = fakeStripe({ lineItems: [grazingBoard], sessionByPaymentIntent: { pi_1: SESSION } });
    const unpaid = { ...session, payment_status: 'unpaid' as const };
    const events = [sessionEvent('checkout.session.completed', unpaid, 'evt_completed', 100), sessionEvent('checkout.session.async_payment_failed', unpaid, 'evt_failed', 200)];
    for (const permutation of permutations(events)) {
      const result = await replay(stripe, permutation);
      expect(result).toMatchObject({ order: { status: 'payment_failed' }, accounts: 0, mail: [`payment-failed:${SESSION}`] });
    }
  });

  it('a delayed payment that succeeds, then is partly refunded: one account, in every order', async () => {
    const { stripe } = fakeStripe({ lineItems: [grazingBoard], charges: { ch_1: charge(1_000) }, sessionByPaymentIntent: { pi_1: SESSION } });
    const events = [
      sessionEvent('checkout.session.completed', { ...session, payment_status: 'unpaid' }, 'evt_completed', 100),
      sessionEvent('checkout.session.async_payment_succeeded', session, 'evt_succeeded', 200),
      stripeEvent('refund.created', refund('re_1', 1_000), { id: 'evt_refund', created: 300 }),
    ];
    for (const permutation of permutations(events)) {
      const result = await replay(stripe, permutation);
      expect(result.order).toMatchObject({ status: 'partially_refunded', amountRefunded: 1_000, owner: expect.stringContaining('::') });
      expect(result.order?.history.map((entry) => entry.status)).toEqual(['awaiting_payment', 'paid', 'partially_refunded']);
      expect(result.accounts).toBe(1);
      // Every paid buyer gets the receipt; the partial refund gets its own email, each exactly once.
      expect([...result.mail].sort()).toEqual([`receipt:${SESSION}`, `refund:${SESSION}:1000`]);
    }
  });
});
