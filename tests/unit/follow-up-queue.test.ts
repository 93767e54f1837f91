import { describe, expect, it, vi } from 'vitest';
import type { AccountProvisioner, ProvisionResult } from '@/lib/domain/accounts/account';
import { ManualClock } from '@/lib/domain/clock';
import { dispatchFollowUp, InvalidFollowUpJobError, parseFollowUpJob, type FollowUpHandlers } from '@/lib/domain/followups/jobs';
import { orderPaidJob } from '@/lib/domain/followups/order-jobs';
import { paymentFailedJob } from '@/lib/domain/followups/order-jobs';
import { orderRefundedJob } from '@/lib/domain/followups/order-jobs';
import { retryDelayMs, shouldPark, type RetryPolicy } from '@/lib/domain/followups/retry-policy';
import { FOLLOW_UP_LEASE_MS, runFollowUp, sweepFollowUps, type FollowUpDeps } from '@/lib/services/followups/run-follow-ups';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { applyFact } from '@/lib/domain/orders/order-state';
import type { StoredFollowUp } from '@/lib/domain/followups/follow-up-queue';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { MemoryAccounts } from '../support/memory-accounts';
import { completedPaid } from '../support/order-facts';

/** A generous cap on waiting for a condition: a safety net on a busy machine, never the thing tested. */
const SAFETY_NET = { timeout: 15_000 };

const policy: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 30_000, maxAttempts: 4 };

describe('retry schedule', () => {
  it('doubles the step per attempt up to the cap, with equal jitter between half and all of the step', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(policy, attempt, low))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
    expect([1, 2, 3, 6, 40].map((attempt) => retryDelayMs(policy, attempt, high))).toEqual([1_000, 2_000, 4_000, 30_000, 30_000]);
    expect(retryDelayMs(policy, 3, () => 0.5)).toBe(3_000);
  });

  it('parks on the last allowed attempt, not before', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => shouldPark(policy, attempt))).toEqual([false, false, false, true, true]);
  });
});

describe('typed dispatch', () => {
  const stored = (job: { key: string; kind: string; payload: Record<string, unknown> }): StoredFollowUp => ({
    ...job,
    status: 'pending',
    progress: {},
    attempts: 1,
    lastError: null,
    claimedUntil: null,
    claimToken: 't',
    createdAt: '2030-01-01T00:00:00.000Z',
    completedAt: null,
  });

  it('accepts the jobs the webhook enqueues and refuses unknown kinds and malformed payloads', () => {
    expect(parseFollowUpJob(orderPaidJob('cs_1'))).toEqual({ kind: 'order-paid', key: 'order-paid:cs_1', payload: { orderId: 'cs_1' } });
    expect(parseFollowUpJob(paymentFailedJob('cs_2'))).toMatchObject({ kind: 'payment-failed', payload: { orderId: 'cs_2' } });
    expect(() => parseFollowUpJob({ key: 'x', kind: 'send-fax', payload: {} })).toThrow(InvalidFollowUpJobError);
    expect(() => parseFollowUpJob({ key: 'y', kind: 'order-paid', payload: { orderId: 42 } })).toThrow(InvalidFollowUpJobError);
  });

  it('names what is wrong with a malformed job, every problem of its payload', () => {
    const malformed = { key: 'r', kind: 'order-refunded', payload: { orderId: '', amountRefunded: -1, fullyRefunded: true } };
    expect(() => parseFollowUpJob(malformed)).toThrow(expect.objectContaining({ name: 'InvalidFollowUpJobError' }));
    expect(() => parseFollowUpJob(malformed)).toThrow(/^Follow-up r is not a valid job: \S.*; \S.*$/);
    expect(() => parseFollowUpJob({ key: 'x', kind: 'send-fax', payload: {} })).toThrow('Follow-up x is not a valid job: unknown kind "send-fax"');
  });

  it('runs the handler of the job’s kind with its payload', async () => {
    const seen: string[] = [];
    const handlers: FollowUpHandlers<string> = {
      'order-paid': async (deps, job) => void seen.push(`${deps} paid ${job.payload.orderId}`),
      'payment-failed': async (deps, job) => void seen.push(`${deps} failed ${job.payload.orderId}`),
      'order-receipt': async (deps, job) => void seen.push(`${deps} receipt ${job.payload.orderId}`),
      'order-refunded': async (deps, job) => void seen.push(`${deps} refunded ${job.payload.amountRefunded} of ${job.payload.orderId}`),
      'fulfilment-event': async (deps, job) => void seen.push(`${deps} ${job.payload.type} ${job.payload.orderId}`),
      'order-out-for-delivery': async (deps, job) => void seen.push(`${deps} out for delivery ${job.payload.orderId}`),
      'capacity-release': async (deps, job) => void seen.push(`${deps} release ${job.payload.holdId}`),
      'capacity-confirm': async (deps, job) => void seen.push(`${deps} confirm ${job.payload.holdId}`),
      'plan-payment-failed': async (deps, job) => void seen.push(`${deps} renewal failed ${job.payload.invoiceId}`),
    };
    await dispatchFollowUp(handlers, 'ctx', stored(paymentFailedJob('cs_9')));
    await dispatchFollowUp(handlers, 'ctx', stored(orderPaidJob('cs_8')));
    await dispatchFollowUp(handlers, 'ctx', stored(orderRefundedJob('cs_7', 500, false)));
    expect(seen).toEqual(['ctx failed cs_9', 'ctx paid cs_8', 'ctx refunded 500 of cs_7']);
    await expect(dispatchFollowUp(handlers, 'ctx', stored({ key: 'r', kind: 'order-refunded', payload: { orderId: 'cs_7' } }))).rejects.toThrow(InvalidFollowUpJobError);
    await expect(dispatchFollowUp(handlers, 'ctx', stored({ key: 'z', kind: 'nope', payload: {} }))).rejects.toThrow(InvalidFollowUpJobError);
  });
});

