import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@/lib/domain/clock';
import { changeFulfilment, type ChangeFulfilmentDeps } from '@/lib/services/kitchen/change-fulfilment';
import type { Order } from '@/lib/domain/orders/order';
import type { OrderFact } from '@/lib/domain/orders/order-state';
import type { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { completedPaid, completedUnpaid, storeWithFacts } from '../support/order-facts';

const refunded: OrderFact = { kind: 'refund_updated', sessionId: 'cs_test_order1', paymentIntentId: 'pi_1', refund: { amountRefunded: 78800, amountCaptured: 78800 } };

describe('changing an order’s fulfilment', () => {
  let store: SqliteOrderStore;
  let refunds: string[];
  let deps: ChangeFulfilmentDeps;

  beforeEach(async () => {
    store = await storeWithFacts([completedPaid]);
    refunds = [];
    deps = { store, clock: new ManualClock('2030-01-15T09:00:00.000Z'), refundInFull: async (order: Order, by: string) => void refunds.push(`${order.id} by ${by}`) };
  });

  const move = (to: Parameters<typeof changeFulfilment>[2]['to'], expectedVersion: number, who = 'chef@example.com') =>
    changeFulfilment(deps, who, { orderId: 'cs_test_order1', to, expectedVersion });

  it('moves a paid order along, recording who did it, and enqueues the customer’s email when it leaves', async () => {
    expect((await move('preparing', 0)).ok).toBe(true);
    const out = await move('out_for_delivery', 1, 'driver@example.com');
    expect(out.ok && out.order.fulfilment?.history.map((change) => `${change.status}:${change.by}`)).toEqual(['preparing:chef@example.com', 'out_for_delivery:driver@example.com']);
    expect(await store.getFollowUp('order-out-for-delivery:cs_test_order1')).toMatchObject({ status: 'pending' });
    expect((await store.getOrder('cs_test_order1'))?.status).toBe('paid');
    expect(refunds).toEqual([]);
  });

  it('refuses an illegal move with 422 and a stale one with 409, writing nothing', async () => {
    await move('preparing', 0);
    await move('out_for_delivery', 1);
    await move('delivered', 2);
    expect(await move('preparing', 3)).toMatchObject({ ok: false, status: 422 });
    expect(await move('cancelled', 3)).toMatchObject({ ok: false, status: 422 });
    expect(await move('delivered', 1)).toMatchObject({ ok: false, status: 409 });
    expect((await store.getOrder('cs_test_order1'))?.fulfilment).toMatchObject({ status: 'delivered', version: 3 });
    expect(refunds).toEqual([]);
  });

  it('refunds in full through Stripe when cancelling, and not again for an order already refunded', async () => {
    expect((await move('cancelled', 0, 'manager@example.com')).ok).toBe(true);
    expect(refunds).toEqual(['cs_test_order1 by manager@example.com']);

    const refundedStore = await storeWithFacts([completedPaid, refunded]);
    const result = await changeFulfilment({ ...deps, store: refundedStore }, 'manager@example.com', { orderId: 'cs_test_order1', to: 'cancelled', expectedVersion: 0 });
    expect(result.ok).toBe(true);
    expect(refunds).toHaveLength(1);
  });

  it('does not cancel (or write) when the refund fails', async () => {
    deps.refundInFull = () => Promise.reject(new Error('Stripe is down'));
    await expect(move('cancelled', 0)).rejects.toThrow('Stripe is down');
    expect((await store.getOrder('cs_test_order1'))?.fulfilment).toBeUndefined();
  });

  it('answers 404 for an unknown order and 422 for an unpaid one', async () => {
    expect(await changeFulfilment(deps, 'chef@example.com', { orderId: 'cs_test_nope', to: 'preparing', expectedVersion: 0 })).toMatchObject({ ok: false, status: 404 });
    const unpaid = await storeWithFacts([completedUnpaid]);
    expect(await changeFulfilment({ ...deps, store: unpaid }, 'chef@example.com', { orderId: 'cs_test_order1', to: 'preparing', expectedVersion: 0 })).toMatchObject({ ok: false, status: 422 });
  });
});
