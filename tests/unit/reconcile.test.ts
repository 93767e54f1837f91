import type Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { RECONCILE_CURSOR, RECONCILE_PAGE_SIZE, reconcile } from '@/lib/services/reconcile/reconcile';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { createStripeClient } from '@/lib/adapters/stripe/stripe-client';
import { processEvent } from '@/lib/services/webhooks/process-event';
import { serveFetchHandler, type TestServer } from '../support/http-adapter';
import { MemoryAccounts } from '../support/memory-accounts';
import { inspectableSqliteStore } from '../support/store-inspection';
import { fakeStripe, grazingBoard, sessionEvent, stripeEvent } from '../support/stripe-events';

const NOW = new Date('2030-06-01T00:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const DAY = 24 * 60 * 60;

function depsFor(stripe: Stripe, store = SqliteOrderStore.open(':memory:')) {
  return { stripe, store, clock: { now: () => NOW }, logger: silentLogger, accounts: new MemoryAccounts(), mailer: LocalMailbox.open(':memory:'), siteUrl: 'http://shop.test', random: () => 0 };
}

/** An event the shop records without asking Stripe anything. */
const ignored = (id: string, created: number) => stripeEvent('customer.created', { id: `cus_${id}` }, { id, created });

/** A paid session whose line items Stripe refuses (400): its processing fails and is recorded as failed. */
function failing(id: string, created: number, sessionId: string) {
  return sessionEvent('checkout.session.completed', { id: sessionId }, id, created);
}

/** Every GET /v1/events call the fake Stripe answered, parsed back. */
function listCalls(calls: string[]) {
  return calls.filter((call) => call.startsWith('events.list ')).map((call) => JSON.parse(call.slice('events.list '.length)) as { created: { gte: number; lt: number }; limit: number; starting_after?: string });
}

describe('reconcile (fake Stripe)', () => {
  it('first run looks back 30 days (and a minute), records missed events and walks the cursor up to now', async () => {
    const events = [ignored('evt_b', NOW_S - 50), ignored('evt_a', NOW_S - 100), sessionEvent('checkout.session.completed', {}, 'evt_paid', NOW_S - 70)];
    const { stripe, calls } = fakeStripe({ events, lineItems: [grazingBoard] });
    const deps = depsFor(stripe);
    const lines: string[] = [];
    const report = await reconcile(deps, (line) => lines.push(line));
    const from = NOW_S - 30 * DAY - 60;
    const lists = listCalls(calls);
    expect(lists[0]).toEqual({ created: { gte: from, lt: from + 3600 }, limit: RECONCILE_PAGE_SIZE });
    // Consecutive windows, no gap and no overlap, from `from` up to and including now.
    for (const [index, call] of lists.entries()) expect(call.created.gte).toBe(index === 0 ? from : lists[index - 1]!.created.lt);
    expect(lists.at(-1)!.created.lt).toBe(NOW_S + 1);
    // The paid session's follow-ups (account, receipt) run in the final sweep, not in the event's processing.
    expect(report).toEqual({ from, listed: 3, alreadyRecorded: 0, recovered: 3, failed: 0, parked: [], stopped: null, pages: lists.length, followUpsDone: 2, followUpsFailed: 0, cursor: NOW_S });
    expect(await deps.store.getCursor(RECONCILE_CURSOR)).toBe(NOW_S);
    expect((await deps.store.getOrder('cs_test_abc'))?.status).toBe('paid');
    expect(deps.accounts.created).toBe(1);
    expect((await deps.mailer.list()).map((message) => message.key)).toEqual(['receipt:cs_test_abc']);
    expect(lines).toHaveLength(lists.length);
    expect(lines.at(-1)).toBe(`  up to ${new Date((NOW_S + 1) * 1000).toISOString()}: 3 listed, 3 recovered, 0 parked`);

    // A second run re-reads from a minute before the cursor and finds what it lists already recorded.
    const again = await reconcile(deps);
    expect(again).toMatchObject({ from: NOW_S - 60, listed: 1, alreadyRecorded: 1, recovered: 0, failed: 0, cursor: NOW_S });
    expect(deps.accounts.created).toBe(1);
  });

  it('parks an event that fails every try and moves the cursor past it; a redelivery heals it later', async () => {
    const events = [ignored('evt_1', NOW_S - 300), failing('evt_2', NOW_S - 200, 'cs_test_broken'), ignored('evt_3', NOW_S - 100)];
    const broken = fakeStripe({ events });
    const deps = depsFor({ ...broken.stripe, checkout: { sessions: { listLineItems: () => { throw new Error('Stripe 500'); } } } } as unknown as Stripe);
    await deps.store.setCursor(RECONCILE_CURSOR, NOW_S - 400);
    const report = await reconcile(deps);
    expect(report).toMatchObject({ listed: 3, recovered: 2, failed: 1, parked: ['evt_2'], stopped: null, cursor: NOW_S });
    expect(await deps.store.getCursor(RECONCILE_CURSOR)).toBe(NOW_S);
    const parked = await deps.store.getEvent('evt_2');
    expect(parked?.status).toBe('failed');
    expect(parked?.lastError).toBe('parked by reconcile: Stripe 500');
    expect((await deps.store.getEvent('evt_3'))?.status).toBe('ignored'); // Later events are still recorded.

    // The cursor has passed it, so the next run does not list it again; Stripe's own redelivery applies it.
    const healed = depsFor(fakeStripe({ events, lineItems: [grazingBoard] }).stripe, deps.store);
    expect(await reconcile(healed)).toMatchObject({ from: NOW_S - 60, listed: 0, failed: 0, cursor: NOW_S });
    expect(await processEvent(healed, events[1]!)).toBe('applied');
    expect((await deps.store.getOrder('cs_test_broken'))?.status).toBe('paid');
  });

  it('stops on a streak of failures (an outage, not poison) and keeps the cursor before that window', async () => {
    const events = Array.from({ length: 6 }, (_, index) => failing(`evt_down_${index}`, NOW_S - 300 + index, `cs_test_down_${index}`));
    const down = fakeStripe({ events });
    const deps = depsFor({ ...down.stripe, checkout: { sessions: { listLineItems: () => { throw new Error('Stripe 503'); } } } } as unknown as Stripe);
    await deps.store.setCursor(RECONCILE_CURSOR, NOW_S - 400);
    const report = await reconcile(deps);
    expect(report.stopped).toContain('5 events in a row failed (last: Stripe 503)');
    expect(report.cursor).toBe(NOW_S - 400);
    expect(await deps.store.getCursor(RECONCILE_CURSOR)).toBe(NOW_S - 400);
    expect(await deps.store.getEvent('evt_down_5')).toBeNull(); // Never reached: the run stopped first.

    // Stripe is back: the next run re-reads the same window and applies every one of them.
    const healed = depsFor(fakeStripe({ events, lineItems: [grazingBoard] }).stripe, deps.store);
    const retry = await reconcile(healed);
    expect(retry).toMatchObject({ from: NOW_S - 460, listed: 6, failed: 0, stopped: null, cursor: NOW_S });
    for (const index of events.keys()) expect((await deps.store.getOrder(`cs_test_down_${index}`))?.status).toBe('paid');
  });

  it('known poison does not look like an outage: events parked in an earlier run that fail again do not count toward the streak', async () => {
    const poison = Array.from({ length: 4 }, (_, index) => failing(`evt_poison_${index}`, NOW_S - 300 + index, `cs_test_poison_${index}`));
    const brokenDeps = (events: Stripe.Event[], store?: SqliteOrderStore) =>
      depsFor({ ...fakeStripe({ events }).stripe, checkout: { sessions: { listLineItems: () => { throw new Error('Stripe 400'); } } } } as unknown as Stripe, store);
    const first = brokenDeps([ignored('evt_ok', NOW_S - 301), ...poison]);
    await first.store.setCursor(RECONCILE_CURSOR, NOW_S - 400);
    expect(await reconcile(first)).toMatchObject({ failed: 4, stopped: null });

    // Read again (say the cursor was reset): four known poison events, then a fifth failure in a row.
    await first.store.setCursor(RECONCILE_CURSOR, NOW_S - 400);
    const fresh = failing('evt_new_failure', NOW_S - 200, 'cs_test_new_failure');
    const again = await reconcile(brokenDeps([ignored('evt_ok', NOW_S - 301), ...poison, fresh], first.store));
    expect(again).toMatchObject({ failed: 5, stopped: null, cursor: NOW_S });
    expect(again.parked).toEqual([...poison.map((event) => event.id), 'evt_new_failure']);
  });

  it('tries an event three times within a run before parking it', async () => {
    const flaky = (failures: number) => {
      let left = failures;
      const { stripe } = fakeStripe({ events: [failing('evt_flaky', NOW_S - 200, 'cs_test_flaky')], lineItems: [grazingBoard] });
      const listLineItems = stripe.checkout.sessions.listLineItems.bind(stripe.checkout.sessions);
      return depsFor({ ...stripe, checkout: { sessions: { listLineItems: (...args: Parameters<typeof listLineItems>) => {
        if (left-- > 0) throw new Error('Stripe 500');
        return listLineItems(...args);
      } } } } as unknown as Stripe);
    };
    const recovered = flaky(2);
    await recovered.store.setCursor(RECONCILE_CURSOR, NOW_S - 400);
    expect(await reconcile(recovered)).toMatchObject({ recovered: 1, failed: 0 });
    const parked = flaky(3);
    await parked.store.setCursor(RECONCILE_CURSOR, NOW_S - 400);
    expect(await reconcile(parked)).toMatchObject({ recovered: 0, failed: 1, parked: ['evt_flaky'] });
  });

  it('keeps its cursor under a stable name (existing stores hold it there)', () => {
    expect(RECONCILE_CURSOR).toBe('reconcile');
  });

  it('walks the cursor up to now when Stripe lists nothing new, and never moves it back', async () => {
    const deps = depsFor(fakeStripe({ events: [] }).stripe);
    await deps.store.setCursor(RECONCILE_CURSOR, NOW_S - 10);
    expect((await reconcile(deps)).cursor).toBe(NOW_S);
    expect(await deps.store.getCursor(RECONCILE_CURSOR)).toBe(NOW_S);
    await deps.store.setCursor(RECONCILE_CURSOR, NOW_S + 30); // Saved by a host whose clock ran ahead.
    expect((await reconcile(deps)).cursor).toBe(NOW_S + 30);
    expect(await deps.store.getCursor(RECONCILE_CURSOR)).toBe(NOW_S + 30);
  });

  it('finishes follow-up work left pending by earlier deliveries', async () => {
    const { stripe } = fakeStripe({ events: [], lineItems: [grazingBoard] });
    const deps = depsFor(stripe);
    // The webhook committed the jobs, but no worker ran them (the process stopped).
    expect(await processEvent(deps, sessionEvent('checkout.session.completed', {}, 'evt_pending'))).toBe('applied');
    expect(deps.accounts.created).toBe(0);
    const report = await reconcile(deps);
    expect(report).toMatchObject({ followUpsDone: 2, followUpsFailed: 0 });
    expect(deps.accounts.created).toBe(1);
    expect((await deps.mailer.list()).map((message) => message.key)).toEqual(['receipt:cs_test_abc']);
    expect(await deps.store.listPendingFollowUps(NOW.toISOString(), 10)).toEqual([]);
  });

  it('holds at most one page: a crowded window is narrowed, every event listed once, progress after each window', async () => {
    const events = Array.from({ length: 120 }, (_, index) => ignored(`evt_${String(index).padStart(3, '0')}`, NOW_S - 1000 + index));
    const { stripe, calls } = fakeStripe({ events });
    const sqlite = inspectableSqliteStore();
    const deps = depsFor(stripe, sqlite.store);
    await deps.store.setCursor(RECONCILE_CURSOR, NOW_S - 2000);
    const lines: string[] = [];
    const report = await reconcile(deps, (line) => lines.push(line));
    expect(report).toMatchObject({ listed: 120, recovered: 120, alreadyRecorded: 0, failed: 0, cursor: NOW_S });
    expect(listCalls(calls).every((call) => call.limit === RECONCILE_PAGE_SIZE)).toBe(true);
    expect(await sqlite.inspect.events()).toHaveLength(120);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toBe(`  up to ${new Date((NOW_S + 1) * 1000).toISOString()}: 120 listed, 120 recovered, 0 parked`);
  });
});

describe('reconcile over several pages of GET /v1/events (real SDK, fake Stripe API)', () => {
  let api: TestServer | undefined;
  afterEach(async () => {
    await api?.close();
  });

  it('follows has_more through the pages of one crowded second, and parks the event that keeps failing', async () => {
    // Five events in one second: no narrower window exists, so reconcile pages through it with starting_after.
    const SECOND = NOW_S - 300;
    const all = [
      ignored('evt_p1', SECOND),
      ignored('evt_p2', SECOND),
      failing('evt_p3', SECOND, 'cs_test_refused'),
      ignored('evt_p4', SECOND),
      ignored('evt_p5', SECOND),
    ];
    const newestFirst = [...all].reverse();
    const requests: string[] = [];
    api = await serveFetchHandler(async (request) => {
      const url = new URL(request.url);
      requests.push(`${request.method} ${url.pathname}${url.search ? `?${decodeURIComponent(url.search.slice(1))}` : ''}`);
      if (url.pathname === '/v1/events') {
        const gte = Number(url.searchParams.get('created[gte]'));
        const lt = Number(url.searchParams.get('created[lt]'));
        const matching = newestFirst.filter((event) => event.created >= gte && event.created < lt);
        const after = url.searchParams.get('starting_after');
        const start = after ? matching.findIndex((event) => event.id === after) + 1 : 0;
        const page = matching.slice(start, start + 2); // Two per page, whatever the limit asks.
        return Response.json({ object: 'list', url: '/v1/events', data: page, has_more: start + 2 < matching.length });
      }
      return Response.json({ error: { type: 'invalid_request_error', message: 'line items refused' } }, { status: 400 });
    });
    const port = Number(new URL(api.url).port);
    const stripe = createStripeClient({ kind: 'local', secretKey: 'sk_test_reconcile_pages', host: '127.0.0.1', port, protocol: 'http', apiBase: api.url });
    const sqlite = inspectableSqliteStore();
    const deps = depsFor(stripe, sqlite.store);
    await deps.store.setCursor(RECONCILE_CURSOR, NOW_S - 1000);

    const report = await reconcile(deps);
    const listCalls = requests.filter((line) => line.startsWith('GET /v1/events'));
    expect(listCalls.every((line) => line.includes(`limit=${RECONCILE_PAGE_SIZE}`))).toBe(true);
    const paged = listCalls.filter((line) => line.includes('starting_after='));
    expect(paged).toHaveLength(2);
    expect(paged[0]).toContain('starting_after=evt_p4');
    expect(paged[1]).toContain('starting_after=evt_p2');
    // The pages are read within the one-second window of the crowded second.
    for (const line of paged) expect(line).toContain(`created[gte]=${SECOND}&created[lt]=${SECOND + 1}`);
    expect(report).toMatchObject({ listed: 5, recovered: 4, failed: 1, parked: ['evt_p3'], stopped: null, cursor: NOW_S });
    expect((await sqlite.inspect.events()).map((event) => [event.id, event.status])).toEqual([
      ['evt_p1', 'ignored'],
      ['evt_p2', 'ignored'],
      ['evt_p3', 'failed'],
      ['evt_p4', 'ignored'],
      ['evt_p5', 'ignored'],
    ]);
  });
});

describe('reconcile close to now', () => {
  it('a run soon after the last one reads up to and including the current second', async () => {
    const events = [ignored('evt_now', NOW_S), ignored('evt_just_before', NOW_S - 1)];
    const { stripe, calls } = fakeStripe({ events });
    const deps = depsFor(stripe);
    await deps.store.setCursor(RECONCILE_CURSOR, NOW_S - 10);
    const report = await reconcile(deps);
    expect(listCalls(calls)[0]).toEqual({ created: { gte: NOW_S - 70, lt: NOW_S + 1 }, limit: RECONCILE_PAGE_SIZE });
    expect(report).toMatchObject({ from: NOW_S - 70, listed: 2, recovered: 2, cursor: NOW_S });
  });
});
