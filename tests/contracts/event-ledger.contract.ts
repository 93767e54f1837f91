import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOwnedBy } from '@/lib/domain/orders/customer-orders';
import type { EventLedger, OrderTransition } from '@/lib/domain/orders/event-ledger';
import type { EventLog } from '@/lib/domain/orders/event-log';
import type { FollowUpQueue } from '@/lib/domain/followups/follow-up-queue';
import type { OrderRepository } from '@/lib/domain/orders/order-repository';
import { completedPaid, completedUnpaid, expired } from '../support/order-facts';
import { countingTransition, event, ORDER_ID, type InterleavingStore, type OpenStore, type Opened } from './store-contract-support';

/** The ledger's unit of work spans three roles: its effects are read back through their ports. */
export type LedgerPorts = EventLedger & EventLog & OrderRepository & FollowUpQueue;

export interface LedgerContractOptions<Store extends LedgerPorts> {
  openInterleaving?: (other: Store) => Promise<InterleavingStore<LedgerPorts>>;
}

/**
 * EventLedger: an event, its order change and its follow-up jobs commit together, once. Run it with a
 * factory for a fresh, empty store. Owners are compared with isOwnedBy (Amplify returns only the part after "::").
 */
export function describeEventLedgerContract<Store extends LedgerPorts>(adapterName: string, openStore: OpenStore<Store>, options: LedgerContractOptions<Store> = {}): void {
  describe(`EventLedger contract: ${adapterName}`, () => {
    let store: Opened<Store>;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('applies an event once and records it as processed', async () => {
      const transition = countingTransition('evt_1');
      expect(await store.applyEvent(event('evt_1'), transition, '2030-01-01T00:00:01.000Z')).toBe('applied');
      const order = await store.getOrder(ORDER_ID);
      expect(order?.status).toBe('paid');
      expect(order?.items).toHaveLength(2);
      const stored = await store.getEvent('evt_1');
      expect(stored).toMatchObject({ id: 'evt_1', status: 'processed', objectId: ORDER_ID, attempts: 1, lastError: null });
      expect(stored?.processedAt).toBe('2030-01-01T00:00:01.000Z');
    });

    it('treats a second copy of the event as a duplicate and does not run its transition', async () => {
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
      const again = countingTransition('evt_1', completedUnpaid);
      expect(await store.applyEvent(event('evt_1'), again, 'later')).toBe('duplicate');
      expect(again.calls).toBe(0);
      expect((await store.getOrder(ORDER_ID))?.status).toBe('paid');
    });

    it('lets exactly one of many concurrent copies apply', async () => {
      const transitions = Array.from({ length: 20 }, () => countingTransition('evt_c'));
      const outcomes = await Promise.all(transitions.map((transition) => store.applyEvent(event('evt_c'), transition, 'now')));
      expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(19);
      expect(await store.getEvent('evt_c')).toMatchObject({ status: 'processed', attempts: 1 });
      // The order saw the event once: one status change in its history.
      expect((await store.getOrder(ORDER_ID))?.history).toHaveLength(1);
    });

    it('stores nothing when the transition fails, then accepts the retry', async () => {
      const failing: OrderTransition = {
        orderId: ORDER_ID,
        apply() {
          throw new Error('disk on fire');
        },
      };
      await expect(store.applyEvent(event('evt_f'), failing, 'now')).rejects.toThrow('disk on fire');
      expect(await store.getOrder(ORDER_ID)).toBeNull();
      expect(await store.getEvent('evt_f')).toBeNull();

      await store.recordEventFailure(event('evt_f'), 'disk on fire');
      expect(await store.getEvent('evt_f')).toMatchObject({ status: 'failed', lastError: 'disk on fire', attempts: 1 });

      expect(await store.applyEvent(event('evt_f'), countingTransition('evt_f'), 'later')).toBe('applied');
      expect(await store.getEvent('evt_f')).toMatchObject({ status: 'processed', lastError: null, attempts: 2 });
      expect((await store.getOrder(ORDER_ID))?.status).toBe('paid');
    });

    it('records events without an effect as ignored, once, and writes no order', async () => {
      expect(await store.applyEvent(event('evt_i', 'customer.created'), null, 'now')).toBe('applied');
      expect(await store.getEvent('evt_i')).toMatchObject({ status: 'ignored', type: 'customer.created' });
      expect(await store.applyEvent(event('evt_i', 'customer.created'), null, 'now')).toBe('duplicate');
      expect(await store.getOrder(ORDER_ID)).toBeNull();
    });

    it('enqueues follow-ups with the event, once, and never when the event is a duplicate', async () => {
      const job = { key: 'order-paid:cs_test_order1', kind: 'order-paid', payload: { orderId: ORDER_ID } };
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), '2030-01-01T00:00:00.000Z', [job]);
      await store.applyEvent(event('evt_2'), countingTransition('evt_2'), '2030-01-01T00:00:01.000Z', [job]);
      const pending = await store.listPendingFollowUps('2030-01-01T00:00:02.000Z', 10);
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({ ...job, status: 'pending', attempts: 0, progress: {}, claimedUntil: null });
    });

    it('enqueues nothing when the transition fails', async () => {
      const failing: OrderTransition = { orderId: ORDER_ID, apply: () => { throw new Error('boom'); } };
      const job = { key: 'order-paid:cs_test_order1', kind: 'order-paid', payload: {} };
      await expect(store.applyEvent(event('evt_1'), failing, 'now', [job])).rejects.toThrow('boom');
      expect(await store.getFollowUp(job.key)).toBeNull();
    });

    it('keeps the owner when a later event rewrites the order', async () => {
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
      await store.assignOwner(ORDER_ID, 'sub-a::ada@example.com');
      await store.applyEvent(event('evt_2'), countingTransition('evt_2'), 'later');
      expect(isOwnedBy((await store.getOrder(ORDER_ID))!, 'sub-a::ada@example.com')).toBe(true);
    });

    const interleaving = options.openInterleaving;
    // Only adapters that write read-then-conditionally have a window to interleave into (SQLite serializes).
    if (interleaving) {
      it('keeps an owner set between an event write’s read and its write (version condition)', async () => {
        const racing = await interleaving(store);
        await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
        racing.beforeNextWrite(async () => {
          await store.assignOwner(ORDER_ID, 'sub-a::ada@example.com');
        });
        expect(await racing.store.applyEvent(event('evt_x', 'checkout.session.expired'), countingTransition('evt_x', expired), 'later')).toBe('applied');
        // Written from a stale read, the event's order would have dropped the owner.
        expect(isOwnedBy((await store.getOrder(ORDER_ID))!, 'sub-a::ada@example.com')).toBe(true);
      });

      it('applies both of two events for one order when they race (no lost update)', async () => {
        const racing = await interleaving(store);
        await store.applyEvent(event('evt_1'), countingTransition('evt_1', completedUnpaid), 'now');
        racing.beforeNextWrite(async () => {
          await store.applyEvent(event('evt_2'), countingTransition('evt_2', completedPaid), 'now');
        });
        expect(await racing.store.applyEvent(event('evt_3', 'checkout.session.expired'), countingTransition('evt_3', expired), 'later')).toBe('applied');
        // Written from a stale read, the expiry would have replaced the paid order.
        expect((await store.getOrder(ORDER_ID))?.status).toBe('paid');
      });
    }
  });
}
