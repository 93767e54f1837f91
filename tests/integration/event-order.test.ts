import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { silentLogger } from '@/lib/logger';
import type { Order } from '@/lib/domain/orders/order';
import { inspectableSqliteStore } from '../support/store-inspection';
import { sweepFollowUps } from '@/lib/services/followups/run-follow-ups';
import { processEvent } from '@/lib/services/webhooks/process-event';
import { payOnHostedPage } from '../support/hosted-checkout';
import { MemoryAccounts } from '../support/memory-accounts';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

let shop: TestShop;
let purchaseEvents: Stripe.Event[];

/**
 * One delayed purchase, as Stripe reports it: the session completes unpaid, the payment later
 * succeeds (async_payment_succeeded, payment_intent.succeeded, charge.succeeded), then it is refunded.
 * The events are real Local Stripe objects; the delayed steps are derived from the card payment's.
 */
beforeAll(async () => {
  shop = await startTestShop();
  const catalog = await shop.checkoutDeps.loadCatalog();
  const checkout = await createCheckout(shop.checkoutDeps, {
    lines: [{ priceId: catalog.find((item) => item.productId === 'prod_grazing_board')!.priceId, quantity: 2 }],
    deliveryDate: daysFromNow(4),
  });
  if (!checkout.ok) throw new Error(checkout.error.message);
  await payOnHostedPage(checkout.url, '4242424242424242');
  const session = await shop.stripe.checkout.sessions.retrieve(checkout.sessionId);
  await shop.stripe.refunds.create({ payment_intent: session.payment_intent as string });
  await shop.emulator.waitForDeliveries(10_000);

  const all = (await shop.stripe.events.list({ limit: 100 })).data;
  const find = (type: string) => {
    const event = all.find((candidate) => candidate.type === type);
    if (!event) throw new Error(`no ${type} event`);
    return event;
  };
  const completed = find('checkout.session.completed');
  const paidSession = completed.data.object as Stripe.Checkout.Session;
  purchaseEvents = [
    { ...completed, id: 'evt_completed_unpaid', created: 100, data: { object: { ...paidSession, payment_status: 'unpaid' } } } as Stripe.Event,
    { ...completed, id: 'evt_async_succeeded', type: 'checkout.session.async_payment_succeeded', created: 200 } as Stripe.Event,
    { ...find('payment_intent.succeeded'), created: 200 },
    { ...find('charge.succeeded'), created: 200 },
    { ...find('charge.refunded'), created: 300 },
  ];
}, 60_000);

afterAll(async () => {
  await shop?.close();
});

async function replay(events: Stripe.Event[]) {
  const { store, inspect } = inspectableSqliteStore();
  const accounts = new MemoryAccounts();
  const deps = { stripe: shop.stripe, store, clock: { now: () => new Date() }, logger: silentLogger, accounts, mailer: LocalMailbox.open(':memory:'), siteUrl: 'http://shop.test',
    // The paid session confirms its capacity hold (idempotent across replays).
    capacity: shop.checkoutDeps.capacity, dailyCapacityServings: shop.checkoutDeps.rules.dailyCapacityServings };
  for (const event of events) await processEvent(deps, event);
  // Each event delivered a second time changes nothing.
  for (const event of events) expect(await processEvent(deps, event)).toBe('duplicate');
  await sweepFollowUps(deps);
  const orders = await inspect.orders();
  const pendingJobs = await store.listPendingFollowUps(new Date(Date.now() + 3_600_000).toISOString(), 10);
  return { orders, accountsCreated: accounts.created, pendingJobs: pendingJobs.length };
}

/** The order minus the owner's random id, which differs between runs by design. */
function comparable(order: Order | undefined) {
  return order ? { ...order, owner: order.owner ? 'owned' : null } : undefined;
}

describe('events in any order, any number of times', () => {
  it('every permutation of one purchase’s events ends in the same state', async () => {
    const orders = permutations(purchaseEvents);
    expect(orders).toHaveLength(120);
    const reference = await replay(purchaseEvents);
    expect(reference.orders).toHaveLength(1);
    const expected = comparable(reference.orders[0]);
    expect(expected).toMatchObject({ status: 'refunded', amountTotal: 57800, amountRefunded: 57800, owner: 'owned' });
    expect(expected?.items.map((item) => [item.name, item.quantity])).toEqual([['Grand Grazing Board', 2]]);
    expect(expected?.history.map((change) => change.status)).toEqual(['awaiting_payment', 'paid', 'refunded']);

    for (const permutation of orders) {
      const result = await replay(permutation);
      expect(result.orders.map(comparable), permutation.map((event) => event.type).join(' → ')).toEqual([expected]);
      expect(result.accountsCreated).toBe(1);
      expect(result.pendingJobs).toBe(0);
    }
  }, 120_000);
});
