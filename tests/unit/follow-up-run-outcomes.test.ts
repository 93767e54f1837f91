import { describe, expect, it } from 'vitest';
import { ManualClock } from '@/lib/domain/clock';
import { orderReceiptJob } from '@/lib/domain/followups/order-jobs';
import type { RetryPolicy } from '@/lib/domain/followups/retry-policy';
import { FOLLOW_UP_LEASE_MS, runFollowUp, sweepFollowUps, type FollowUpDeps } from '@/lib/services/followups/run-follow-ups';
import { createLogger } from '@/lib/logger';
import type { Mailer } from '@/lib/domain/mail/mailer';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import type { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { withInjectedFailures } from '../support/faulty-store';
import { MemoryAccounts } from '../support/memory-accounts';
import { sessionSnapshot, storeWithFacts } from '../support/order-facts';

/**
 * What one run of a follow-up job ends with — its outcome, the job as stored, and the log line an operator
 * reads — for each way a run can end, including a lease taken over at each step.
 */

const SESSION = 'cs_test_order1';
const KEY = orderReceiptJob(SESSION).key;

interface LogLine {
  level: number;
  msg: string;
  followUp?: string;
  attempt?: number;
  err?: unknown;
  retryInMs?: number;
}

async function setup(options: { buyer?: boolean; policy?: RetryPolicy; mailer?: (mailbox: LocalMailbox) => Mailer } = {}) {
  const session = options.buyer === false ? sessionSnapshot({ customer: null }) : sessionSnapshot();
  const sqlite = await storeWithFacts([{ kind: 'checkout_completed', paid: true, session }], { followUps: [orderReceiptJob(SESSION)] });
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const lines: LogLine[] = [];
  const mailbox = LocalMailbox.open(':memory:');
  const deps: FollowUpDeps = {
    store: sqlite,
    clock,
    logger: createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) }),
    accounts: new MemoryAccounts(),
    mailer: options.mailer ? options.mailer(mailbox) : mailbox,
    siteUrl: 'http://shop.test',
    retryPolicy: options.policy ?? { baseDelayMs: 1_000, maxDelayMs: 30_000, maxAttempts: 3 },
    random: () => 0,
  };
  /** Another worker takes the job over: this run's lease has expired and the job is claimed afresh. */
  const takeOver = async () => {
    clock.advance(FOLLOW_UP_LEASE_MS);
    const now = clock.now();
    expect(await sqlite.claimFollowUp(KEY, now.toISOString(), new Date(now.getTime() + FOLLOW_UP_LEASE_MS).toISOString(), 'other-worker')).not.toBeNull();
  };
  const logged = () => lines.map(({ level, msg, followUp, attempt, err, retryInMs }) => ({ level, msg, followUp, attempt, err, retryInMs }));
  return { sqlite, clock, deps, mailbox, takeOver, logged };
}

/** The store with `takeOver` (and then `fail`, if given) run when the job handler reads the order. */
function interruptedOnRead(sqlite: SqliteOrderStore, takeOver: () => Promise<void>, fail?: string): OrderStoreBackend {
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property !== 'getOrder') return Reflect.get(target, property, receiver) as unknown;
      return async (id: string) => {
        await takeOver();
        if (fail) throw new Error(fail);
        return target.getOrder(id);
      };
    },
  });
}

const failingMailer = (mailbox: LocalMailbox): Mailer => ({ send: () => Promise.reject(new Error('SES throttled')), has: mailbox.has.bind(mailbox) } as unknown as Mailer);

