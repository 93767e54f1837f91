import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountProvisioner, Buyer, ProvisionResult } from '@/lib/domain/accounts/account';
import { ManualClock } from '@/lib/domain/clock';
import { orderPaidJob } from '@/lib/domain/followups/order-jobs';
import type { FollowUpOutcome } from '@/lib/services/followups/run-follow-ups';
import { FollowUpWorker, type FollowUpWorkerOptions } from '@/lib/services/followups/worker';
import { createLogger, silentLogger, type Logger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { applyFact } from '@/lib/domain/orders/order-state';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { withInjectedFailures, type StoreMethod } from '../support/faulty-store';
import { completedPaid, sessionSnapshot } from '../support/order-facts';

/**
 * The worker's schedule (poll interval, shutdown grace) under vitest's fake setTimeout: time moves only when
 * the test advances it, so "not before X" is asserted exactly. Promises and setImmediate stay real, and
 * conditions are awaited by yielding to the event loop a bounded number of times, never by waiting for time.
 */

const T0 = '2030-01-01T00:00:00.000Z';
const FAR_FUTURE = '2100-01-01T00:00:00.000Z';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Yields to the event loop until the condition holds; fails after a fixed number of turns (no clock involved). */
async function until(condition: () => boolean | Promise<boolean>, turns = 5_000): Promise<void> {
  for (let turn = 0; turn < turns; turn++) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not met');
}

/** Lets everything that is ready run (promise chains, store calls) without moving fake time. */
async function settle(turns = 50): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** Stops the worker, letting its timers run out (nothing is in flight when tests call this). */
async function stopNow(worker: FollowUpWorker): Promise<void> {
  const stopping = worker.stop();
  await vi.runAllTimersAsync();
  await stopping;
}

interface LogLine {
  level: number;
  msg: string;
  followUp?: string;
  err?: unknown;
}

/** A real logger whose lines the test reads. */
function recordingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { lines, logger: createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) }) };
}

/** A user pool whose calls wait at a gate until the test opens it (or answer at once once `opened`). */
function gatedAccounts() {
  const waiting: (() => void)[] = [];
  let opened = false;
  let failNext = 0;
  const answer = (buyer: Buyer): ProvisionResult => ({ account: { sub: `sub-${buyer.email}`, username: buyer.email, email: buyer.email }, created: true });
  const accounts: AccountProvisioner = {
    provision(buyer) {
      if (failNext > 0) {
        failNext--;
        return Promise.reject(new Error('user pool throttled'));
      }
      if (opened) return Promise.resolve(answer(buyer));
      return new Promise((resolve) => waiting.push(() => resolve(answer(buyer))));
    },
  };
  return {
    accounts,
    waiting,
    openAll: () => {
      opened = true;
      waiting.splice(0).forEach((open) => open());
    },
    failNextCalls: (count: number) => {
      failNext = count;
    },
  };
}

async function enqueuePaidOrder(store: OrderStoreBackend, clock: ManualClock, orderId: string): Promise<string> {
  const fact = { ...completedPaid, session: sessionSnapshot({ sessionId: orderId, customer: { email: `${orderId}@example.com`, name: null } }) };
  const job = orderPaidJob(orderId);
  await store.applyEvent(
    { id: `evt_${orderId}`, type: 'checkout.session.completed', objectId: orderId, apiVersion: null, created: 100, receivedAt: 'now' },
    { orderId, apply: (current) => applyFact(current, fact, { eventId: `evt_${orderId}`, created: 100 }) },
    clock.now().toISOString(),
    [job],
  );
  return job.key;
}

async function setup(orderCount: number, options: { store?: (store: OrderStoreBackend) => OrderStoreBackend; logger?: Logger; opened?: boolean } = {}) {
  const clock = new ManualClock(T0);
  const sqlite = SqliteOrderStore.open(':memory:', clock);
  const keys: string[] = [];
  for (let index = 0; index < orderCount; index++) keys.push(await enqueuePaidOrder(sqlite, clock, `cs_${String(index).padStart(3, '0')}`));
  const gate = gatedAccounts();
  if (options.opened) gate.openAll();
  const store = options.store ? options.store(sqlite) : sqlite;
  const outcomes: [string, FollowUpOutcome | 'error'][] = [];
  const deps = {
    store,
    clock,
    logger: options.logger ?? silentLogger,
    accounts: gate.accounts,
    mailer: LocalMailbox.open(':memory:'),
    siteUrl: 'http://shop.test',
    retryPolicy: { baseDelayMs: 1_000, maxDelayMs: 1_000, maxAttempts: 5 },
    random: () => 0,
  };
  const start = (workerOptions: Omit<FollowUpWorkerOptions, 'onOutcome'> = {}) =>
    new FollowUpWorker(deps, { ...workerOptions, onOutcome: (key, outcome) => outcomes.push([key, outcome]) }).start();
  const pending = async () => (await sqlite.listPendingFollowUps(FAR_FUTURE, 1_000)).length;
  return { clock, sqlite, keys, gate, outcomes, start, pending };
}

