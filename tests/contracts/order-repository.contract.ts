import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowUpJob, FollowUpQueue } from '@/lib/domain/followups/follow-up-queue';
import { advance, NOT_STARTED } from '@/lib/domain/kitchen/fulfilment';
import { isOwnedBy } from '@/lib/domain/orders/customer-orders';
import type { EventLedger } from '@/lib/domain/orders/event-ledger';
import type { OrderFact } from '@/lib/domain/orders/order-state';
import type { OrderRepository } from '@/lib/domain/orders/order-repository';
import { paidFact } from '../support/kitchen-orders';
import { sessionSnapshot } from '../support/order-facts';
import { countingTransition, event, ORDER_ID, recordOrder, type InterleavingStore, type OpenStore, type Opened } from './store-contract-support';

/** The repository's ports, the ledger that writes orders, and the queue its fulfilment writes enqueue into. */
export type RepositoryPorts = OrderRepository & EventLedger & FollowUpQueue;

export interface RepositoryContractOptions<Store extends RepositoryPorts> {
  openInterleaving?: (other: Store) => Promise<InterleavingStore<RepositoryPorts>>;
}

const by = { at: '2030-01-15T09:00:00.000Z', by: 'chef@example.com' };

function paidOn(sessionId: string, deliveryDate: string, deliveryWindow?: string): OrderFact {
  return paidFact({ sessionId, deliveryDate, ...(deliveryWindow ? { deliveryWindow } : {}) });
}

const outForDeliveryJob = (orderId: string): FollowUpJob => ({ key: `kitchen-test:${orderId}`, kind: 'kitchen-test', payload: { orderId } });

/**
 * OrderRepository: orders, their owners, the kitchen's queries and fulfilment writes. Run it with a factory
 * for a fresh, empty store. Owners are compared with isOwnedBy: Amplify's owner field resolver returns
 * only the part after "::".
 */
