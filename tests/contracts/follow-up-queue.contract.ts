import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowUpQueue } from '@/lib/domain/followups/follow-up-queue';
import type { EventLedger } from '@/lib/domain/orders/event-ledger';
import { countingTransition, event, ORDER_ID, type OpenStore } from './store-contract-support';

/** FollowUpQueue: leases fenced by tokens, progress, backoff, parking and requeueing. Jobs arrive through the ledger. */
export function describeFollowUpQueueContract(adapterName: string, openStore: OpenStore<FollowUpQueue & EventLedger>): void {
  describe(`FollowUpQueue contract: ${adapterName}`, () => {
    let store: Awaited<ReturnType<typeof openStore>>;
    const job = { key: 'job-q', kind: 'order-paid', payload: { orderId: ORDER_ID } };
    const t0 = '2030-01-01T00:01:00.000Z';
    const leaseEnd = '2030-01-01T00:02:00.000Z';
    const afterLease = '2030-01-01T00:02:30.000Z';
    beforeEach(async () => {
      store = await openStore();
      await store.applyEvent(event('evt_q'), countingTransition('evt_q'), '2030-01-01T00:00:00.000Z', [job]);
    });
    afterEach(async () => {
      await store.close();
    });

    it('leases a job to one worker at a time, keeps progress, and completes it', async () => {
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => store.claimFollowUp(job.key, t0, leaseEnd, `token-${i}`)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const token = claims.find(Boolean)!.claimToken!;
      expect(await store.listPendingFollowUps(t0, 10)).toEqual([]);

      await store.saveFollowUpProgress(job.key, { userCreated: true }, token);
      await store.releaseFollowUp(job.key, token, 'Cognito unavailable', t0);
      const retried = await store.claimFollowUp(job.key, t0, leaseEnd, 'token-retry');
      expect(retried).toMatchObject({ attempts: 2, progress: { userCreated: true }, lastError: 'Cognito unavailable', claimToken: 'token-retry' });

      // A lease that ran out (a crashed worker) can be taken over.
      expect(await store.claimFollowUp(job.key, '2030-01-01T00:03:00.000Z', '2030-01-01T00:04:00.000Z', 'token-takeover')).not.toBeNull();

      expect(await store.completeFollowUp(job.key, 'token-takeover', '2030-01-01T00:03:30.000Z')).toBe(true);
      expect(await store.getFollowUp(job.key)).toMatchObject({ status: 'done', completedAt: '2030-01-01T00:03:30.000Z', lastError: null });
      expect(await store.claimFollowUp(job.key, '2030-01-02T00:00:00.000Z', '2030-01-02T00:01:00.000Z', 'token-late')).toBeNull();
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

    it('answers null for unknown jobs and claims nothing', async () => {
      expect(await store.getFollowUp('job-nope')).toBeNull();
      expect(await store.claimFollowUp('job-nope', t0, leaseEnd, 'token')).toBeNull();
    });
  });
}
