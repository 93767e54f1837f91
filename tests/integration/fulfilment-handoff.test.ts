import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { ManualClock } from '@/lib/domain/clock';
import { runFollowUp, type FollowUpDeps, type FollowUpOutcome } from '@/lib/services/followups/run-follow-ups';
import { fulfilmentUpdatedJobFor, orderPaidEventJob } from '@/lib/domain/fulfilment-handoff/events';
import { changeFulfilment } from '@/lib/services/kitchen/change-fulfilment';
import type { FulfilmentEvent } from '@/lib/domain/fulfilment-handoff/payload';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { FULFILMENT_EVENT } from '@/lib/domain/fulfilment-handoff/events';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import { payOnHostedPage } from '../support/hosted-checkout';
import { loadDocumentedVerifier, startFulfilmentReceiver, type FulfilmentReceiver, type VerifyHarvestEvent } from '../support/fulfilment-receiver';
import { MemoryAccounts } from '../support/memory-accounts';
import { completedPaid, storeWithFacts } from '../support/order-facts';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

const SECRET = 'fulfilment_secret_for_the_suite_0123456789';
let verify: VerifyHarvestEvent;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  verify = await loadDocumentedVerifier();
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function receiver(clock?: ManualClock): Promise<FulfilmentReceiver> {
  const started = await startFulfilmentReceiver(clock ? () => Math.floor(clock.now().getTime() / 1000) : undefined);
  cleanups.push(() => started.close());
  return started;
}