describe('how a follow-up run ends', () => {
  it('done: the job is completed and logged with its key and attempt', async () => {
    const { sqlite, deps, mailbox, logged } = await setup();
    expect(await runFollowUp(deps, KEY)).toBe('done');
    expect(await sqlite.getFollowUp(KEY)).toMatchObject({ status: 'done', claimToken: null });
    expect((await mailbox.list()).map((mail) => mail.key)).toEqual([`receipt:${SESSION}`]);
    expect(logged()).toEqual([{ level: 30, msg: 'follow-up done', followUp: KEY, attempt: 1, err: undefined, retryInMs: undefined }]);
  });

  it('a failure: released with its backoff, and logged with the reason and the wait', async () => {
    const { sqlite, deps, logged } = await setup({ mailer: failingMailer });
    expect(await runFollowUp(deps, KEY)).toBe('retry_scheduled');
    expect(await sqlite.getFollowUp(KEY)).toMatchObject({ status: 'pending', claimToken: null, lastError: 'SES throttled', claimedUntil: '2030-01-01T00:00:00.500Z' });
    expect(logged()).toEqual([{ level: 40, msg: 'follow-up failed; will retry', followUp: KEY, attempt: 1, err: expect.objectContaining({ type: 'Error', message: 'SES throttled', stack: expect.stringContaining('Error: SES throttled') }), retryInMs: 500 }]);
  });

  it('the last allowed failure: parked, and logged as an error', async () => {
    const { sqlite, deps, logged } = await setup({ mailer: failingMailer, policy: { baseDelayMs: 1_000, maxDelayMs: 1_000, maxAttempts: 1 } });
    expect(await runFollowUp(deps, KEY)).toBe('parked');
    expect(await sqlite.getFollowUp(KEY)).toMatchObject({ status: 'failed', lastError: 'SES throttled' });
    expect(logged()).toEqual([
      { level: 50, msg: 'follow-up parked as failed; reconciliation or an admin re-drives it', followUp: KEY, attempt: 1, err: expect.objectContaining({ type: 'Error', message: 'SES throttled', stack: expect.stringContaining('Error: SES throttled') }), retryInMs: undefined },
    ]);
  });

  it('taken over while running: it stops at its next write, without a "will retry", and leaves the job to the new holder', async () => {
    const { sqlite, deps, mailbox, takeOver, logged } = await setup();
    expect(await runFollowUp({ ...deps, store: interruptedOnRead(sqlite, takeOver) }, KEY)).toBe('lease_lost');
    expect(await sqlite.getFollowUp(KEY)).toMatchObject({ status: 'pending', claimToken: 'other-worker', progress: {}, lastError: null });
    expect(await mailbox.list()).toEqual([]);
    expect(logged()).toEqual([{ level: 40, msg: 'follow-up lease was taken over while running; stopped', followUp: KEY, attempt: 1, err: undefined, retryInMs: undefined }]);
  });

  it('taken over just before completing: the new holder completes it, this run says so', async () => {
    // Without a buyer email the receipt job writes nothing, so the first refused write is the completion.
    const { sqlite, deps, takeOver, logged } = await setup({ buyer: false });
    expect(await runFollowUp({ ...deps, store: interruptedOnRead(sqlite, takeOver) }, KEY)).toBe('lease_lost');
    expect(await sqlite.getFollowUp(KEY)).toMatchObject({ status: 'pending', claimToken: 'other-worker' });
    expect(logged()).toEqual([
      { level: 40, msg: 'follow-up finished after its lease was taken over; the new holder completes it', followUp: KEY, attempt: 1, err: undefined, retryInMs: undefined },
    ]);
  });

  it('taken over, then failing: its release or park is refused, and the job stays with the new holder', async () => {
    for (const maxAttempts of [3, 1]) {
      const { sqlite, deps, takeOver } = await setup({ policy: { baseDelayMs: 1_000, maxDelayMs: 1_000, maxAttempts } });
      expect(await runFollowUp({ ...deps, store: interruptedOnRead(sqlite, takeOver, 'store blip') }, KEY)).toBe('lease_lost');
      expect(await sqlite.getFollowUp(KEY)).toMatchObject({ status: 'pending', claimToken: 'other-worker', lastError: null });
    }
  });
});

describe('the sweep’s counts', () => {
  it('a run that threw counts as failed; a job already finished by someone else counts as neither', async () => {
    const { sqlite, deps } = await setup();
    const done = orderReceiptJob('cs_test_done');
    await sqlite.applyEvent({ id: 'evt_done', type: 'test', objectId: null, apiVersion: null, created: 9, receivedAt: 'now' }, null, 'now', [done]);
    expect(await runFollowUp(deps, done.key)).toBe('done');
    // A stale read of the queue (as from an eventually consistent index) still lists the finished job.
    const staleList = [...(await sqlite.listPendingFollowUps('2100-01-01T00:00:00.000Z', 10)), (await sqlite.getFollowUp(done.key))!];
    const listingStale = (store: OrderStoreBackend): OrderStoreBackend =>
      new Proxy(store, {
        get: (target, property, receiver) => (property === 'listPendingFollowUps' ? async () => staleList : (Reflect.get(target, property, receiver) as unknown)),
      });
    const claimFails = withInjectedFailures(sqlite, (method, args) => method === 'claimFollowUp' && args[0] === KEY);
    expect(await sweepFollowUps({ ...deps, store: listingStale(claimFails) })).toEqual({ done: 0, failed: 1, requeued: 0 });
    // Without the store failure the same stale listing completes the due job and skips the finished one.
    const listing = listingStale(sqlite);
    expect(await sweepFollowUps({ ...deps, store: listing })).toEqual({ done: 1, failed: 0, requeued: 0 });
  });
});
