import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFact } from '@/lib/orders/order-state';
import type { EventRecord, OrderStore, OrderTransition } from '@/lib/orders/order-store';
import { completedPaid, completedUnpaid } from '../support/order-facts';

/**
 * The behaviour every OrderStore adapter must have. Run it with a factory for a fresh, empty store.
 */
export function describeOrderStoreContract(adapterName: string, openStore: () => Promise<OrderStore>): void {
  describe(`OrderStore contract: ${adapterName}`, () => {
    let store: OrderStore;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const event = (id: string, type = 'checkout.session.completed'): EventRecord => ({
      id,
      type,
      objectId: 'cs_test_order1',
      apiVersion: '2026-10-28.endive',
      created: 100,
      receivedAt: '2030-01-01T00:00:00.000Z',
    });

    function countingTransition(eventId: string, fact = completedPaid): OrderTransition & { calls: number } {
      const transition = {
        calls: 0,
        orderId: 'cs_test_order1',
        apply(current: Parameters<OrderTransition['apply']>[0]) {
          transition.calls++;
          return applyFact(current, fact, { eventId, created: 100 });
        },
      };
      return transition;
    }

    it('applies an event once and records it as processed', async () => {
      const transition = countingTransition('evt_1');
      expect(await store.applyEvent(event('evt_1'), transition, '2030-01-01T00:00:01.000Z')).toBe('applied');
      const order = await store.getOrder('cs_test_order1');
      expect(order?.status).toBe('paid');
      expect(order?.items).toHaveLength(2);
      const stored = await store.getEvent('evt_1');
      expect(stored).toMatchObject({ id: 'evt_1', status: 'processed', objectId: 'cs_test_order1', attempts: 1, lastError: null });
      expect(stored?.processedAt).toBe('2030-01-01T00:00:01.000Z');
    });

    it('treats a second copy of the event as a duplicate and does not run its transition', async () => {
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
      const again = countingTransition('evt_1', completedUnpaid);
      expect(await store.applyEvent(event('evt_1'), again, 'later')).toBe('duplicate');
      expect(again.calls).toBe(0);
      expect((await store.getOrder('cs_test_order1'))?.status).toBe('paid');
    });

    it('lets exactly one of many concurrent copies apply', async () => {
      const transitions = Array.from({ length: 20 }, () => countingTransition('evt_c'));
      const outcomes = await Promise.all(transitions.map((transition) => store.applyEvent(event('evt_c'), transition, 'now')));
      expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(1);
      expect(transitions.reduce((sum, transition) => sum + transition.calls, 0)).toBe(1);
      expect(await store.listOrders()).toHaveLength(1);
    });

    it('stores nothing when the transition fails, then accepts the retry', async () => {
      const failing: OrderTransition = {
        orderId: 'cs_test_order1',
        apply() {
          throw new Error('disk on fire');
        },
      };
      await expect(store.applyEvent(event('evt_f'), failing, 'now')).rejects.toThrow('disk on fire');
      expect(await store.getOrder('cs_test_order1')).toBeNull();
      expect(await store.getEvent('evt_f')).toBeNull();

      await store.recordEventFailure(event('evt_f'), 'disk on fire');
      expect(await store.getEvent('evt_f')).toMatchObject({ status: 'failed', lastError: 'disk on fire', attempts: 1 });

      expect(await store.applyEvent(event('evt_f'), countingTransition('evt_f'), 'later')).toBe('applied');
      expect(await store.getEvent('evt_f')).toMatchObject({ status: 'processed', lastError: null, attempts: 2 });
      expect((await store.getOrder('cs_test_order1'))?.status).toBe('paid');
    });

    it('never downgrades a processed event to failed', async () => {
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
      await store.recordEventFailure(event('evt_1'), 'late failure from a concurrent copy');
      expect(await store.getEvent('evt_1')).toMatchObject({ status: 'processed', lastError: null });
    });

    it('records events without an effect as ignored, once', async () => {
      expect(await store.applyEvent(event('evt_i', 'customer.created'), null, 'now')).toBe('applied');
      expect(await store.getEvent('evt_i')).toMatchObject({ status: 'ignored', type: 'customer.created' });
      expect(await store.applyEvent(event('evt_i', 'customer.created'), null, 'now')).toBe('duplicate');
      expect(await store.listOrders()).toEqual([]);
    });

    it('returns null for unknown orders and events', async () => {
      expect(await store.getOrder('cs_test_nope')).toBeNull();
      expect(await store.getEvent('evt_nope')).toBeNull();
    });
  });
}
