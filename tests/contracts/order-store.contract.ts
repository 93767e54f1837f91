import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFact } from '@/lib/orders/order-state';
import { isOwnedBy } from '@/lib/orders/customer-orders';
import type { EventRecord, OrderStore, OrderTransition } from '@/lib/orders/order-store';
import { completedPaid, completedUnpaid, expired, sessionSnapshot } from '../support/order-facts';
import type { OrderFact } from '@/lib/orders/order-state';

/**
 * For adapters whose writes are read-then-conditional-write (not one serialized transaction): a store whose
 * next write first runs `between` to completion, so a competing write lands exactly between its read and its
 * write. Deterministic, no timing: it proves the adapter's conditions, not the scheduler's luck.
 */
export interface InterleavingStore {
  store: OrderStore;
  beforeNextWrite(between: () => Promise<void>): void;
}

export interface ContractOptions {
  openInterleaving?: (other: OrderStore) => Promise<InterleavingStore>;
}

/**
 * The behaviour every OrderStore adapter must have. Run it with a factory for a fresh, empty store.
 * Owners are compared with isOwnedBy: Amplify's owner field resolver returns only the part after "::".
 */
export function describeOrderStoreContract(adapterName: string, openStore: () => Promise<OrderStore>, contractOptions: ContractOptions = {}): void {
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
      expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(19);
      expect(await store.getEvent('evt_c')).toMatchObject({ status: 'processed', attempts: 1 });
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

    it('enqueues follow-ups with the event, once, and never when the event is a duplicate', async () => {
      const job = { key: 'order-paid:cs_test_order1', kind: 'order-paid', payload: { orderId: 'cs_test_order1' } };
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), '2030-01-01T00:00:00.000Z', [job]);
      await store.applyEvent(event('evt_2'), countingTransition('evt_2'), '2030-01-01T00:00:01.000Z', [job]);
      const pending = await store.listPendingFollowUps('2030-01-01T00:00:02.000Z', 10);
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({ ...job, status: 'pending', attempts: 0, progress: {}, claimedUntil: null });
    });

    it('enqueues nothing when the transition fails', async () => {
      const failing: OrderTransition = { orderId: 'cs_test_order1', apply: () => { throw new Error('boom'); } };
      const job = { key: 'order-paid:cs_test_order1', kind: 'order-paid', payload: {} };
      await expect(store.applyEvent(event('evt_1'), failing, 'now', [job])).rejects.toThrow('boom');
      expect(await store.getFollowUp(job.key)).toBeNull();
    });

    it('leases a follow-up to one worker at a time, keeps progress, and completes it', async () => {
      const job = { key: 'job-1', kind: 'order-paid', payload: { orderId: 'cs_test_order1' } };
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), '2030-01-01T00:00:00.000Z', [job]);
      const t0 = '2030-01-01T00:01:00.000Z';
      const lease = '2030-01-01T00:02:00.000Z';
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => store.claimFollowUp('job-1', t0, lease, `token-${i}`)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const token = claims.find(Boolean)!.claimToken!;
      expect(await store.listPendingFollowUps(t0, 10)).toEqual([]);

      await store.saveFollowUpProgress('job-1', { userCreated: true }, token);
      await store.releaseFollowUp('job-1', token, 'Cognito unavailable', t0);
      const retried = await store.claimFollowUp('job-1', t0, lease, 'token-retry');
      expect(retried).toMatchObject({ attempts: 2, progress: { userCreated: true }, lastError: 'Cognito unavailable', claimToken: 'token-retry' });

      // A lease that ran out (a crashed worker) can be taken over.
      expect(await store.claimFollowUp('job-1', '2030-01-01T00:03:00.000Z', '2030-01-01T00:04:00.000Z', 'token-takeover')).not.toBeNull();

      expect(await store.completeFollowUp('job-1', 'token-takeover', '2030-01-01T00:03:30.000Z')).toBe(true);
      expect(await store.getFollowUp('job-1')).toMatchObject({ status: 'done', completedAt: '2030-01-01T00:03:30.000Z', lastError: null });
      expect(await store.claimFollowUp('job-1', '2030-01-02T00:00:00.000Z', '2030-01-02T00:01:00.000Z', 'token-late')).toBeNull();
    });

    it('gives an order to the first owner only and lists orders by owner', async () => {
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
      expect(isOwnedBy((await store.assignOwner('cs_test_order1', 'sub-a::ada@example.com'))!, 'sub-a::ada@example.com')).toBe(true);
      const second = await store.assignOwner('cs_test_order1', 'sub-b::mallory@example.com');
      expect([isOwnedBy(second!, 'sub-a::ada@example.com'), isOwnedBy(second!, 'sub-b::mallory@example.com')]).toEqual([true, false]);
      expect(await store.assignOwner('cs_test_missing', 'sub-a::ada@example.com')).toBeNull();
      expect((await store.listOrdersByOwner('sub-a::ada@example.com')).map((order) => order.id)).toEqual(['cs_test_order1']);
      expect(await store.listOrdersByOwner('sub-b::mallory@example.com')).toEqual([]);
      // A later event keeps the owner.
      await store.applyEvent(event('evt_2'), countingTransition('evt_2'), 'later');
      expect(isOwnedBy((await store.getOrder('cs_test_order1'))!, 'sub-a::ada@example.com')).toBe(true);
    });

    it('claims unowned orders by email, case-insensitively, and leaves owned ones alone', async () => {
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
      expect(await store.claimOrdersByEmail('ADA@example.com', 'sub-a::ada@example.com')).toBe(1);
      expect(await store.claimOrdersByEmail('ada@example.com', 'sub-z::someone-else')).toBe(0);
      expect(isOwnedBy((await store.getOrder('cs_test_order1'))!, 'sub-a::ada@example.com')).toBe(true);
    });

    describe('follow-up queue: fencing, backoff, parking', () => {
      const job = { key: 'job-q', kind: 'order-paid', payload: { orderId: 'cs_test_order1' } };
      const t0 = '2030-01-01T00:01:00.000Z';
      const leaseEnd = '2030-01-01T00:02:00.000Z';
      const afterLease = '2030-01-01T00:02:30.000Z';
      beforeEach(async () => {
        await store.applyEvent(event('evt_q'), countingTransition('evt_q'), '2030-01-01T00:00:00.000Z', [job]);
      });

      it('refuses every write from a stale lease holder once another worker took the job over', async () => {
        await store.claimFollowUp(job.key, t0, leaseEnd, 'stale');
        expect(await store.claimFollowUp(job.key, afterLease, '2030-01-01T00:03:30.000Z', 'fresh')).not.toBeNull();
        expect(await store.saveFollowUpProgress(job.key, { owner: 'stale' }, 'stale')).toBe(false);
        expect(await store.completeFollowUp(job.key, 'stale', afterLease)).toBe(false);
        expect(await store.releaseFollowUp(job.key, 'stale', 'late', afterLease)).toBe(false);
        expect(await store.parkFollowUp(job.key, 'stale', 'late', afterLease)).toBe(false);
        expect(await store.getFollowUp(job.key)).toMatchObject({ status: 'pending', claimToken: 'fresh', progress: {} });
        expect(await store.completeFollowUp(job.key, 'fresh', afterLease)).toBe(true);
        expect(await store.getFollowUp(job.key)).toMatchObject({ status: 'done' });
      });

      it('keeps a released job out of reach until its retry time', async () => {
        await store.claimFollowUp(job.key, t0, leaseEnd, 'first');
        expect(await store.releaseFollowUp(job.key, 'first', 'Cognito unavailable', '2030-01-01T00:05:00.000Z')).toBe(true);
        expect(await store.listPendingFollowUps('2030-01-01T00:04:59.000Z', 10)).toEqual([]);
        expect(await store.claimFollowUp(job.key, '2030-01-01T00:04:59.000Z', leaseEnd, 'early')).toBeNull();
        expect((await store.listPendingFollowUps('2030-01-01T00:05:00.000Z', 10)).map((pending) => pending.key)).toEqual([job.key]);
        expect(await store.claimFollowUp(job.key, '2030-01-01T00:05:00.000Z', '2030-01-01T00:06:00.000Z', 'due')).toMatchObject({ attempts: 2 });
      });

      it('parks a job as failed, lists it, and requeues it with a fresh attempt budget', async () => {
        await store.claimFollowUp(job.key, t0, leaseEnd, 'only');
        expect(await store.parkFollowUp(job.key, 'only', 'gave up', t0)).toBe(true);
        expect(await store.getFollowUp(job.key)).toMatchObject({ status: 'failed', lastError: 'gave up', claimToken: null });
        expect(await store.listPendingFollowUps('2100-01-01T00:00:00.000Z', 10)).toEqual([]);
        expect(await store.claimFollowUp(job.key, afterLease, '2030-01-01T00:03:30.000Z', 'again')).toBeNull();
        expect((await store.listFailedFollowUps(10)).map((failed) => failed.key)).toEqual([job.key]);

        expect(await store.requeueFollowUp(job.key, afterLease)).toBe(true);
        expect(await store.requeueFollowUp(job.key, afterLease)).toBe(false);
        expect(await store.listFailedFollowUps(10)).toEqual([]);
        expect(await store.claimFollowUp(job.key, afterLease, '2030-01-01T00:03:30.000Z', 'redriven')).toMatchObject({ attempts: 1, status: 'pending' });
      });
    });

    it('finds an order by its payment intent', async () => {
      await store.applyEvent(event('evt_pi'), countingTransition('evt_pi'), 'now');
      const order = await store.getOrder('cs_test_order1');
      expect(order?.paymentIntentId).toBeTruthy();
      expect(await store.findOrderIdByPaymentIntent(order!.paymentIntentId!)).toBe('cs_test_order1');
      expect(await store.findOrderIdByPaymentIntent('pi_unknown')).toBeNull();
    });

    it('keeps what the customer sees: the order number and the delivery window', async () => {
      const windowed: OrderFact = { kind: 'checkout_completed', paid: true, session: sessionSnapshot({ deliveryWindow: '10:00-12:00' }) };
      await store.applyEvent(event('evt_window'), countingTransition('evt_window', windowed), 'now');
      const order = await store.getOrder('cs_test_order1');
      expect(order?.orderNumber).toMatch(/^HT-[0-9A-Z]{6}$/);
      expect(order?.deliveryWindow).toBe('10:00-12:00');
      expect((await store.listOrders())[0]?.orderNumber).toBe(order?.orderNumber);
    });

    it('keeps the buyer\'s order notes and dietary requirements', async () => {
      const noted: OrderFact = { kind: 'checkout_completed', paid: true, session: sessionSnapshot({ notes: 'Ring the side door', dietaryRequirements: '2 vegan, 1 nut allergy' }) };
      await store.applyEvent(event('evt_notes'), countingTransition('evt_notes', noted), 'now');
      expect(await store.getOrder('cs_test_order1')).toMatchObject({ notes: 'Ring the side door', dietaryRequirements: '2 vegan, 1 nut allergy' });
      expect((await store.listOrders())[0]).toMatchObject({ notes: 'Ring the side door', dietaryRequirements: '2 vegan, 1 nut allergy' });
    });

    it('keeps named cursors', async () => {
      expect(await store.getCursor('reconcile')).toBeNull();
      await store.setCursor('reconcile', 1_900_000_000);
      await store.setCursor('reconcile', 1_900_000_500);
      expect(await store.getCursor('reconcile')).toBe(1_900_000_500);
      expect(await store.getCursor('other')).toBeNull();
      expect(await store.listPendingFollowUps('2100-01-01T00:00:00.000Z', 10)).toEqual([]);
    });

    const interleaving = contractOptions.openInterleaving;
    // Only adapters that write read-then-conditionally have a window to interleave into (SQLite serializes).
    if (interleaving) {
    it('keeps an owner set between an event write’s read and its write (version condition)', async () => {
      const racing = await interleaving(store);
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
      racing.beforeNextWrite(async () => {
        await store.assignOwner('cs_test_order1', 'sub-a::ada@example.com');
      });
      expect(await racing.store.applyEvent(event('evt_x', 'checkout.session.expired'), countingTransition('evt_x', expired), 'later')).toBe('applied');
      // Written from a stale read, the event's order would have dropped the owner.
      expect(isOwnedBy((await store.getOrder('cs_test_order1'))!, 'sub-a::ada@example.com')).toBe(true);
    });

    it('keeps the first owner when another claims the order between read and write', async () => {
      const racing = await interleaving(store);
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
      racing.beforeNextWrite(async () => {
        await store.assignOwner('cs_test_order1', 'sub-b::bob@example.com');
      });
      const result = await racing.store.assignOwner('cs_test_order1', 'sub-a::ada@example.com');
      expect(isOwnedBy(result!, 'sub-b::bob@example.com')).toBe(true);
      expect(isOwnedBy((await store.getOrder('cs_test_order1'))!, 'sub-a::ada@example.com')).toBe(false);
    });

    it('applies both of two events for one order when they race (no lost update)', async () => {
      const racing = await interleaving(store);
      await store.applyEvent(event('evt_1'), countingTransition('evt_1', completedUnpaid), 'now');
      racing.beforeNextWrite(async () => {
        await store.applyEvent(event('evt_2'), countingTransition('evt_2', completedPaid), 'now');
      });
      expect(await racing.store.applyEvent(event('evt_3', 'checkout.session.expired'), countingTransition('evt_3', expired), 'later')).toBe('applied');
      // Written from a stale read, the expiry would have replaced the paid order.
      expect((await store.getOrder('cs_test_order1'))?.status).toBe('paid');
    });
    }

    it('returns null for unknown orders and events', async () => {
      expect(await store.getOrder('cs_test_nope')).toBeNull();
      expect(await store.getEvent('evt_nope')).toBeNull();
    });
  });
}
