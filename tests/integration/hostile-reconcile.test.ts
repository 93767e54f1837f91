import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '@/lib/domain/clock';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import { RECONCILE_CURSOR, RECONCILE_PAGE_SIZE, reconcile, type EventListParams, type EventPage, type ReconcileDeps } from '@/lib/services/reconcile/reconcile';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { withInjectedFailures } from '../support/faulty-store';
import { startTestShop, type TestShop } from '../support/test-shop';

/**
 * A backlog Stripe kept while the shop was away: 10,000 events (3,000 of them in one second), one of them
 * poison (it names a Checkout Session Stripe does not know, so it fails every time). Local Stripe is the
 * Stripe the processing talks to; the events come from a fake GET /v1/events that counts what it hands out.
 */
const NOW = Date.parse('2030-03-10T12:00:00Z') / 1000;
const BACKLOG = 10_000;
const CROWDED = 3_000;
const POISON_INDEX = 5_000;
const POISON_ID = `evt_backlog_${String(POISON_INDEX).padStart(5, '0')}`;

function event(index: number, created: number): Stripe.Event {
  const poison = index === POISON_INDEX;
  return {
    id: `evt_backlog_${String(index).padStart(5, '0')}`,
    object: 'event',
    type: poison ? 'checkout.session.completed' : 'customer.created',
    created,
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    data: {
      object: poison
        ? { id: 'cs_test_poison_never_existed', object: 'checkout.session', status: 'complete', payment_status: 'paid' }
        : { id: `cus_${index}`, object: 'customer' },
    },
  } as unknown as Stripe.Event;
}

/** GET /v1/events over a fixed list: newest first, `created` filters, `starting_after`, `has_more`. */
class FakeEventSource {
  readonly events: Stripe.Event[];
  listCalls = 0;
  largestLimit = 0;
  constructor(events: Stripe.Event[]) {
    this.events = [...events].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
  }

  list = async (params: EventListParams): Promise<EventPage> => {
    this.listCalls++;
    this.largestLimit = Math.max(this.largestLimit, params.limit);
    let matching = this.events.filter((item) => item.created >= params.created.gte && item.created < params.created.lt);
    if (params.starting_after) matching = matching.slice(matching.findIndex((item) => item.id === params.starting_after) + 1);
    const data = matching.slice(0, params.limit);
    return { data, has_more: matching.length > data.length };
  };
}

/** The real store, watched: which events it has settled (applied or recorded failed) and every cursor saved. */
function watched(store: OrderStoreBackend) {
  const settled = new Set<string>();
  const cursors: number[] = [];
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const result = await (value as (...callArgs: unknown[]) => Promise<unknown>).apply(target, args);
        if (property === 'applyEvent' || property === 'recordEventFailure') settled.add((args[0] as { id: string }).id);
        if (property === 'setCursor') cursors.push(args[1] as number);
        return result;
      };
    },
  });
  return { store: proxy, settled, cursors };
}

let shop: TestShop;
const clock: Clock = { now: () => new Date(NOW * 1000) };

beforeAll(async () => {
  shop = await startTestShop();
});
afterAll(async () => {
  await shop?.close();
});

function depsWith(store: OrderStoreBackend, source: FakeEventSource): ReconcileDeps {
  return { ...shop.webhookDeps, store, clock, listEvents: source.list };
}

describe('reconcile through a hostile backlog', () => {
  it('gets through 10,000 events a page at a time, saving its cursor per window, and parks the poison event', async () => {
    const base = NOW - 2 * 24 * 60 * 60;
    const events = Array.from({ length: BACKLOG }, (_, index) => event(index, index < CROWDED ? base : base + 1 + Math.floor(index / 7)));
    const source = new FakeEventSource(events);
    const store = SqliteOrderStore.open(':memory:');
    const watch = watched(store);
    // Between two list calls reconcile settles at most one page: it works from the last page alone.
    let mostSettledPerPage = 0;
    let settledAtLastCall = 0;
    const notePage = () => {
      mostSettledPerPage = Math.max(mostSettledPerPage, watch.settled.size - settledAtLastCall);
      settledAtLastCall = watch.settled.size;
    };
    const deps = depsWith(watch.store, source);
    deps.listEvents = async (params) => {
      notePage();
      return source.list(params);
    };

    const report = await reconcile(deps);
    notePage();

    expect(report.listed).toBe(BACKLOG);
    expect(report.recovered).toBe(BACKLOG - 1);
    expect(report.failed).toBe(1);
    expect(report.parked).toEqual([POISON_ID]);
    expect(report.stopped).toBeNull();
    expect(report.cursor).toBe(NOW);
    expect(await store.getCursor(RECONCILE_CURSOR)).toBe(NOW);

    // Bounded memory: never more than a page requested, or held unprocessed when asking for the next.
    expect(source.largestLimit).toBe(RECONCILE_PAGE_SIZE);
    expect(mostSettledPerPage).toBeLessThanOrEqual(RECONCILE_PAGE_SIZE);
    expect(mostSettledPerPage).toBeGreaterThan(0);
    // The cursor is saved window by window, never backwards.
    expect(watch.cursors.length).toBeGreaterThan(20);
    expect([...watch.cursors].sort((a, b) => a - b)).toEqual(watch.cursors);
    // Paging costs list calls close to one per page, not one per event.
    expect(source.listCalls).toBeLessThan(BACKLOG / 20);

    const poison = await store.getEvent(POISON_ID);
    expect(poison).toMatchObject({ status: 'failed', lastError: expect.stringContaining('parked by reconcile') });
    expect((await store.getEvent('evt_backlog_09999'))?.status).toBe('ignored');

    // The next run passes the parked event and everything else as already handled.
    const again = await reconcile(depsWith(store, source));
    expect(again.failed).toBe(0);
    expect(again.recovered).toBe(0);
    await store.close();
  });

  it('stops on a streak of failures (an outage, not poison) and keeps its cursor; the next run recovers', async () => {
    const base = NOW - 60 * 60;
    const events = Array.from({ length: 30 }, (_, index) => event(index + 20_000, base + index));
    const source = new FakeEventSource(events);
    const store = SqliteOrderStore.open(':memory:');
    await store.setCursor(RECONCILE_CURSOR, base - 120);
    const down = withInjectedFailures(store, (method) => method === 'applyEvent');

    const report = await reconcile(depsWith(down, source));
    expect(report.stopped).toMatch(/in a row failed/);
    expect(report.recovered).toBe(0);
    expect(await store.getCursor(RECONCILE_CURSOR)).toBe(base - 120);

    const recovered = await reconcile(depsWith(store, source));
    expect(recovered.stopped).toBeNull();
    expect(recovered.recovered).toBe(30);
    expect(recovered.failed).toBe(0);
    expect(await store.getCursor(RECONCILE_CURSOR)).toBe(NOW);
    await store.close();
  });

  it('an empty month costs a handful of list calls', async () => {
    const source = new FakeEventSource([]);
    const store = SqliteOrderStore.open(':memory:');
    const report = await reconcile(depsWith(store, source));
    expect(report.listed).toBe(0);
    expect(source.listCalls).toBeLessThan(20);
    expect(await store.getCursor(RECONCILE_CURSOR)).toBe(NOW);
    await store.close();
  });
});