describe('follow-up worker: concurrency and batches', () => {
  it('runs at most eight jobs at once by default', async () => {
    const { gate, start, pending } = await setup(10);
    const worker = start();
    await until(() => gate.waiting.length === 8);
    await settle();
    expect(gate.waiting).toHaveLength(8);
    expect(worker.inFlight).toBe(8);
    gate.openAll();
    await until(async () => (await pending()) === 0 && worker.inFlight === 0);
    await stopNow(worker);
  });

  it('reads the queue in batches of 100 and keeps reading while a batch comes back full, without waiting for the poll', async () => {
    const { start, pending, outcomes } = await setup(101, { opened: true });
    const worker = start();
    await until(async () => (await pending()) === 0 && worker.inFlight === 0, 50_000);
    expect(outcomes).toHaveLength(101);
    expect(new Set(outcomes.map(([, outcome]) => outcome))).toEqual(new Set(['done']));
    await stopNow(worker);
  });

  it('looks again when woken during a pass, so a job committed meanwhile runs without the poll', async () => {
    const { clock, sqlite, keys, gate, start, outcomes } = await setup(2);
    const worker = start({ concurrency: 1 });
    await until(() => gate.waiting.length === 1);
    const late = await enqueuePaidOrder(sqlite, clock, 'cs_late');
    worker.wake();
    gate.openAll();
    await until(() => outcomes.length === 3);
    expect(outcomes.map(([key]) => key).sort()).toEqual([...keys, late].sort());
    expect(await sqlite.getFollowUp(late)).toMatchObject({ status: 'done', attempts: 1 });
    await stopNow(worker);
  });

  it('does not start a second run of a job it is still running, even once that job’s lease has run out', async () => {
    const { clock, sqlite, keys, gate, start, outcomes } = await setup(1);
    const worker = start({ pollIntervalMs: 60_000 });
    await until(() => gate.waiting.length === 1);
    clock.advance(61_000); // The lease (60 s) is over: the queue lists the job as due again.
    expect((await sqlite.listPendingFollowUps(clock.now().toISOString(), 10)).map((job) => job.key)).toEqual(keys);
    worker.wake();
    await settle();
    gate.openAll();
    await until(() => outcomes.length === 1);
    await settle();
    expect(outcomes).toEqual([[keys[0], 'done']]);
    expect(await sqlite.getFollowUp(keys[0]!)).toMatchObject({ status: 'done', attempts: 1 });
    await stopNow(worker);
  });
});

describe('follow-up worker: the poll', () => {
  it('looks for due jobs every second by default: a retry runs at the first poll after its backoff', async () => {
    const { clock, sqlite, keys, gate, start, outcomes } = await setup(1, { opened: true });
    gate.failNextCalls(1);
    const worker = start();
    await until(() => outcomes.length === 1);
    expect(outcomes[0]).toEqual([keys[0], 'retry_scheduled']);
    clock.advance(500); // The backoff (half of the 1 s step with random 0) is over.
    await vi.advanceTimersByTimeAsync(999);
    await settle();
    expect(await sqlite.getFollowUp(keys[0]!)).toMatchObject({ status: 'pending', attempts: 1 });
    await vi.advanceTimersByTimeAsync(1);
    await until(() => outcomes.length === 2);
    expect(outcomes[1]).toEqual([keys[0], 'done']);
    expect(await sqlite.getFollowUp(keys[0]!)).toMatchObject({ status: 'done', attempts: 2 });
    await stopNow(worker);
  });

  it('logs a queue it cannot read and tries again at the next poll', async () => {
    const { lines, logger } = recordingLogger();
    let reads = 0;
    const failFirstRead = (store: OrderStoreBackend) =>
      withInjectedFailures(store, (method: StoreMethod) => method === 'listPendingFollowUps' && ++reads === 1);
    const { keys, start, outcomes } = await setup(1, { store: failFirstRead, logger, opened: true });
    const worker = start({ pollIntervalMs: 5_000 });
    await until(() => lines.some((line) => line.msg === 'follow-up worker could not read the queue'));
    expect(lines.find((line) => line.level === 50)).toMatchObject({ msg: 'follow-up worker could not read the queue', err: { type: 'Error', message: 'injected failure in listPendingFollowUps', stack: expect.stringContaining('Error: injected failure') } });
    await settle();
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(5_000);
    await until(() => outcomes.length === 1);
    expect(outcomes).toEqual([[keys[0], 'done']]);
    await stopNow(worker);
  });

  it('reports a run that threw (the store failed while claiming) as an error, logs it, and runs the job again later', async () => {
    const { lines, logger } = recordingLogger();
    let claims = 0;
    const failFirstClaim = (store: OrderStoreBackend) => withInjectedFailures(store, (method: StoreMethod) => method === 'claimFollowUp' && ++claims === 1);
    const { keys, start, outcomes } = await setup(1, { store: failFirstClaim, logger, opened: true });
    const worker = start({ pollIntervalMs: 5_000 });
    await until(() => outcomes.length === 1);
    expect(outcomes).toEqual([[keys[0], 'error']]);
    expect(lines.filter((line) => line.level === 50)).toMatchObject([
      { msg: 'follow-up run failed', followUp: keys[0], err: { type: 'Error', message: 'injected failure in claimFollowUp', stack: expect.stringContaining('Error: injected failure') } },
    ]);
    await vi.advanceTimersByTimeAsync(5_000);
    await until(() => outcomes.length === 2);
    expect(outcomes[1]).toEqual([keys[0], 'done']);
    await stopNow(worker);
  });
});

