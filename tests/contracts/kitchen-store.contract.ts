import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advance, NOT_STARTED } from '@/lib/kitchen/fulfilment';
import { applyFact, type OrderFact } from '@/lib/orders/order-state';
import type { FollowUpJob, OrderStore } from '@/lib/orders/order-store';
import { paidFact } from '../support/kitchen-orders';

const by = { at: '2030-01-15T09:00:00.000Z', by: 'chef@example.com' };

function paidOn(sessionId: string, deliveryDate: string, deliveryWindow?: string): OrderFact {
  return paidFact({ sessionId, deliveryDate, ...(deliveryWindow ? { deliveryWindow } : {}) });
}

async function record(store: OrderStore, eventId: string, orderId: string, fact: OrderFact, created = 100): Promise<void> {
  await store.applyEvent(
    { id: eventId, type: 'checkout.session.completed', objectId: orderId, apiVersion: null, created, receivedAt: '2030-01-01T00:00:00.000Z' },
    { orderId, apply: (current) => applyFact(current, fact, { eventId, created }) },
    '2030-01-01T00:00:01.000Z',
  );
}

const outForDeliveryJob = (orderId: string): FollowUpJob => ({ key: `kitchen-test:${orderId}`, kind: 'kitchen-test', payload: { orderId } });

/** The kitchen's store methods; every adapter passes them (run with a factory for a fresh, empty store). */
export function describeKitchenStoreContract(adapterName: string, openStore: () => Promise<OrderStore>): void {
  describe(`OrderStore kitchen contract: ${adapterName}`, () => {
    let store: OrderStore;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('lists the orders delivered within a date range, inclusive, in delivery order', async () => {
      await record(store, 'evt_a', 'cs_test_a', paidOn('cs_test_a', '2030-01-15', '14:00-16:00'));
      await record(store, 'evt_b', 'cs_test_b', paidOn('cs_test_b', '2030-01-15', '10:00-12:00'));
      await record(store, 'evt_c', 'cs_test_c', paidOn('cs_test_c', '2030-01-17'));
      await record(store, 'evt_d', 'cs_test_d', paidOn('cs_test_d', '2030-01-18'));
      await record(store, 'evt_e', 'cs_test_e', paidOn('cs_test_e', '2030-01-14'));
      expect((await store.listOrdersByDeliveryDate('2030-01-15', '2030-01-15')).map((order) => order.id)).toEqual(['cs_test_b', 'cs_test_a']);
      expect((await store.listOrdersByDeliveryDate('2030-01-15', '2030-01-17')).map((order) => order.id)).toEqual(['cs_test_b', 'cs_test_a', 'cs_test_c']);
      expect(await store.listOrdersByDeliveryDate('2030-02-01', '2030-02-07')).toEqual([]);
    });

    it('moves the fulfilment only from the version read, enqueueing its jobs in the same write', async () => {
      await record(store, 'evt_a', 'cs_test_a', paidOn('cs_test_a', '2030-01-15'));
      const preparing = advance(NOT_STARTED, 'preparing', by);
      const first = await store.updateFulfilment('cs_test_a', 0, preparing, [], by.at);
      expect(first.outcome).toBe('updated');

      // A second writer that also read version 0 is refused, and told what the order is now.
      const stale = await store.updateFulfilment('cs_test_a', 0, advance(NOT_STARTED, 'cancelled', by), [outForDeliveryJob('stale')], by.at);
      expect(stale.outcome).toBe('stale');
      expect(stale.outcome === 'stale' && stale.order.fulfilment?.status).toBe('preparing');
      expect(await store.getFollowUp('kitchen-test:stale')).toBeNull();

      const out = advance(preparing, 'out_for_delivery', { ...by, by: 'driver@example.com' });
      expect((await store.updateFulfilment('cs_test_a', 1, out, [outForDeliveryJob('cs_test_a')], by.at)).outcome).toBe('updated');
      const order = await store.getOrder('cs_test_a');
      expect(order?.fulfilment).toEqual(out);
      expect(order?.status).toBe('paid');
      expect(await store.getFollowUp('kitchen-test:cs_test_a')).toMatchObject({ status: 'pending', kind: 'kitchen-test', payload: { orderId: 'cs_test_a' } });
      expect((await store.listOrdersByDeliveryDate('2030-01-15', '2030-01-15'))[0]?.fulfilment?.status).toBe('out_for_delivery');
    });

    it('keeps the buyer’s phone for the delivery', async () => {
      await record(store, 'evt_p', 'cs_test_p', paidFact({ sessionId: 'cs_test_p', phone: '+1 555 0100' }));
      await record(store, 'evt_q', 'cs_test_q', paidFact({ sessionId: 'cs_test_q' }));
      expect((await store.getOrder('cs_test_p'))?.phone).toBe('+1 555 0100');
      expect((await store.getOrder('cs_test_q'))?.phone ?? null).toBeNull();
    });

    it('answers not_found for an unknown order and writes nothing', async () => {
      expect(await store.updateFulfilment('cs_test_nope', 0, advance(NOT_STARTED, 'preparing', by), [outForDeliveryJob('nope')], by.at)).toEqual({ outcome: 'not_found' });
      expect(await store.getOrder('cs_test_nope')).toBeNull();
      expect(await store.getFollowUp('kitchen-test:nope')).toBeNull();
    });

    it('keeps the fulfilment when a later Stripe event rewrites the order (and the payment status stays the events\' own)', async () => {
      await record(store, 'evt_a', 'cs_test_a', paidOn('cs_test_a', '2030-01-15'));
      const preparing = advance(NOT_STARTED, 'preparing', by);
      await store.updateFulfilment('cs_test_a', 0, preparing, [], by.at);
      await record(store, 'evt_refund', 'cs_test_a', { kind: 'refund_updated', sessionId: 'cs_test_a', paymentIntentId: 'pi_1', refund: { amountRefunded: 1000, amountCaptured: 78800 } }, 200);
      const order = await store.getOrder('cs_test_a');
      expect(order?.status).toBe('partially_refunded');
      expect(order?.fulfilment).toEqual(preparing);
    });
  });
}
