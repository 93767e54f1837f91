import { describe, expect, it } from 'vitest';
import type { Order } from '@/lib/orders/order';
import { applyFact, type OrderFact } from '@/lib/orders/order-state';
import { completedPaid, completedUnpaid, expired, sampleItems } from '../support/order-facts';

type Step = { fact: OrderFact; eventId: string; created: number };

function fold(steps: Step[]): Order | null {
  return steps.reduce<Order | null>((order, step) => applyFact(order, step.fact, { eventId: step.eventId, created: step.created }), null);
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe('order state machine', () => {
  it('records a paid order with its items, customer, shipping and delivery date', () => {
    const order = applyFact(null, completedPaid, { eventId: 'evt_1', created: 100 });
    expect(order.status).toBe('paid');
    expect(order.items).toEqual(sampleItems);
    expect(order.amountTotal).toBe(78800);
    expect(order.customer?.email).toBe('ada@example.com');
    expect(order.shipping?.address?.city).toBe('Springfield');
    expect(order.deliveryDate).toBe('2030-01-15');
    expect(order.history).toEqual([{ status: 'paid', at: 100, eventId: 'evt_1' }]);
  });

  it('marks a completed but unpaid session as awaiting payment', () => {
    expect(applyFact(null, completedUnpaid, { eventId: 'evt_1', created: 100 }).status).toBe('awaiting_payment');
  });

  it('moves awaiting payment forward to paid, never back', () => {
    const awaiting = applyFact(null, completedUnpaid, { eventId: 'evt_1', created: 100 });
    const paid = applyFact(awaiting, completedPaid, { eventId: 'evt_2', created: 200 });
    expect(paid.status).toBe('paid');
    expect(paid.history.map((change) => change.status)).toEqual(['awaiting_payment', 'paid']);
    const stale = applyFact(paid, completedUnpaid, { eventId: 'evt_1', created: 100 });
    expect(stale).toEqual(paid);
  });

  it('does not let a late expiry overwrite a payment', () => {
    const paid = applyFact(null, completedPaid, { eventId: 'evt_1', created: 100 });
    expect(applyFact(paid, expired, { eventId: 'evt_2', created: 300 }).status).toBe('paid');
  });

  it('marks an expired session as expired', () => {
    const order = applyFact(null, expired, { eventId: 'evt_9', created: 500 });
    expect(order.status).toBe('expired');
    expect(order.items).toEqual([]);
  });

  it('applying the same fact twice changes nothing', () => {
    const once = applyFact(null, completedPaid, { eventId: 'evt_1', created: 100 });
    expect(applyFact(once, completedPaid, { eventId: 'evt_1', created: 100 })).toEqual(once);
  });

  it('ends in the same state whatever order the events arrive in', () => {
    const steps: Step[] = [
      { fact: completedUnpaid, eventId: 'evt_completed', created: 100 },
      { fact: completedPaid, eventId: 'evt_async_succeeded', created: 200 },
      { fact: completedPaid, eventId: 'evt_duplicate_delivery', created: 200 },
    ];
    const results = permutations(steps).map(fold);
    expect(results).toHaveLength(6);
    for (const result of results) {
      expect(result?.status).toBe('paid');
      expect(result?.items).toEqual(sampleItems);
    }
    // The timeline is ordered by Stripe's event time, not by arrival.
    expect(results[5]?.history.map((change) => change.status)).toEqual(['awaiting_payment', 'paid']);
  });
});