/** A port nothing listens on: bound, then closed. */
async function deadUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/hooks`;
}

/** A store holding one paid order and its queued order.paid event, and the worker's deps on a manual clock. */
async function queuedPaidEvent(url: string, clock: ManualClock, maxAttempts = 10) {
  const job = orderPaidEventJob('cs_test_order1', 1_900_000_000);
  const store = await storeWithFacts([completedPaid], { followUps: [job] });
  const mailer = LocalMailbox.open(':memory:');
  cleanups.push(async () => {
    await store.close();
    await mailer.close();
  });
  const deps: FollowUpDeps = {
    store,
    accounts: new MemoryAccounts(),
    mailer,
    siteUrl: 'http://shop.test',
    clock,
    logger: silentLogger,
    random: () => 0,
    retryPolicy: { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts },
    fulfilmentWebhook: { url, secret: SECRET },
  };
  return { store, deps, key: job.key, eventId: String(job.payload.eventId) };
}

/** Runs the job as the worker would, moving the injected clock past each backoff instead of waiting it out. */
async function runUntilSettled(deps: FollowUpDeps, store: OrderStoreBackend, key: string, clock: ManualClock): Promise<FollowUpOutcome[]> {
  const outcomes: FollowUpOutcome[] = [];
  for (let guard = 0; guard < 50; guard++) {
    const outcome = await runFollowUp(deps, key);
    outcomes.push(outcome);
    if (outcome !== 'retry_scheduled') return outcomes;
    const due = (await store.getFollowUp(key))?.claimedUntil;
    clock.advance(new Date(due!).getTime() - clock.now().getTime() + 1);
  }
  throw new Error('job never settled');
}

describe('delivering signed events through the follow-up queue', () => {
  it('retries a refusing receiver with the queue’s backoff until a 2xx, then never again; every attempt verifies with the documented recipe', async () => {
    const clock = new ManualClock(new Date());
    const endpoint = await receiver(clock);
    endpoint.failNext(3);
    const { store, deps, key, eventId } = await queuedPaidEvent(endpoint.url, clock);

    const outcomes = await runUntilSettled(deps, store, key, clock);
    expect(outcomes).toEqual(['retry_scheduled', 'retry_scheduled', 'retry_scheduled', 'done']);
    expect(endpoint.deliveries.map((delivery) => delivery.answered)).toEqual([503, 503, 503, 200]);
    // One event: the same id and the same bytes on every attempt, each signed afresh and each verifiable.
    expect(new Set(endpoint.deliveries.map((delivery) => delivery.body)).size).toBe(1);
    for (const delivery of endpoint.deliveries) {
      expect(delivery.contentType).toBe('application/json');
      const event = verify(delivery.body, delivery.signature, SECRET, 300, delivery.receivedAt) as FulfilmentEvent;
      expect(event).toMatchObject({ id: eventId, type: 'order.paid', data: { object: { id: 'cs_test_order1', status: 'paid', delivery: { date: '2030-01-15' } } } });
    }
    // Each attempt is signed afresh at its own time (the injected clock's), not replayed from the first.
    expect(endpoint.deliveries.map((delivery) => Number(/t=(\d+)/.exec(delivery.signature!)![1]))).toEqual(endpoint.deliveries.map((delivery) => delivery.receivedAt));
    expect(endpoint.deliveries.at(-1)!.receivedAt).toBeGreaterThan(endpoint.deliveries[0]!.receivedAt);

    // Done means done: running the job again sends nothing.
    expect(await runFollowUp(deps, key)).toBe('already_done');
    expect(endpoint.deliveries.filter((delivery) => delivery.answered === 200)).toHaveLength(1);
  });

  it('the documented recipe refuses a wrong secret, a tampered body and a replay outside the tolerance', async () => {
    const clock = new ManualClock(new Date());
    const endpoint = await receiver(clock);
    const { store, deps, key } = await queuedPaidEvent(endpoint.url, clock);
    expect(await runUntilSettled(deps, store, key, clock)).toEqual(['done']);
    const [delivery] = endpoint.deliveries;
    expect(() => verify(delivery!.body, delivery!.signature, `${SECRET}x`, 300, delivery!.receivedAt)).toThrow('signature mismatch');
    expect(() => verify(delivery!.body.replace('"paid"', '"refunded"'), delivery!.signature, SECRET, 300, delivery!.receivedAt)).toThrow('signature mismatch');
    expect(() => verify(delivery!.body, delivery!.signature, SECRET, 300, delivery!.receivedAt + 301)).toThrow('tolerance');
    expect(() => verify(delivery!.body, 'v1=abc', SECRET)).toThrow('malformed');
  });

  it('parks the event after the queue’s attempt limit, and reconciliation’s requeue sends it again', async () => {
    const clock = new ManualClock(new Date());
    const endpoint = await receiver(clock);
    endpoint.failNext(1_000);
    const { store, deps, key } = await queuedPaidEvent(endpoint.url, clock, 3);
    expect(await runUntilSettled(deps, store, key, clock)).toEqual(['retry_scheduled', 'retry_scheduled', 'parked']);
    expect(await store.getFollowUp(key)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'fulfilment receiver answered 503' });
    expect(endpoint.deliveries).toHaveLength(3);

    endpoint.failNext(0);
    expect(await store.requeueFollowUp(key, clock.now().toISOString())).toBe(true);
    expect(await runUntilSettled(deps, store, key, clock)).toEqual(['done']);
    expect(endpoint.deliveries.map((delivery) => delivery.answered)).toEqual([503, 503, 503, 200]);
  });

  it('an unreachable receiver is a queued retry that names the cause, not the URL', async () => {
    const clock = new ManualClock(new Date());
    const url = await deadUrl();
    const { deps, store, key } = await queuedPaidEvent(url, clock);
    expect(await runFollowUp(deps, key)).toBe('retry_scheduled');
    const job = await store.getFollowUp(key);
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(job?.lastError).toMatch(/^fulfilment receiver unreachable: ECONNREFUSED/);
    expect(job?.lastError).not.toContain('127.0.0.1');
  });
});

describe('staff fulfilment changes', () => {
  it('queue order.fulfilment_updated with the change in the same write, delivered signed; none without a receiver', async () => {
    const clock = new ManualClock('2030-01-15T09:00:00.000Z');
    const endpoint = await receiver(clock);
    const { store, deps } = await queuedPaidEvent(endpoint.url, clock);
    const kitchen = { store, clock, refundInFull: async () => undefined, fulfilmentWebhook: deps.fulfilmentWebhook };
    const moved = await changeFulfilment(kitchen, 'chef@example.com', { orderId: 'cs_test_order1', to: 'preparing', expectedVersion: 0 });
    expect(moved.ok).toBe(true);
    const job = fulfilmentUpdatedJobFor('cs_test_order1', 'received', { status: 'preparing', at: '2030-01-15T09:00:00.000Z', by: 'chef@example.com' });
    expect(await store.getFollowUp(job.key)).toMatchObject({ status: 'pending', kind: FULFILMENT_EVENT });

    expect(await runUntilSettled(deps, store, job.key, clock)).toEqual(['done']);
    const event = verify(endpoint.deliveries[0]!.body, endpoint.deliveries[0]!.signature, SECRET, 300, endpoint.deliveries[0]!.receivedAt) as FulfilmentEvent;
    expect(event).toMatchObject({
      type: 'order.fulfilment_updated',
      created: Date.parse('2030-01-15T09:00:00.000Z') / 1000,
      data: { object: { id: 'cs_test_order1', fulfilment_status: 'preparing' }, fulfilment: { status: 'preparing', previous_status: 'received', changed_by: 'chef@example.com' } },
    });

    const off = await changeFulfilment({ ...kitchen, fulfilmentWebhook: null }, 'chef@example.com', { orderId: 'cs_test_order1', to: 'out_for_delivery', expectedVersion: 1 });
    expect(off.ok).toBe(true);
    const offJob = fulfilmentUpdatedJobFor('cs_test_order1', 'preparing', { status: 'out_for_delivery', at: '2030-01-15T09:00:00.000Z', by: 'chef@example.com' });
    expect(await store.getFollowUp(offJob.key)).toBeNull();
  });
});

describe('the hand-off end to end: Local Stripe → webhook → queue → receiver', () => {
  let shop: TestShop | null = null;
  afterEach(async () => {
    await shop?.close();
    shop = null;
  });

  async function buy(target: TestShop): Promise<string> {
    const catalog = await target.checkoutDeps.loadCatalog();
    const board = catalog.find((item) => item.productId === 'prod_grazing_board')!;
    const result = await createCheckout(target.checkoutDeps, { lines: [{ priceId: board.priceId, quantity: 2 }], deliveryDate: daysFromNow(3), deliveryWindow: '12:00-14:00' });
    if (!result.ok) throw new Error(result.error.message);
    expect((await payOnHostedPage(result.url, '4242424242424242')).status).toBe(303);
    await target.emulator.waitForDeliveries(10_000);
    return result.sessionId;
  }

  it('a paid order reaches the receiver once as order.paid with its delivery details, a refund as order.refunded', async () => {
    const endpoint = await receiver();
    endpoint.failNext(2);
    shop = await startTestShop({ fulfilmentWebhook: { url: endpoint.url, secret: SECRET } });
    const sessionId = await buy(shop);

    const accepted = () => endpoint.deliveries.filter((delivery) => delivery.answered === 200).map((delivery) => verify(delivery.body, delivery.signature, SECRET) as FulfilmentEvent);
    await endpoint.waitFor(() => accepted().some((event) => event.type === 'order.paid'));
    const paid = accepted().find((event) => event.type === 'order.paid')!;
    expect(paid.data.object).toMatchObject({ id: sessionId, status: 'paid', delivery: { date: daysFromNow(3), window: '12:00-14:00' } });
    expect(paid.data.object.items[0]).toMatchObject({ name: 'Grand Grazing Board', quantity: 2 });

    const session = await shop.stripe.checkout.sessions.retrieve(sessionId);
    await shop.stripe.refunds.create({ payment_intent: session.payment_intent as string });
    await shop.emulator.waitForDeliveries(10_000);
    await endpoint.waitFor(() => accepted().some((event) => event.type === 'order.refunded'));
    await shop.drainFollowUps();
    const events = accepted();
    const refunded = events.find((event) => event.type === 'order.refunded')!;
    expect(refunded.data.refund).toEqual({ amount_refunded: paid.data.object.amount_total, fully_refunded: true });
    // Stripe sends several events per purchase and refund (and may redeliver them): still one of each here.
    expect(events.map((event) => event.type).sort()).toEqual(['order.paid', 'order.refunded']);
    expect(endpoint.deliveries.filter((delivery) => delivery.answered === 503)).toHaveLength(2);
  });

  it('an unreachable receiver never fails Stripe’s webhook: the order is paid and the event waits in the queue', async () => {
    shop = await startTestShop({ fulfilmentWebhook: { url: await deadUrl(), secret: SECRET }, retryPolicy: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 10 } });
    const sessionId = await buy(shop);
    expect((await shop.store.getOrder(sessionId))?.status).toBe('paid');
    const failedDeliveries = (await shop.inspect.events()).filter((event) => event.status === 'failed');
    expect(failedDeliveries).toEqual([]);
    const key = orderPaidEventJob(sessionId, 0).key;
    const cap = Date.now() + 30_000;
    while (!(await shop.store.getFollowUp(key))?.lastError) {
      if (Date.now() > cap) throw new Error('the fulfilment job never ran');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await shop.store.getFollowUp(key)).toMatchObject({ kind: FULFILMENT_EVENT, status: 'pending', lastError: expect.stringMatching(/unreachable/) });
  });

  it('with no receiver configured nothing is queued for it', async () => {
    shop = await startTestShop();
    const sessionId = await buy(shop);
    await shop.drainFollowUps();
    expect(await shop.store.getFollowUp(orderPaidEventJob(sessionId, 0).key)).toBeNull();
  });
});
