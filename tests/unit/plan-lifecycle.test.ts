import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { Order } from '@/lib/domain/orders/order';
import { applyFact } from '@/lib/domain/orders/order-state';
import { ManualClock } from '@/lib/domain/clock';
import { deliveryDateFor } from '@/lib/domain/plans/delivery-day';
import { withFreshSubscription } from '@/lib/services/plans/fresh-subscription';
import type { Plan, PlanInvoice } from '@/lib/domain/plans/plan';
import { planEffectsForEvent } from '@/lib/services/plans/plan-event-facts';
import { planFollowUps } from '@/lib/services/plans/plan-follow-ups';
import { applyPlanFact } from '@/lib/domain/plans/plan-state';
import { nextDelivery, unpaidInvoice } from '@/lib/domain/plans/plan-view';
import { permutations } from '../support/permutations';
import { firstPeriodEvents, invoiceObject, PERIOD_1, planEvent, subscriptionObject, WEEK } from '../support/plan-events';

const ZONE = 'America/New_York';
const PERIOD_2 = PERIOD_1 + WEEK;

/** Folds events, in this order, through the event translation and both state machines. */
function fold(events: Stripe.Event[]): { plan: Plan | null; orders: Map<string, Order>; jobs: Set<string> } {
  let plan: Plan | null = null;
  const orders = new Map<string, Order>();
  const jobs = new Set<string>();
  for (const event of events) {
    const effects = planEffectsForEvent(event, ZONE);
    if (!effects) continue;
    const source = { eventId: event.id, created: event.created };
    plan = applyPlanFact(plan, effects.fact, source);
    if (effects.order) orders.set(effects.order.orderId, applyFact(orders.get(effects.order.orderId) ?? null, effects.order.fact, source));
    for (const job of planFollowUps(effects)) jobs.add(job.key);
  }
  return { plan, orders, jobs };
}

function expectEveryArrivalOrder(events: Stripe.Event[], count: number, check: (result: ReturnType<typeof fold>) => void) {
  const all = permutations(events);
  expect(all).toHaveLength(count);
  const first = fold(all[0]!);
  check(first);
  for (const permutation of all) {
    const result = fold(permutation);
    expect(result.plan).toEqual(first.plan);
    expect([...result.orders.entries()]).toEqual([...first.orders.entries()]);
    expect([...result.jobs].sort()).toEqual([...first.jobs].sort());
  }
}

