import { describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import type { Mailer } from '@/lib/domain/mail/mailer';
import { applyFact, type OrderFact } from '@/lib/domain/orders/order-state';
import type { FollowUpJob } from '@/lib/domain/followups/follow-up-queue';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import { orderPaidJob } from '@/lib/domain/followups/order-jobs';
import { orderReceiptJob } from '@/lib/domain/followups/order-jobs';
import { paymentFailedJob } from '@/lib/domain/followups/order-jobs';
import { FOLLOW_UP_LEASE_MS, runFollowUp, sweepFollowUps } from '@/lib/services/followups/run-follow-ups';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { processEvent } from '@/lib/services/webhooks/process-event';
import { withInjectedFailures, type FailurePoint, type StoreMethod } from '../support/faulty-store';
import { MemoryAccounts } from '../support/memory-accounts';
import { completedPaid, completedUnpaid, sessionSnapshot, storeWithFacts } from '../support/order-facts';
import { fakeStripe, grazingBoard, sessionEvent } from '../support/stripe-events';

const SESSION = 'cs_test_order1';
const T0 = new Date('2030-01-01T00:00:00Z');

/** A store holding one order (from the facts) and its owed follow-up job. */
const storeWithJob = (job: FollowUpJob, ...facts: OrderFact[]) => storeWithFacts(facts, { followUps: [job] });

/** A clock the test moves: a retry is due only once its backoff (or a dead holder's lease) has passed. */
function testClock(start = T0) {
  let now = start;
  return {
    now: () => now,
    /** Past any first backoff (at most the 1 s base) and any lease taken at the previous time. */
    passLease: () => {
      now = new Date(now.getTime() + FOLLOW_UP_LEASE_MS);
    },
  };
}

function deps(store: OrderStoreBackend, options: { accounts?: MemoryAccounts; mailer?: Mailer; now?: Date } = {}) {
  const mailbox = LocalMailbox.open(':memory:');
  const clock = testClock(options.now);
  return {
    deps: {
      store,
      accounts: options.accounts ?? new MemoryAccounts(),
      mailer: options.mailer ?? mailbox,
      siteUrl: 'http://shop.test',
      clock,
      logger: silentLogger,
      random: () => 0,
    },
    mailbox,
    clock,
  };
}

/** Fails the first call of `method` at `point`, then lets every call through. */
function failOnce(store: OrderStoreBackend, method: StoreMethod, point: FailurePoint, when: (args: unknown[]) => boolean = () => true) {
  let failed = false;
  return withInjectedFailures(store, (called, args) => {
    if (failed || called !== method || !when(args)) return false;
    failed = true;
    return point;
  });
}

/** The write recording an email as sent (not the "sending" marker before it). */
const recordsSent = (args: unknown[]) => (args[1] as Record<string, unknown>).sent === 'sent';

const failed = { kind: 'async_payment_failed' as const, session: sessionSnapshot() } satisfies OrderFact;

describe('follow-up emails go out once, whatever fails around them', () => {
  it.each([
    ['completing the job fails', 'completeFollowUp', 'before'],
    ['completing the job lands but its reply is lost', 'completeFollowUp', 'after'],
    ['recording "sent" after the email fails', 'saveFollowUpProgress', 'before'],
  ] as const)('payment-failed: %s, and the retry sends nothing more', async (_name, method, point) => {
    const job = paymentFailedJob(SESSION);
    const store = await storeWithJob(job, completedUnpaid, failed);
    const faulty = failOnce(store, method, point, (args) => method !== 'saveFollowUpProgress' || recordsSent(args));
    const { deps: d, mailbox, clock } = deps(faulty);
    if (method === 'completeFollowUp') {
      // A store error while finishing propagates; the job is handed back with a backoff, not held for its lease
      // (unless the completion had landed: then it is simply done).
      await expect(runFollowUp(d, job.key)).rejects.toThrow('injected failure');
      expect(await store.getFollowUp(job.key)).toMatchObject(
        point === 'before' ? { status: 'pending', claimedUntil: new Date(T0.getTime() + 500).toISOString(), lastError: 'injected failure in completeFollowUp' } : { status: 'done' },
      );
    } else {
      // The handler's own failure is the queue's to retry: released with a backoff.
      expect(await runFollowUp(d, job.key)).toBe('retry_scheduled');
      expect(await runFollowUp(d, job.key)).toBe('held_elsewhere'); // Not due before its backoff has passed.
    }
    clock.passLease();
    expect(await runFollowUp(d, job.key)).toBe(point === 'after' ? 'already_done' : 'done');
    const mail = await mailbox.list();
    expect(mail.map((message) => [message.key, message.to])).toEqual([[`payment-failed:${SESSION}`, 'ada@example.com']]);
    expect((await store.getFollowUp(job.key))?.status).toBe('done');
  });

  it.each([
    ['completing the job fails', 'completeFollowUp', 'before'],
    ['recording "sent" after the email fails', 'saveFollowUpProgress', 'before'],
  ] as const)('receipt: %s, and the retry sends nothing more', async (_name, method, point) => {
    const job = orderReceiptJob(SESSION);
    const store = await storeWithJob(job, completedPaid);
    const faulty = failOnce(store, method, point, (args) => method !== 'saveFollowUpProgress' || recordsSent(args));
    const { deps: d, mailbox, clock } = deps(faulty);
    if (method === 'completeFollowUp') await expect(runFollowUp(d, job.key)).rejects.toThrow('injected failure');
    else expect(await runFollowUp(d, job.key)).toBe('retry_scheduled');
    clock.passLease();
    expect(await runFollowUp(d, job.key)).toBe('done');
    expect((await mailbox.list()).map((message) => [message.key, message.to])).toEqual([[`receipt:${SESSION}`, 'ada@example.com']]);
    // A lost "sent" write leaves the "sending" marker, which is enough to skip the email on the retry.
    expect(await store.getFollowUp(job.key)).toMatchObject({ status: 'done', progress: { sent: method === 'completeFollowUp' ? 'sent' : 'sending' } });
  });

  it('an email the mailer refused is sent on the retry', async () => {
    const job = paymentFailedJob(SESSION);
    const store = await storeWithJob(job, completedUnpaid, failed);
    const mailbox = LocalMailbox.open(':memory:');
    let refusals = 1;
    const flaky: Mailer = { send: (message) => (refusals-- > 0 ? Promise.reject(new Error('SES throttled')) : mailbox.send(message)) };
    const { deps: d, clock } = deps(store, { mailer: flaky });
    expect(await runFollowUp(d, job.key)).toBe('retry_scheduled');
    expect(await store.getFollowUp(job.key)).toMatchObject({ status: 'pending', progress: {}, lastError: 'SES throttled', attempts: 1 });
    clock.passLease();
    expect(await runFollowUp(d, job.key)).toBe('done');
    expect((await mailbox.list()).map((message) => message.key)).toEqual([`payment-failed:${SESSION}`]);
    expect((await store.getFollowUp(job.key))?.progress).toEqual({ sent: 'sent' });
  });

  it('records "sending" before the email goes out and "sent" after', async () => {
    const job = paymentFailedJob(SESSION);
    const store = await storeWithJob(job, completedUnpaid, failed);
    const seenWhileSending: unknown[] = [];
    const watching: Mailer = { send: async () => (seenWhileSending.push((await store.getFollowUp(job.key))?.progress), 'sent') };
    expect(await runFollowUp(deps(store, { mailer: watching }).deps, job.key)).toBe('done');
    expect(seenWhileSending).toEqual([{ sent: 'sending' }]);
    expect((await store.getFollowUp(job.key))?.progress).toEqual({ sent: 'sent' });
  });

  it('a worker that died between marking and sending leaves the email unsent rather than sent twice', async () => {
    const job = paymentFailedJob(SESSION);
    const store = await storeWithJob(job, completedUnpaid, failed);
    await store.saveFollowUpProgress(job.key, { sent: 'sending' });
    const { deps: d, mailbox } = deps(store);
    expect(await runFollowUp(d, job.key)).toBe('done');
    expect(await mailbox.list()).toEqual([]);
  });

  it('order-paid provisions the account (new or returning) and sends no email; the receipt goes to both', async () => {
    const accounts = new MemoryAccounts();
    const paid = orderPaidJob(SESSION);
    const receipt = orderReceiptJob(SESSION);
    const store = await storeWithFacts([completedPaid], { followUps: [paid, receipt] });
    const { deps: d, mailbox } = deps(store, { accounts });
    expect(await runFollowUp(d, paid.key)).toBe('done');
    expect(accounts.created).toBe(1);
    expect(await mailbox.list()).toEqual([]);
    expect((await store.getFollowUp(paid.key))?.progress).toMatchObject({ newAccount: true, owner: expect.stringContaining('::') });
    expect((await store.getOrder(SESSION))?.owner).toBe(`${accounts.pool.users[0]!.sub}::${accounts.pool.users[0]!.username}`);
    expect(await runFollowUp(d, receipt.key)).toBe('done');
    const firstMail = await mailbox.list();
    expect(firstMail.map((message) => [message.key, message.to])).toEqual([[`receipt:${SESSION}`, 'ada@example.com']]);
    expect(firstMail[0]?.text).toContain('January 15, 2030');

    const returning = await storeWithFacts([completedPaid], { followUps: [paid, receipt] });
    const again = deps(returning, { accounts });
    expect(await runFollowUp(again.deps, paid.key)).toBe('done');
    expect(accounts.created).toBe(1);
    expect((await returning.getFollowUp(paid.key))?.progress).toMatchObject({ newAccount: false });
    expect(await runFollowUp(again.deps, receipt.key)).toBe('done');
    expect((await again.mailbox.list()).map((message) => [message.key, message.to])).toEqual([[`receipt:${SESSION}`, 'ada@example.com']]);
    expect(accounts.pool.users[0]?.attributes).toContainEqual({ Name: 'name', Value: 'Ada Lovelace' });
  });

  it('a provisioning retry after a lost reply counts the account as new', async () => {
    const accounts = new MemoryAccounts();
    const job = orderPaidJob(SESSION);
    const store = await storeWithJob(job, completedPaid);
    // The account gets created, but the write recording it never lands.
    const faulty = failOnce(store, 'saveFollowUpProgress', 'before', (args) => 'owner' in (args[1] as object));
    const { deps: d, mailbox, clock } = deps(faulty, { accounts });
    expect(await runFollowUp(d, job.key)).toBe('retry_scheduled');
    clock.passLease();
    expect(await runFollowUp(d, job.key)).toBe('done');
    expect(accounts.created).toBe(1);
    expect((await store.getFollowUp(job.key))?.progress).toMatchObject({ newAccount: true });
    expect(await mailbox.list()).toEqual([]);
  });

  it('a provisioning call that failed is retried as fresh: a returning buyer stays returning', async () => {
    const accounts = new MemoryAccounts();
    await accounts.provision({ email: 'ada@example.com', name: 'Ada' });
    let failures = 1;
    const flaky = { provision: (buyer: { email: string; name: string | null }) => (failures-- > 0 ? Promise.reject(new Error('throttled')) : accounts.provision(buyer)) };
    const job = orderPaidJob(SESSION);
    const store = await storeWithJob(job, completedPaid);
    const { deps: d, clock } = deps(store);
    const withFlaky = { ...d, accounts: flaky };
    expect(await runFollowUp(withFlaky, job.key)).toBe('retry_scheduled');
    expect(await store.getFollowUp(job.key)).toMatchObject({ progress: {}, lastError: 'throttled' });
    clock.passLease();
    expect(await runFollowUp(withFlaky, job.key)).toBe('done');
    expect((await store.getFollowUp(job.key))?.progress).toMatchObject({ newAccount: false });
    expect(accounts.created).toBe(1);
    expect((await store.getOrder(SESSION))?.owner).toBe(`${accounts.pool.users[0]!.sub}::${accounts.pool.users[0]!.username}`);
  });

  it('a retry after the account was recorded resumes at assigning the order, without asking the user pool again', async () => {
    const accounts = new MemoryAccounts();
    let poolUp = true;
    const failsWhenDown = { provision: (buyer: { email: string; name: string | null }) => (poolUp ? accounts.provision(buyer) : Promise.reject(new Error('user pool down'))) };
    const job = orderPaidJob(SESSION);
    const store = await storeWithJob(job, completedPaid);
    const { deps: d, clock } = deps(failOnce(store, 'assignOwner', 'before'));
    expect(await runFollowUp({ ...d, accounts: failsWhenDown }, job.key)).toBe('retry_scheduled');
    const owner = `${accounts.pool.users[0]!.sub}::${accounts.pool.users[0]!.username}`;
    expect((await store.getFollowUp(job.key))?.progress).toEqual({ owner, newAccount: true });
    poolUp = false;
    clock.passLease();
    expect(await runFollowUp({ ...d, accounts: failsWhenDown }, job.key)).toBe('done');
    expect((await store.getOrder(SESSION))?.owner).toBe(owner);
    expect(accounts.created).toBe(1);
  });

  it('an order without a buyer email needs nothing', async () => {
    const job = orderPaidJob(SESSION);
    const store = await storeWithJob(job, { kind: 'checkout_completed', paid: true, session: sessionSnapshot({ customer: null }) });
    const accounts = new MemoryAccounts();
    const { deps: d, mailbox } = deps(store, { accounts });
    expect(await runFollowUp(d, job.key)).toBe('done');
    expect(accounts.created).toBe(0);
    expect(await mailbox.list()).toEqual([]);
    const failedJob = paymentFailedJob(SESSION);
    const noEmail = await storeWithJob(failedJob, { ...failed, session: sessionSnapshot({ customer: null }) });
    const other = deps(noEmail);
    expect(await runFollowUp(other.deps, failedJob.key)).toBe('done');
    expect(await other.mailbox.list()).toEqual([]);
  });
});

describe('running follow-up jobs', () => {
  it('a job whose order is not recorded completes without doing anything', async () => {
    const store = SqliteOrderStore.open(':memory:');
    const jobs = [orderPaidJob('cs_test_missing'), paymentFailedJob('cs_test_missing')];
    await store.applyEvent({ id: 'evt_x', type: 'test', objectId: null, apiVersion: null, created: 1, receivedAt: 'now' }, null, 'now', jobs);
    const accounts = new MemoryAccounts();
    const { deps: d, mailbox } = deps(store, { accounts });
    for (const job of jobs) expect(await runFollowUp(d, job.key)).toBe('done');
    expect(accounts.created).toBe(0);
    expect(await mailbox.list()).toEqual([]);
  });

  it('a job held by another worker is left alone until its lease ends', async () => {
    const job = orderPaidJob(SESSION);
    const store = await storeWithJob(job, completedPaid);
    expect(await store.claimFollowUp(job.key, T0.toISOString(), new Date(T0.getTime() + FOLLOW_UP_LEASE_MS).toISOString(), 'other-worker')).not.toBeNull();
    const justBefore = deps(store, { now: new Date(T0.getTime() + FOLLOW_UP_LEASE_MS - 1) });
    expect(await runFollowUp(justBefore.deps, job.key)).toBe('held_elsewhere');
    const atExpiry = deps(store, { now: new Date(T0.getTime() + FOLLOW_UP_LEASE_MS) });
    expect(await runFollowUp(atExpiry.deps, job.key)).toBe('done');
    expect(await runFollowUp(atExpiry.deps, job.key)).toBe('already_done');
    expect(await runFollowUp(atExpiry.deps, 'order-paid:cs_test_unknown')).toBe('already_done');
    // The first holder's late writes are refused by its stale token.
    expect(await store.completeFollowUp(job.key, 'other-worker', T0.toISOString())).toBe(false);
  });

  it('a claimed job is leased for FOLLOW_UP_LEASE_MS from the clock, under the given token', async () => {
    const job = orderPaidJob(SESSION);
    const store = await storeWithJob(job, completedPaid);
    const blocked = withInjectedFailures(store, (method) => method === 'getOrder');
    const first = deps(blocked);
    expect(await runFollowUp(first.deps, job.key)).toBe('retry_scheduled');
    const stored = await store.getFollowUp(job.key);
    // Released with its first backoff (half the 1 s base with no jitter) and no holder.
    expect(stored).toMatchObject({ status: 'pending', claimedUntil: new Date(T0.getTime() + 500).toISOString(), attempts: 1, lastError: 'injected failure in getOrder' });

    const later = new Date(T0.getTime() + 1_000);
    const { deps: d } = deps(store, { now: later });
    const claims: unknown[][] = [];
    const spying = withInjectedFailures(store, (method, args) => {
      if (method === 'claimFollowUp') claims.push(args);
      return false;
    });
    expect(await runFollowUp({ ...d, store: spying }, job.key, 'token-2')).toBe('done');
    expect(claims).toEqual([[job.key, later.toISOString(), new Date(later.getTime() + FOLLOW_UP_LEASE_MS).toISOString(), 'token-2']]);
    expect(await store.getFollowUp(job.key)).toMatchObject({ status: 'done', completedAt: later.toISOString(), attempts: 2 });
  });

  it('the sweep runs every due job and counts what completed and what failed', async () => {
    const store = SqliteOrderStore.open(':memory:');
    const jobs = ['cs_test_a', 'cs_test_b', 'cs_test_c'].map((id) => orderPaidJob(id));
    for (const [index, job] of jobs.entries()) {
      const id = String(job.payload.orderId);
      const fact: OrderFact = { kind: 'checkout_completed', paid: true, session: sessionSnapshot({ sessionId: id, customer: { email: `buyer${index}@example.com`, name: null } }) };
      await store.applyEvent(
        { id: `evt_${index}`, type: 'test', objectId: id, apiVersion: null, created: index, receivedAt: 'now' },
        { orderId: id, apply: (current) => applyFact(current, fact, { eventId: `evt_${index}`, created: index }) },
        'now',
        [job],
      );
    }
    const faulty = withInjectedFailures(store, (method, args) => method === 'assignOwner' && args[0] === 'cs_test_b');
    const { deps: d, clock } = deps(faulty);
    expect(await sweepFollowUps(d)).toEqual({ done: 2, failed: 1, requeued: 0 });
    // The failed one waits out its backoff, then is due again.
    expect(await store.listPendingFollowUps(T0.toISOString(), 10)).toEqual([]);
    clock.passLease();
    expect((await store.listPendingFollowUps(clock.now().toISOString(), 10)).map((job) => job.key)).toEqual(['order-paid:cs_test_b']);
    expect(await sweepFollowUps(d, 0)).toEqual({ done: 0, failed: 0, requeued: 0 });
  });

  it('the sweep puts a parked job back with a fresh budget and runs it', async () => {
    const job = { key: 'mystery:1', kind: 'mystery', payload: {} };
    const store = await storeWithJob(job, completedPaid);
    const { deps: d } = deps(store);
    expect(await runFollowUp(d, job.key)).toBe('parked');
    expect(await sweepFollowUps(d)).toEqual({ done: 0, failed: 1, requeued: 1 });
    expect((await store.getFollowUp(job.key))?.status).toBe('failed'); // Still unknown: parked again.
  });

  it('parks a job of an unknown kind at once: retrying cannot help', async () => {
    const job = { key: 'mystery:1', kind: 'mystery', payload: {} };
    const store = await storeWithJob(job, completedPaid);
    expect(await runFollowUp(deps(store).deps, job.key)).toBe('parked');
    expect(await store.getFollowUp(job.key)).toMatchObject({
      status: 'failed',
      attempts: 1,
      claimedUntil: null,
      lastError: 'Follow-up mystery:1 is not a valid job: unknown kind "mystery"',
    });
  });
});

describe('a delayed payment provisions nothing until it is paid', () => {
  it('completed unpaid: no account, no job, no email; async payment succeeded: one account and the receipt, once drained', async () => {
    const { stripe } = fakeStripe({ lineItems: [grazingBoard] });
    const store = SqliteOrderStore.open(':memory:');
    const accounts = new MemoryAccounts();
    const { deps: d, mailbox } = deps(store, { accounts });
    await processEvent({ ...d, stripe }, sessionEvent('checkout.session.completed', { payment_status: 'unpaid' }, 'evt_unpaid'));
    expect((await store.getOrder('cs_test_abc'))?.status).toBe('awaiting_payment');
    expect(await store.getFollowUp('order-paid:cs_test_abc')).toBeNull();
    expect(await store.getFollowUp('order-receipt:cs_test_abc')).toBeNull();
    expect(await sweepFollowUps(d)).toEqual({ done: 0, failed: 0, requeued: 0 });
    expect(accounts.created).toBe(0);
    expect(await mailbox.list()).toEqual([]);

    await processEvent({ ...d, stripe }, sessionEvent('checkout.session.async_payment_succeeded', {}, 'evt_paid'));
    expect((await store.getOrder('cs_test_abc'))?.status).toBe('paid');
    expect(accounts.created).toBe(0); // The webhook only commits the jobs; the worker runs them.
    expect(await sweepFollowUps(d)).toEqual({ done: 2, failed: 0, requeued: 0 });
    expect(accounts.created).toBe(1);
    expect((await store.getFollowUp('order-paid:cs_test_abc'))?.status).toBe('done');
    expect((await mailbox.list()).map((message) => message.key)).toEqual(['receipt:cs_test_abc']);
  });
});