/** A paid order with a buyer email and its order-paid job, in a fresh store. */
async function paidOrderSetup(accounts: AccountProvisioner, clock = new ManualClock('2030-01-01T00:00:00.000Z')) {
  const store = SqliteOrderStore.open(':memory:', clock);
  const mailer = LocalMailbox.open(':memory:');
  const job = orderPaidJob('cs_test_order1');
  await store.applyEvent(
    { id: 'evt_1', type: 'checkout.session.completed', objectId: 'cs_test_order1', apiVersion: null, created: 100, receivedAt: clock.now().toISOString() },
    { orderId: 'cs_test_order1', apply: (current) => applyFact(current, completedPaid, { eventId: 'evt_1', created: 100 }) },
    clock.now().toISOString(),
    [job],
  );
  const deps: FollowUpDeps = { store, mailer, accounts, siteUrl: 'http://shop.test', clock, logger: silentLogger, retryPolicy: policy, random: () => 0 };
  return { store, mailer, clock, deps, key: job.key };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('fenced leases', () => {
  it('a worker whose lease was taken over cannot record progress or complete the job', async () => {
    const memory = new MemoryAccounts();
    const firstCall = deferred<ProvisionResult>();
    let calls = 0;
    const accounts: AccountProvisioner = {
      provision: (buyer) => (++calls === 1 ? firstCall.promise : memory.provision(buyer)),
    };
    const { store, clock, deps, key } = await paidOrderSetup(accounts);

    const stale = runFollowUp(deps, key, 'stale-token');
    await vi.waitFor(() => expect(calls).toBe(1), SAFETY_NET);
    clock.advance(FOLLOW_UP_LEASE_MS + 1);
    expect(await runFollowUp(deps, key, 'fresh-token')).toBe('done');
    const owner = (await store.getOrder('cs_test_order1'))?.owner;
    expect(owner).toBeTruthy();

    // The stale holder comes back with a different account: its progress write is refused and it stops.
    firstCall.resolve({ account: { sub: 'stale-sub', username: 'stale', email: 'ada@example.com' }, created: true });
    expect(await stale).toBe('lease_lost');
    expect(await store.getFollowUp(key)).toMatchObject({ status: 'done', attempts: 2, claimToken: null });
    expect((await store.getOrder('cs_test_order1'))?.owner).toBe(owner);
  });

  it('a second worker cannot take a job while its lease is held', async () => {
    const gate = deferred<ProvisionResult>();
    const { deps, key } = await paidOrderSetup({ provision: () => gate.promise });
    const first = runFollowUp(deps, key, 'a');
    await vi.waitFor(async () => expect((await deps.store.getFollowUp(key))?.claimToken).toBe('a'), SAFETY_NET);
    expect(await runFollowUp(deps, key, 'b')).toBe('held_elsewhere');
    gate.resolve(await new MemoryAccounts().provision({ email: 'ada@example.com', name: null }));
    expect(await first).toBe('done');
  });
});

describe('retries and parking', () => {
  it('backs off between attempts and parks the job after the last one, then reconciliation re-drives it', async () => {
    let down = true;
    const memory = new MemoryAccounts();
    const accounts: AccountProvisioner = {
      provision: (buyer) => (down ? Promise.reject(new Error('Cognito unavailable')) : memory.provision(buyer)),
    };
    const { store, clock, deps, key } = await paidOrderSetup(accounts);

    const outcomes = [];
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      outcomes.push(await runFollowUp(deps, key));
      const job = await store.getFollowUp(key);
      if (job?.status !== 'pending') break;
      // Not due before its backoff (random 0 → exactly half the step)...
      const wait = retryDelayMs(policy, attempt, () => 0);
      expect(job.claimedUntil).toBe(new Date(clock.now().getTime() + wait).toISOString());
      expect(await runFollowUp(deps, key)).toBe('held_elsewhere');
      clock.advance(wait);
    }
    expect(outcomes).toEqual(['retry_scheduled', 'retry_scheduled', 'retry_scheduled', 'parked']);
    expect(await store.getFollowUp(key)).toMatchObject({ status: 'failed', attempts: 4, lastError: 'Cognito unavailable' });
    expect((await store.listFailedFollowUps(10)).map((job) => job.key)).toEqual([key]);
    expect(await runFollowUp(deps, key)).toBe('already_done');

    down = false;
    expect(await sweepFollowUps(deps)).toEqual({ done: 1, failed: 0, requeued: 1 });
    expect(await store.getFollowUp(key)).toMatchObject({ status: 'done', attempts: 1 });
    expect(memory.created).toBe(1);
  });

  it('parks a job that can never run at its first attempt', async () => {
    const { store, deps } = await paidOrderSetup(new MemoryAccounts());
    await store.applyEvent(
      { id: 'evt_2', type: 'x', objectId: null, apiVersion: null, created: 101, receivedAt: 'now' },
      null,
      deps.clock.now().toISOString(),
      [{ key: 'bogus:1', kind: 'send-fax', payload: {} }],
    );
    expect(await runFollowUp(deps, 'bogus:1')).toBe('parked');
    expect(await store.getFollowUp('bogus:1')).toMatchObject({ status: 'failed', attempts: 1 });
  });
});