const ada = { customerId: 'cus_1', email: 'ada@example.com', name: 'Ada Lovelace' };
const delivery = {
  weekday: 'wednesday' as const,
  window: '12:00-14:00',
  recipient: 'Ada Lovelace',
  address: { line1: '1 Main St', line2: null, city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
};
const paidInvoice = (id: string, periodStart: number): PlanInvoice => ({
  id,
  periodStart,
  periodEnd: periodStart + WEEK,
  state: 'paid',
  amount: 50_000,
  currency: 'usd',
  hostedInvoiceUrl: `https://invoice.stripe.test/${id}`,
});

describe('delivery day of a period', () => {
  it('is the first chosen weekday after the day the period starts, on the shop calendar', () => {
    expect(deliveryDateFor(PERIOD_1, 'wednesday', ZONE)).toBe('2030-01-09'); // period starts Monday the 7th
    expect(deliveryDateFor(PERIOD_1, 'monday', ZONE)).toBe('2030-01-14'); // never the same day
    expect(deliveryDateFor(PERIOD_1, 'tuesday', ZONE)).toBe('2030-01-08');
    // 02:00 UTC on Tuesday the 8th is still Monday evening in New York.
    expect(deliveryDateFor(Date.UTC(2030, 0, 8, 2) / 1000, 'tuesday', ZONE)).toBe('2030-01-08');
    expect(deliveryDateFor(Date.UTC(2030, 0, 8, 2) / 1000, 'tuesday', 'UTC')).toBe('2030-01-15');
  });
});

describe('one paid period, every arrival order and duplicate', () => {
  const events = firstPeriodEvents();
  const withDuplicate = [...events, events[2]!];

  it('ends active with one paid invoice, one delivery order keyed by the invoice, one receipt', () => {
    expectEveryArrivalOrder(withDuplicate, 120, ({ plan, orders, jobs }) => {
      expect(plan).toEqual({
        id: 'sub_1',
        ...ada,
        status: 'active',
        delivery,
        subscription: {
          stripeStatus: 'active',
          quantity: 2,
          priceId: 'price_weekly',
          productName: null,
          interval: 'week',
          unitAmount: 25_000,
          currency: 'usd',
          cancelAtPeriodEnd: false,
          currentPeriodStart: PERIOD_1,
          currentPeriodEnd: PERIOD_1 + WEEK,
          asOf: { created: PERIOD_1, eventId: 'evt_created' },
        },
        invoices: [paidInvoice('in_1', PERIOD_1)],
        endedAt: null,
        owner: null,
      } satisfies Plan);
      expect([...orders.keys()]).toEqual(['in_1']);
      expect(orders.get('in_1')).toMatchObject({
        id: 'in_1',
        status: 'paid',
        amountTotal: 50_000,
        deliveryDate: '2030-01-09',
        deliveryWindow: '12:00-14:00',
        customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
        shipping: { name: 'Ada Lovelace', address: delivery.address },
        items: [{ priceId: 'price_weekly', productId: 'prod_lunch', name: '2 × Weekly Office Lunch (at $250.00 / week)', quantity: 2, unitAmount: 25_000, amountTotal: 50_000 }],
      });
      expect([...jobs].sort()).toEqual(['order-paid:in_1', 'order-receipt:in_1']);
    });
  });

  it('the subscription Checkout itself is no order', () => {
    const { orders } = fold([events[0]!]);
    expect(orders.size).toBe(0);
  });
});

describe('a failed renewal', () => {
  const failed = [
    planEvent('invoice.payment_failed', invoiceObject({ id: 'in_2', periodStart: PERIOD_2, status: 'open' }), 'evt_failed', PERIOD_2),
    planEvent('customer.subscription.updated', subscriptionObject({ status: 'past_due', periodStart: PERIOD_2 }), 'evt_past_due', PERIOD_2),
  ];
  const firstPeriod = [planEvent('invoice.paid', invoiceObject(), 'evt_paid', PERIOD_1 + 1)];

  it('is past due with no order for that period and one email, in every order', () => {
    expectEveryArrivalOrder([...firstPeriod, ...failed, failed[0]!], 24, ({ plan, orders, jobs }) => {
      expect(plan?.status).toBe('past_due');
      expect(plan?.invoices.map((invoice) => [invoice.id, invoice.state])).toEqual([
        ['in_1', 'paid'],
        ['in_2', 'failed'],
      ]);
      expect([...orders.keys()]).toEqual(['in_1']);
      expect(jobs).toContain('plan-payment-failed:in_2');
    });
  });

  it('recovers once the invoice is paid, whichever arrives first', () => {
    const recovery = [
      planEvent('invoice.paid', invoiceObject({ id: 'in_2', periodStart: PERIOD_2 }), 'evt_recovered', PERIOD_2 + 3600),
      planEvent('customer.subscription.updated', subscriptionObject({ status: 'active', periodStart: PERIOD_2 }), 'evt_active', PERIOD_2 + 3600),
    ];
    expectEveryArrivalOrder([...failed, ...recovery, recovery[0]!], 120, ({ plan, orders }) => {
      expect(plan?.status).toBe('active');
      expect(plan?.subscription?.stripeStatus).toBe('active');
      expect(plan?.invoices).toEqual([paidInvoice('in_2', PERIOD_2)]);
      expect(orders.get('in_2')).toMatchObject({ status: 'paid', deliveryDate: '2030-01-16' });
    });
  });
});

describe('quantity and cancellation', () => {
  const created = planEvent('customer.subscription.created', subscriptionObject(), 'evt_created', PERIOD_1);
  const moreLunches = planEvent('customer.subscription.updated', subscriptionObject({ quantity: 5 }), 'evt_qty', PERIOD_1 + 100);
  const cancel = planEvent('customer.subscription.updated', subscriptionObject({ quantity: 5, cancelAtPeriodEnd: true }), 'evt_cancel', PERIOD_1 + 200);
  const deleted = planEvent('customer.subscription.deleted', subscriptionObject({ quantity: 5, status: 'canceled', endedAt: PERIOD_2, cancelAtPeriodEnd: true }), 'evt_deleted', PERIOD_2);

  it('a newer update wins over an older one, whatever arrives last', () => {
    expectEveryArrivalOrder([created, moreLunches, cancel, moreLunches], 24, ({ plan }) => {
      expect(plan?.status).toBe('canceling');
      expect(plan?.subscription).toMatchObject({ quantity: 5, cancelAtPeriodEnd: true, asOf: { eventId: 'evt_cancel' } });
    });
  });

  it('deleted ends the plan for good, even before the updates arrive', () => {
    expectEveryArrivalOrder([created, moreLunches, cancel, deleted, deleted], 120, ({ plan }) => {
      expect(plan?.status).toBe('ended');
      expect(plan?.endedAt).toBe(PERIOD_2);
    });
  });

  it('quantity changes apply without cancelling', () => {
    expect(fold([moreLunches, created]).plan).toMatchObject({ status: 'active', subscription: { quantity: 5 } });
  });
});

describe('what the account page shows', () => {
  const paid = fold(firstPeriodEvents()).plan!;

  it('the next delivery is this period’s while ahead, then the next period’s', () => {
    expect(nextDelivery(paid, '2030-01-08', ZONE)).toBe('2030-01-09');
    expect(nextDelivery(paid, '2030-01-10', ZONE)).toBe('2030-01-16');
  });

  it('a past-due plan shows the invoice to pay and no further delivery; an ended plan none', () => {
    const failed = fold([...firstPeriodEvents(), planEvent('invoice.payment_failed', invoiceObject({ id: 'in_2', periodStart: PERIOD_2, status: 'open' }), 'evt_failed', PERIOD_2)]).plan!;
    expect(unpaidInvoice(failed)).toMatchObject({ id: 'in_2', hostedInvoiceUrl: 'https://invoice.stripe.test/in_2' });
    expect(nextDelivery(failed, '2030-01-15', ZONE)).toBeNull();
    expect(unpaidInvoice(paid)).toBeNull();
    const ended = fold([...firstPeriodEvents(), planEvent('customer.subscription.deleted', subscriptionObject({ status: 'canceled', endedAt: PERIOD_2 }), 'evt_deleted', PERIOD_2)]).plan!;
    expect(nextDelivery(ended, '2030-01-08', ZONE)).toBeNull();
  });
});

describe('subscription events that share a second (portal changes on a test clock)', () => {
  it('apply as the subscription read from Stripe, and a later read wins whichever is written first', async () => {
    const clock = new ManualClock('2030-01-07T16:00:00.000Z');
    const reads = [subscriptionObject({ quantity: 5 }), subscriptionObject({ quantity: 5, cancelAtPeriodEnd: true })];
    const stripe = { subscriptions: { retrieve: async () => reads.shift() } } as unknown as Stripe;
    // Same second, ids in the "wrong" order: event times alone could not tell which change came last.
    const quantity = planEvent('customer.subscription.updated', subscriptionObject({ quantity: 5 }), 'evt_z_quantity', PERIOD_1);
    const cancel = planEvent('customer.subscription.updated', subscriptionObject({ quantity: 5, cancelAtPeriodEnd: true }), 'evt_a_cancel', PERIOD_1);
    const first = await withFreshSubscription(stripe, clock, planEffectsForEvent(quantity, ZONE)!, { eventId: quantity.id, created: quantity.created });
    clock.advance(1);
    const second = await withFreshSubscription(stripe, clock, planEffectsForEvent(cancel, ZONE)!, { eventId: cancel.id, created: cancel.created });
    const inOrder = applyPlanFact(applyPlanFact(null, first.effects.fact, first.source), second.effects.fact, second.source);
    const reversed = applyPlanFact(applyPlanFact(null, second.effects.fact, second.source), first.effects.fact, first.source);
    for (const plan of [inOrder, reversed]) expect(plan).toMatchObject({ status: 'canceling', subscription: { quantity: 5, cancelAtPeriodEnd: true } });
  });
});
