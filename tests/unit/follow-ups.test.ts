import { describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/mail/local-mailbox';
import type { Mailer } from '@/lib/mail/mailer';
import { applyFact, type OrderFact } from '@/lib/orders/order-state';
import type { FollowUpJob, OrderStore } from '@/lib/orders/order-store';
import { orderPaidJob } from '@/lib/followups/order-paid';
import { paymentFailedJob } from '@/lib/followups/payment-failed';
import { FOLLOW_UP_LEASE_MS, runFollowUp, sweepFollowUps } from '@/lib/followups/run-follow-ups';
import { SqliteOrderStore } from '@/lib/store/sqlite/sqlite-order-store';
import { processEvent } from '@/lib/webhooks/process-event';
import { withInjectedFailures, type FailurePoint, type StoreMethod } from '../support/faulty-store';
import { MemoryAccounts } from '../support/memory-accounts';
import { completedPaid, completedUnpaid, sessionSnapshot, storeWithFacts } from '../support/order-facts';
import { fakeStripe, grazingBoard, sessionEvent } from '../support/stripe-events';

const SESSION = 'cs_test_order1';
const T0 = new Date('2030-01-01T00:00:00Z');

/** A store holding one order (from the facts) and its owed follow-up job. */
const storeWithJob = (job: FollowUpJob, ...facts: OrderFact[]) => storeWithFacts(facts, { followUps: [job] });

function deps(store: OrderStore, options: { accounts?: MemoryAccounts; mailer?: Mailer; now?: Date } = {}) {
  const mailbox = LocalMailbox.open(':memory:');
  return {
    deps: {
      store,
      accounts: options.accounts ?? new MemoryAccounts(),
      mailer: options.mailer ?? mailbox,
      siteUrl: 'http://shop.test',
      clock: { now: () => options.now ?? T0 },
      logger: silentLogger,
    },
    mailbox,
  };
}

/** Fails the first call of `method` at `point`, then lets every call through. */
function failOnce(store: OrderStore, method: StoreMethod, point: FailurePoint, when: (args: unknown[]) => boolean = () => true) {
  let failed = false;
  return withInjectedFailures(store, (called, args) => {
    if (failed || called !== method || !when(args)) return false;
    failed = true;
    return point;
  });
}

const failed = { kind: 'async_payment_failed' as const, session: sessionSnapshot() } satisfies OrderFact;

describe('follow-up emails go out once, whatever fails around them', () => {
  it.each([
    ['completing the job fails', 'completeFollowUp', 'before'],
    ['completing the job lands but its reply is lost', 'completeFollowUp', 'after'],
    ['recording "sent" after the email fails', 'saveFollowUpProgress', 'before'],
  ] as const)('payment-failed: %s, and the retry sends nothing more', async (_name, method, point) => {
    const job = paymentFailedJob(SESSION);
    const store = await storeWithJob(job, completedUnpaid, failed);
    const faulty = failOnce(store, method, point, (args) => method !== 'saveFollowUpProgress' || JSON.stringify(args[1]).includes('"sent"'));
    const { deps: d, mailbox } = deps(faulty);
    await expect(runFollowUp(d, job.key)).rejects.toThrow('injected failure');
    const outcome = await runFollowUp(d, job.key);
    expect(outcome).toBe(point === 'after' && method === 'completeFollowUp' ? 'already_done' : 'done');
    const mail = await mailbox.list();
    expect(mail.map((message) => [message.key, message.to])).toEqual([[`payment-failed:${SESSION}`, 'ada@example.com']]);
    expect((await store.getFollowUp(job.key))?.status).toBe('done');
  });

  it.each([
    ['completing the job fails', 'completeFollowUp', 'before'],
    ['recording "sent" after the email fails', 'saveFollowUpProgress', 'before'],
  ] as const)('order-received for a returning buyer: %s, and the retry sends nothing more', async (_name, method, point) => {
    const accounts = new MemoryAccounts();
    await accounts.provision({ email: 'ada@example.com', name: 'Ada' }); // She has an account already.
    const job = orderPaidJob(SESSION);
    const store = await storeWithJob(job, completedPaid);
    const faulty = failOnce(store, method, point, (args) => method !== 'saveFollowUpProgress' || JSON.stringify(args[1]).includes('"sent"'));
    const { deps: d, mailbox } = deps(faulty, { accounts });
    await expect(runFollowUp(d, job.key)).rejects.toThrow('injected failure');
    expect(await runFollowUp(d, job.key)).toBe('done');
    expect((await mailbox.list()).map((message) => message.key)).toEqual([`order-received:${SESSION}`]);
    expect((await store.getOrder(SESSION))?.owner).toBe(`${accounts.pool.users[0]!.sub}::${accounts.pool.users[0]!.username}`);
    expect(accounts.created).toBe(1);
  });

  it('an email the mailer refused is sent on the retry', async () => {
    const job = paymentFailedJob(SESSION);
    const store = await storeWithJob(job, completedUnpaid, failed);
    const mailbox = LocalMailbox.open(':memory:');
    let refusals = 1;
    const flaky: Mailer = { send: (message) => (refusals-- > 0 ? Promise.reject(new Error('SES throttled')) : mailbox.send(message)) };
    const { deps: d } = deps(store, { mailer: flaky });
    await expect(runFollowUp(d, job.key)).rejects.toThrow('SES throttled');
    expect((await store.getFollowUp(job.key))?.progress).toEqual({});
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

  it('a new buyer gets an account and no order-received email; a returning buyer gets the email', async () => {
    const accounts = new MemoryAccounts();
    const first = orderPaidJob(SESSION);
    const store = await storeWithJob(first, completedPaid);
    const { deps: d, mailbox } = deps(store, { accounts });
    expect(await runFollowUp(d, first.key)).toBe('done');
    expect(accounts.created).toBe(1);
    expect(await mailbox.list()).toEqual([]);
    expect((await store.getFollowUp(first.key))?.progress).toMatchObject({ newAccount: true, owner: expect.stringContaining('::') });

    const returning = await storeWithJob(first, completedPaid);
    const again = deps(returning, { accounts });
    expect(await runFollowUp(again.deps, first.key)).toBe('done');
    expect(accounts.created).toBe(1);
    const mail = await again.mailbox.list();
    expect(mail.map((message) => [message.key, message.to])).toEqual([[`order-received:${SESSION}`, 'ada@example.com']]);
    expect(mail[0]?.text).toContain('for delivery on 2030-01-15');
    expect((await returning.getFollowUp(first.key))?.progress).toMatchObject({ newAccount: false, noticeSent: 'sent' });
    expect(accounts.pool.users[0]?.attributes).toContainEqual({ Name: 'name', Value: 'Ada Lovelace' });
  });

  it('a provisioning retry after a lost reply counts the account as new: no order-received on top of an invitation', async () => {
    const accounts = new MemoryAccounts();
    const job = orderPaidJob(SESSION);
    const store = await storeWithJob(job, completedPaid);
    // The account gets created, but the write recording it never lands.
    const faulty = failOnce(store, 'saveFollowUpProgress', 'before', (args) => 'owner' in (args[1] as object));
    const { deps: d, mailbox } = deps(faulty, { accounts });
    await expect(runFollowUp(d, job.key)).rejects.toThrow('injected failure');
    expect(await runFollowUp(d, job.key)).toBe('done');
    expect(accounts.created).toBe(1);
    expect(await mailbox.list()).toEqual([]);
  });

  it('a provisioning call that failed is retried as fresh: a returning buyer still gets the email', async () => {
    const accounts = new MemoryAccounts();
    await accounts.provision({ email: 'ada@example.com', name: 'Ada' });
    let failures = 1;
    const flaky = { provision: (buyer: { email: string; name: string | null }) => (failures-- > 0 ? Promise.reject(new Error('throttled')) : accounts.provision(buyer)) };
    const job = orderPaidJob(SESSION);
    const store = await storeWithJob(job, completedPaid);
    const { deps: d, mailbox } = deps(store);
    const withFlaky = { ...d, accounts: flaky };
    await expect(runFollowUp(withFlaky, job.key)).rejects.toThrow('throttled');
    expect((await store.getFollowUp(job.key))?.progress).toEqual({});
    expect(await runFollowUp(withFlaky, job.key)).toBe('done');
    expect((await mailbox.list()).map((message) => message.key)).toEqual([`order-received:${SESSION}`]);
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
    expect(await store.claimFollowUp(job.key, T0.toISOString(), new Date(T0.getTime() + FOLLOW_UP_LEASE_MS).toISOString(), 'another-worker')).not.toBeNull();
    const justBefore = deps(store, { now: new Date(T0.getTime() + FOLLOW_UP_LEASE_MS - 1) });
    expect(await runFollowUp(justBefore.deps, job.key)).toBe('held_elsewhere');
    const atExpiry = deps(store, { now: new Date(T0.getTime() + FOLLOW_UP_LEASE_MS) });
    expect(await runFollowUp(atExpiry.deps, job.key)).toBe('done');
    expect(await runFollowUp(atExpiry.deps, job.key)).toBe('already_done');
    expect(await runFollowUp(atExpiry.deps, 'order-paid:cs_test_unknown')).toBe('already_done');
  });

  it('a claimed job is leased for FOLLOW_UP_LEASE_MS from the clock', async () => {
    const job = orderPaidJob(SESSION);
    const store = await storeWithJob(job, completedPaid);
    const blocked = withInjectedFailures(store, (method) => method === 'getOrder');
    await expect(runFollowUp(deps(blocked).deps, job.key)).rejects.toThrow();
    const stored = await store.getFollowUp(job.key);
    expect(stored).toMatchObject({ status: 'pending', claimedUntil: null, attempts: 1, lastError: 'injected failure in getOrder' });
    await store.claimFollowUp(job.key, T0.toISOString(), T0.toISOString(), 'reset');
    const { deps: d } = deps(store);
    const claims: unknown[][] = [];
    const spying = withInjectedFailures(store, (method, args) => {
      if (method === 'claimFollowUp') claims.push(args);
      return false;
    });
    await store.releaseFollowUp(job.key, 'reset', 'reset', T0.toISOString());
    expect(await runFollowUp({ ...d, store: spying }, job.key)).toBe('done');
    expect(claims).toEqual([[job.key, T0.toISOString(), new Date(T0.getTime() + FOLLOW_UP_LEASE_MS).toISOString(), expect.any(String)]]);
    expect((await store.getFollowUp(job.key))?.completedAt).toBe(T0.toISOString());
  });

  it('the sweep runs every pending job and counts what completed and what failed', async () => {
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
    const { deps: d } = deps(faulty);
    expect(await sweepFollowUps(d)).toEqual({ done: 2, failed: 1 });
    expect((await store.listPendingFollowUps(T0.toISOString(), 10)).map((job) => job.key)).toEqual(['order-paid:cs_test_b']);
    expect(await sweepFollowUps(d, 0)).toEqual({ done: 0, failed: 0 });
  });

  it('refuses a job of an unknown kind and releases it', async () => {
    const job = { key: 'mystery:1', kind: 'mystery', payload: {} };
    const store = await storeWithJob(job, completedPaid);
    await expect(runFollowUp(deps(store).deps, job.key)).rejects.toThrow('Unknown follow-up kind: mystery');
    expect(await store.getFollowUp(job.key)).toMatchObject({ status: 'pending', claimedUntil: null, lastError: 'Unknown follow-up kind: mystery' });
  });
});

describe('a delayed payment provisions nothing until it is paid', () => {
  it('completed unpaid: no account, no job, no email; async payment succeeded: one account', async () => {
    const { stripe } = fakeStripe({ lineItems: [grazingBoard] });
    const store = SqliteOrderStore.open(':memory:');
    const accounts = new MemoryAccounts();
    const { deps: d, mailbox } = deps(store, { accounts });
    await processEvent({ ...d, stripe }, sessionEvent('checkout.session.completed', { payment_status: 'unpaid' }, 'evt_unpaid'));
    expect((await store.getOrder('cs_test_abc'))?.status).toBe('awaiting_payment');
    expect(accounts.created).toBe(0);
    expect(await store.getFollowUp('order-paid:cs_test_abc')).toBeNull();
    expect(await mailbox.list()).toEqual([]);

    await processEvent({ ...d, stripe }, sessionEvent('checkout.session.async_payment_succeeded', {}, 'evt_paid'));
    expect((await store.getOrder('cs_test_abc'))?.status).toBe('paid');
    expect(accounts.created).toBe(1);
    expect((await store.getFollowUp('order-paid:cs_test_abc'))?.status).toBe('done');
  });
});