describe('follow-up worker: stopping', () => {
  it('gives running jobs ten seconds by default, then releases them at once for another worker', async () => {
    const { clock, sqlite, keys, gate, start, outcomes } = await setup(1);
    const worker = start();
    await until(() => gate.waiting.length === 1);
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(9_999);
    await settle();
    expect(stopped).toBe(false);
    expect((await sqlite.getFollowUp(keys[0]!))?.claimToken).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(await sqlite.getFollowUp(keys[0]!)).toMatchObject({
      status: 'pending',
      claimToken: null,
      claimedUntil: clock.now().toISOString(),
      lastError: 'released at worker shutdown',
    });
    gate.openAll();
    await until(() => outcomes.length === 1);
    expect(outcomes).toEqual([[keys[0], 'lease_lost']]);
  });

  it('launches nothing more once stopping: a job waiting for a free slot stays queued', async () => {
    const { sqlite, keys, gate, start, outcomes } = await setup(2);
    const worker = start({ concurrency: 1 });
    await until(() => gate.waiting.length === 1);
    const stopping = worker.stop();
    gate.openAll();
    await stopping;
    await settle();
    expect(outcomes).toEqual([[keys[0], 'done']]);
    expect(await sqlite.getFollowUp(keys[1]!)).toMatchObject({ status: 'pending', attempts: 0, claimToken: null });
    // Nor does the interrupted pass schedule another poll: no timer keeps the process alive.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a wake after stop leaves the store alone (the server closes it on shutdown)', async () => {
    const { lines, logger } = recordingLogger();
    const { sqlite, start } = await setup(0, { logger, opened: true });
    const worker = start();
    await settle();
    await stopNow(worker);
    await sqlite.close();
    worker.wake();
    await settle();
    expect(lines).toEqual([]);
  });

  it('without an outcome listener, a run that threw is logged and the job still runs later', async () => {
    const { lines, logger } = recordingLogger();
    let claims = 0;
    const failFirstClaim = (store: OrderStoreBackend) => withInjectedFailures(store, (method: StoreMethod) => method === 'claimFollowUp' && ++claims === 1);
    const { clock, sqlite, keys, gate } = await setup(1, { opened: true });
    const worker = new FollowUpWorker(
      { store: failFirstClaim(sqlite), clock, logger, accounts: gate.accounts, mailer: LocalMailbox.open(':memory:'), siteUrl: 'http://shop.test' },
      { pollIntervalMs: 5_000 },
    ).start();
    await until(() => lines.some((line) => line.msg === 'follow-up run failed'));
    await vi.advanceTimersByTimeAsync(5_000);
    await until(async () => (await sqlite.getFollowUp(keys[0]!))?.status === 'done');
    await stopNow(worker);
  });

  it('once stopped, neither a wake, the poll nor a second start runs anything', async () => {
    const { sqlite, keys, start, outcomes } = await setup(0, { opened: true });
    const worker = start();
    await settle();
    await worker.stop();
    await worker.stop();
    const clock = new ManualClock(T0);
    keys.push(await enqueuePaidOrder(sqlite, clock, 'cs_after_stop'));
    worker.wake();
    worker.start();
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    expect(outcomes).toEqual([]);
    expect(await sqlite.getFollowUp(keys[0]!)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('a worker never started runs nothing when woken', async () => {
    const { sqlite, keys, outcomes } = await setup(1, { opened: true });
    const worker = new FollowUpWorker({
      store: sqlite,
      clock: new ManualClock(T0),
      logger: silentLogger,
      accounts: gatedAccounts().accounts,
      mailer: LocalMailbox.open(':memory:'),
      siteUrl: 'http://shop.test',
    });
    worker.wake();
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    expect(outcomes).toEqual([]);
    expect(await sqlite.getFollowUp(keys[0]!)).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