export function describeOrderRepositoryContract<Store extends RepositoryPorts>(adapterName: string, openStore: OpenStore<Store>, options: RepositoryContractOptions<Store> = {}): void {
  describe(`OrderRepository contract: ${adapterName}`, () => {
    let store: Opened<Store>;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });
    const record = (eventId: string, orderId: string, fact: OrderFact, created = 100) => recordOrder(store, eventId, orderId, fact, { created });
    const paidBy = (sessionId: string, email: string): OrderFact => paidFact({ sessionId, customer: { email, name: 'Buyer' } });

    it('gives an order to the first owner only and lists orders by owner', async () => {
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
      expect(isOwnedBy((await store.assignOwner(ORDER_ID, 'sub-a::ada@example.com'))!, 'sub-a::ada@example.com')).toBe(true);
      const second = await store.assignOwner(ORDER_ID, 'sub-b::mallory@example.com');
      expect([isOwnedBy(second!, 'sub-a::ada@example.com'), isOwnedBy(second!, 'sub-b::mallory@example.com')]).toEqual([true, false]);
      expect(await store.assignOwner('cs_test_missing', 'sub-a::ada@example.com')).toBeNull();
      expect((await store.listOrdersByOwner('sub-a::ada@example.com')).map((order) => order.id)).toEqual([ORDER_ID]);
      expect(await store.listOrdersByOwner('sub-b::mallory@example.com')).toEqual([]);
    });

    it('claims unowned orders by email, case-insensitively, and leaves owned ones alone', async () => {
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
      expect(await store.claimOrdersByEmail('ADA@example.com', 'sub-a::ada@example.com')).toBe(1);
      expect(await store.claimOrdersByEmail('ada@example.com', 'sub-z::someone-else')).toBe(0);
      expect(isOwnedBy((await store.getOrder(ORDER_ID))!, 'sub-a::ada@example.com')).toBe(true);
    });

    it('finds an order by its payment intent', async () => {
      await store.applyEvent(event('evt_pi'), countingTransition('evt_pi'), 'now');
      const order = await store.getOrder(ORDER_ID);
      expect(order?.paymentIntentId).toBeTruthy();
      expect(await store.findOrderIdByPaymentIntent(order!.paymentIntentId!)).toBe(ORDER_ID);
      expect(await store.findOrderIdByPaymentIntent('pi_unknown')).toBeNull();
    });

    it('keeps what the customer sees: the order number and the delivery window', async () => {
      const windowed: OrderFact = { kind: 'checkout_completed', paid: true, session: sessionSnapshot({ deliveryWindow: '10:00-12:00' }) };
      await store.applyEvent(event('evt_window'), countingTransition('evt_window', windowed), 'now');
      const order = await store.getOrder(ORDER_ID);
      expect(order?.orderNumber).toMatch(/^HT-[0-9A-Z]{6}$/);
      expect(order?.deliveryWindow).toBe('10:00-12:00');
    });

    it('keeps the buyer\'s order notes and dietary requirements', async () => {
      const noted: OrderFact = { kind: 'checkout_completed', paid: true, session: sessionSnapshot({ notes: 'Ring the side door', dietaryRequirements: '2 vegan, 1 nut allergy' }) };
      await store.applyEvent(event('evt_notes'), countingTransition('evt_notes', noted), 'now');
      expect(await store.getOrder(ORDER_ID)).toMatchObject({ notes: 'Ring the side door', dietaryRequirements: '2 vegan, 1 nut allergy' });
    });

    it('searches for staff by session id, order number (any case) and part of an email', async () => {
      await record('evt_a', 'cs_test_a', paidBy('cs_test_a', 'ada@example.com'));
      await record('evt_b', 'cs_test_b', paidBy('cs_test_b', 'bob@caterers.test'));
      await record('evt_c', 'cs_test_c', paidBy('cs_test_c', 'ada.second@example.com'));
      const ids = async (term: string) => (await store.searchOrders(term)).map((order) => order.id).sort();
      expect(await ids('cs_test_b')).toEqual(['cs_test_b']);
      const number = (await store.getOrder('cs_test_c'))!.orderNumber!;
      expect(await ids(number.toLowerCase())).toEqual(['cs_test_c']);
      expect(await ids('  ADA ')).toEqual(['cs_test_a', 'cs_test_c']);
      expect(await ids('caterers')).toEqual(['cs_test_b']);
      // Two characters are too few to match inside emails; an empty term matches nothing.
      expect(await ids('ad')).toEqual([]);
      expect(await ids(' ')).toEqual([]);
      expect(await ids('nobody@example.com')).toEqual([]);
      expect((await store.searchOrders('bob@caterers.test'))[0]).toMatchObject({ id: 'cs_test_b', customer: { email: 'bob@caterers.test' }, status: 'paid' });
    });

    it('returns null for unknown orders', async () => {
      expect(await store.getOrder('cs_test_nope')).toBeNull();
    });

    it('lists the orders delivered within a date range, inclusive, in delivery order', async () => {
      await record('evt_a', 'cs_test_a', paidOn('cs_test_a', '2030-01-15', '14:00-16:00'));
      await record('evt_b', 'cs_test_b', paidOn('cs_test_b', '2030-01-15', '10:00-12:00'));
      await record('evt_c', 'cs_test_c', paidOn('cs_test_c', '2030-01-17'));
      await record('evt_d', 'cs_test_d', paidOn('cs_test_d', '2030-01-18'));
      await record('evt_e', 'cs_test_e', paidOn('cs_test_e', '2030-01-14'));
      expect((await store.listOrdersByDeliveryDate('2030-01-15', '2030-01-15')).map((order) => order.id)).toEqual(['cs_test_b', 'cs_test_a']);
      expect((await store.listOrdersByDeliveryDate('2030-01-15', '2030-01-17')).map((order) => order.id)).toEqual(['cs_test_b', 'cs_test_a', 'cs_test_c']);
      expect(await store.listOrdersByDeliveryDate('2030-02-01', '2030-02-07')).toEqual([]);
    });

    it('moves the fulfilment only from the version read, enqueueing its jobs in the same write', async () => {
      await record('evt_a', 'cs_test_a', paidOn('cs_test_a', '2030-01-15'));
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
      await record('evt_p', 'cs_test_p', paidFact({ sessionId: 'cs_test_p', phone: '+1 555 0100' }));
      await record('evt_q', 'cs_test_q', paidFact({ sessionId: 'cs_test_q' }));
      expect((await store.getOrder('cs_test_p'))?.phone).toBe('+1 555 0100');
      expect((await store.getOrder('cs_test_q'))?.phone ?? null).toBeNull();
    });

    it('answers not_found for an unknown order and writes nothing', async () => {
      expect(await store.updateFulfilment('cs_test_nope', 0, advance(NOT_STARTED, 'preparing', by), [outForDeliveryJob('nope')], by.at)).toEqual({ outcome: 'not_found' });
      expect(await store.getOrder('cs_test_nope')).toBeNull();
      expect(await store.getFollowUp('kitchen-test:nope')).toBeNull();
    });

    it('keeps the fulfilment when a later Stripe event rewrites the order (and the payment status stays the events\' own)', async () => {
      await record('evt_a', 'cs_test_a', paidOn('cs_test_a', '2030-01-15'));
      const preparing = advance(NOT_STARTED, 'preparing', by);
      await store.updateFulfilment('cs_test_a', 0, preparing, [], by.at);
      await record('evt_refund', 'cs_test_a', { kind: 'refund_updated', sessionId: 'cs_test_a', paymentIntentId: 'pi_1', refund: { amountRefunded: 1000, amountCaptured: 78800 } }, 200);
      const order = await store.getOrder('cs_test_a');
      expect(order?.status).toBe('partially_refunded');
      expect(order?.fulfilment).toEqual(preparing);
    });

    const interleaving = options.openInterleaving;
    // Only adapters that write read-then-conditionally have a window to interleave into (SQLite serializes).
    if (interleaving) {
      it('keeps the first owner when another claims the order between read and write', async () => {
        const racing = await interleaving(store);
        await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
        racing.beforeNextWrite(async () => {
          await store.assignOwner(ORDER_ID, 'sub-b::bob@example.com');
        });
        const result = await racing.store.assignOwner(ORDER_ID, 'sub-a::ada@example.com');
        expect(isOwnedBy(result!, 'sub-b::bob@example.com')).toBe(true);
        expect(isOwnedBy((await store.getOrder(ORDER_ID))!, 'sub-a::ada@example.com')).toBe(false);
      });
    }
  });
}
