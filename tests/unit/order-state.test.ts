import { describe, expect, it } from 'vitest';
import type { Order } from '@/lib/domain/orders/order';
import { applyFact, type OrderFact } from '@/lib/domain/orders/order-state';
import { completedPaid, completedUnpaid, expired, sampleItems, sessionSnapshot } from '../support/order-facts';

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

describe('refunds and delayed payments', () => {
  const refund = (amountRefunded: number): OrderFact => ({
    kind: 'refund_updated',
    sessionId: 'cs_test_order1',
    paymentIntentId: 'pi_1',
    refund: { amountRefunded, amountCaptured: 78800 },
  });

  it('a partial refund, then the rest, ends refunded with the full amount', () => {
    const paid = applyFact(null, completedPaid, { eventId: 'evt_1', created: 100 });
    const partial = applyFact(paid, refund(10000), { eventId: 'evt_2', created: 200 });
    expect(partial).toMatchObject({ status: 'partially_refunded', amountRefunded: 10000 });
    const full = applyFact(partial, refund(78800), { eventId: 'evt_3', created: 300 });
    expect(full).toMatchObject({ status: 'refunded', amountRefunded: 78800 });
    // The older, smaller refund event arriving late changes nothing.
    expect(applyFact(full, refund(10000), { eventId: 'evt_2', created: 200 })).toEqual(full);
  });

  it('holds a refund that arrives before the payment and keeps it when the payment lands', () => {
    const early = applyFact(null, refund(5000), { eventId: 'evt_r', created: 300 });
    expect(early).toMatchObject({ status: 'partially_refunded', amountRefunded: 5000, items: [] });
    const completed = applyFact(early, completedPaid, { eventId: 'evt_c', created: 100 });
    expect(completed).toMatchObject({ status: 'partially_refunded', amountRefunded: 5000, amountTotal: 78800 });
    expect(completed.items).toHaveLength(2);
    expect(completed.history.map((change) => change.status)).toEqual(['paid', 'partially_refunded']);
  });

  it('a failed delayed payment is final for the session', () => {
    const awaiting = applyFact(null, completedUnpaid, { eventId: 'evt_1', created: 100 });
    const failed = applyFact(awaiting, { kind: 'async_payment_failed', session: sessionSnapshot() }, { eventId: 'evt_2', created: 200 });
    expect(failed.status).toBe('payment_failed');
    expect(failed.history.map((change) => change.status)).toEqual(['awaiting_payment', 'payment_failed']);
  });

  it('keeps what the first event said: a later session snapshot only fills gaps', () => {
    const first = applyFact(null, completedUnpaid, { eventId: 'evt_1', created: 100 });
    const later = sessionSnapshot({ amountSubtotal: 1, amountTotal: 2, paymentIntentId: 'pi_other', sessionCreated: 5, items: [], currency: 'eur' });
    const order = applyFact(first, { kind: 'async_payment_succeeded', session: later }, { eventId: 'evt_2', created: 200 });
    expect(order).toMatchObject({ status: 'paid', amountSubtotal: 78800, amountTotal: 78800, paymentIntentId: 'pi_1', sessionCreated: 1_900_000_000, currency: 'usd', items: sampleItems });
  });

  it('a payment event fills the payment intent only when the order has none', () => {
    const withoutIntent = applyFact(null, { kind: 'checkout_completed', paid: false, session: sessionSnapshot({ paymentIntentId: null }) }, { eventId: 'evt_1', created: 100 });
    const paid = applyFact(withoutIntent, { kind: 'payment_succeeded', sessionId: 'cs_test_order1', paymentIntentId: 'pi_late' }, { eventId: 'evt_2', created: 200 });
    expect(paid).toMatchObject({ status: 'paid', paymentIntentId: 'pi_late', items: sampleItems });
    const kept = applyFact(paid, { kind: 'payment_succeeded', sessionId: 'cs_test_order1', paymentIntentId: 'pi_other' }, { eventId: 'evt_3', created: 300 });
    expect(kept.paymentIntentId).toBe('pi_late');
    const refund = { kind: 'refund_updated' as const, sessionId: 'cs_test_order1', paymentIntentId: 'pi_other', refund: { amountRefunded: 1, amountCaptured: 78800 } };
    expect(applyFact(paid, refund, { eventId: 'evt_4', created: 400 }).paymentIntentId).toBe('pi_late');
  });

  it('two endings of the same rank do not replace each other: failed stays failed when an expiry follows', () => {
    const failed = applyFact(applyFact(null, completedUnpaid, { eventId: 'evt_1', created: 100 }), { kind: 'async_payment_failed', session: sessionSnapshot() }, { eventId: 'evt_2', created: 200 });
    const after = applyFact(failed, expired, { eventId: 'evt_3', created: 300 });
    expect(after.status).toBe('payment_failed');
    expect(after.history.map((entry) => entry.status)).toEqual(['awaiting_payment', 'payment_failed']);
  });

  it('keeps the earliest report of a status: an earlier event replaces a later one, ties go to the smaller event id', () => {
    const late = applyFact(null, completedPaid, { eventId: 'evt_b', created: 200 });
    expect(applyFact(late, completedPaid, { eventId: 'evt_c', created: 300 }).history).toEqual([{ status: 'paid', at: 200, eventId: 'evt_b' }]);
    expect(applyFact(late, completedPaid, { eventId: 'evt_z', created: 100 }).history).toEqual([{ status: 'paid', at: 100, eventId: 'evt_z' }]);
    expect(applyFact(late, completedPaid, { eventId: 'evt_a', created: 200 }).history).toEqual([{ status: 'paid', at: 200, eventId: 'evt_a' }]);
    expect(applyFact(late, completedPaid, { eventId: 'evt_c', created: 200 }).history).toEqual([{ status: 'paid', at: 200, eventId: 'evt_b' }]);
    expect(applyFact(late, completedPaid, { eventId: 'evt_a', created: 300 }).history).toEqual([{ status: 'paid', at: 200, eventId: 'evt_b' }]);
    // Replacing one entry leaves the others as they were.
    const refund = { kind: 'refund_updated' as const, sessionId: 'cs_test_order1', paymentIntentId: 'pi_1', refund: { amountRefunded: 1, amountCaptured: 78800 } };
    const refunded = applyFact(late, refund, { eventId: 'evt_r', created: 400 });
    expect(applyFact(refunded, completedPaid, { eventId: 'evt_a', created: 150 }).history).toEqual([
      { status: 'paid', at: 150, eventId: 'evt_a' },
      { status: 'partially_refunded', at: 400, eventId: 'evt_r' },
    ]);
  });

  it('a stale report of an earlier stage joins the timeline only if it happened before the latest entry', () => {
    const paid = applyFact(null, completedPaid, { eventId: 'evt_p', created: 200 });
    expect(applyFact(paid, completedUnpaid, { eventId: 'evt_u', created: 100 }).history.map((entry) => [entry.status, entry.at])).toEqual([
      ['awaiting_payment', 100],
      ['paid', 200],
    ]);
    expect(applyFact(paid, completedUnpaid, { eventId: 'evt_u', created: 200 }).history.map((entry) => entry.status)).toEqual(['paid']);
    expect(applyFact(paid, completedUnpaid, { eventId: 'evt_u', created: 300 }).history.map((entry) => entry.status)).toEqual(['paid']);
    // Same rank, later stage: an expiry after a failure is not an earlier stage.
    const failed = applyFact(applyFact(null, completedUnpaid, { eventId: 'evt_1', created: 100 }), { kind: 'async_payment_failed', session: sessionSnapshot() }, { eventId: 'evt_2', created: 300 });
    expect(applyFact(failed, expired, { eventId: 'evt_3', created: 200 }).history.map((entry) => entry.status)).toEqual(['awaiting_payment', 'payment_failed']);
  });

});
