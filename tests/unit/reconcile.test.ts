import type Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/mail/local-mailbox';
import { RECONCILE_CURSOR, reconcile } from '@/lib/reconcile/reconcile';
import { SqliteOrderStore } from '@/lib/store/sqlite/sqlite-order-store';
import { createStripeClient } from '@/lib/stripe/stripe-client';
import { processEvent } from '@/lib/webhooks/process-event';
import { serveFetchHandler, type TestServer } from '../support/http-adapter';
import { MemoryAccounts } from '../support/memory-accounts';
import { fakeStripe, grazingBoard, sessionEvent, stripeEvent } from '../support/stripe-events';

const NOW = new Date('2030-06-01T00:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const DAY = 24 * 60 * 60;

function depsFor(stripe: Stripe, store = SqliteOrderStore.open(':memory:')) {
  return { stripe, store, clock: { now: () => NOW }, logger: silentLogger, accounts: new MemoryAccounts(), mailer: LocalMailbox.open(':memory:'), siteUrl: 'http://shop.test' };
}

/** An event the shop records without asking Stripe anything. */
const ignored = (id: string, created: number) => stripeEvent('customer.created', { id: `cus_${id}` }, { id, created });

/** A paid session whose line items Stripe refuses (400): its processing fails and is recorded as failed. */
function failing(id: string, created: number, sessionId: string) {
  return sessionEvent('checkout.session.completed', { id: sessionId }, id, created);
}

describe('reconcile (fake Stripe)', () => {
  it('first run looks back 30 days (and a minute), records missed events and moves the cursor to the newest', async () => {
    const events = [ignored('evt_b', NOW_S - 50), ignored('evt_a', NOW_S - 100), sessionEvent('checkout.session.completed', {}, 'evt_paid', NOW_S - 70)];
    const { stripe, calls } = fakeStripe({ events, lineItems: [grazingBoard] });
    const deps = depsFor(stripe);
    const lines: string[] = [];
    const report = await reconcile(deps, (line) => lines.push(line));
    const from = NOW_S - 30 * DAY - 60;
    expect(calls[0]).toBe(`events.list ${JSON.stringify({ created: { gte: from }, limit: 100 })}`);
    expect(report).toEqual({ from, listed: 3, alreadyRecorded: 0, recovered: 3, failed: 0, followUpsDone: 0, followUpsFailed: 0, cursor: NOW_S - 50 });
    expect(await deps.store.getCursor(RECONCILE_CURSOR)).toBe(NOW_S - 50);
    expect((await deps.store.getOrder('cs_test_abc'))?.status).toBe('paid');
    expect(deps.accounts.created).toBe(1);
    expect(lines).toEqual([`listed 3 events since ${new Date(from * 1000).toISOString()}`]);

    // A second run re-reads from a minute before the cursor and finds everything recorded.
    const again = await reconcile(deps);
    expect(again).toMatchObject({ from: NOW_S - 50 - 60, alreadyRecorded: 3, recovered: 0, cursor: NOW_S - 50 });
  });

  it('keeps the cursor before the first failed event, so the next run retries it', async () => {
    const events = [ignored('evt_1', NOW_S - 300), failing('evt_2', NOW_S - 200, 'cs_test_broken'), ignored('evt_3', NOW_S - 100)];
    const broken = fakeStripe({ events });
    const deps = depsFor({ ...broken.stripe, checkout: { sessions: { listLineItems: () => { throw new Error('Stripe 500'); } } } } as unknown as Stripe);
    await deps.store.setCursor(RECONCILE_CURSOR, NOW_S - 400);
    const report = await reconcile(deps);
    expect(report).toMatchObject({ listed: 3, recovered: 2, failed: 1, cursor: NOW_S - 201 });
    expect(await deps.store.getCursor(RECONCILE_CURSOR)).toBe(NOW_S - 201);
    expect((await deps.store.getEvent('evt_2'))?.status).toBe('failed');
    expect((await deps.store.getEvent('evt_3'))?.status).toBe('ignored'); // Later events are still recorded.

    const healed = depsFor(fakeStripe({ events, lineItems: [grazingBoard] }).stripe, deps.store);
    const retry = await reconcile(healed);
    expect(retry).toMatchObject({ from: NOW_S - 201 - 60, recovered: 1, alreadyRecorded: 2, failed: 0, cursor: NOW_S - 100 });
    expect((await deps.store.getOrder('cs_test_broken'))?.status).toBe('paid');
  });

  it('keeps its cursor under a stable name (existing stores hold it there)', () => {
    expect(RECONCILE_CURSOR).toBe('reconcile');
  });

  it('never moves the cursor back when Stripe lists nothing new', async () => {
    const deps = depsFor(fakeStripe({ events: [] }).stripe);
    await deps.store.setCursor(RECONCILE_CURSOR, NOW_S - 10);
    expect((await reconcile(deps)).cursor).toBe(NOW_S - 10);
    expect(await deps.store.getCursor(RECONCILE_CURSOR)).toBe(NOW_S - 10);
  });

  it('finishes follow-up work left pending by earlier deliveries', async () => {
    const { stripe } = fakeStripe({ events: [], lineItems: [grazingBoard] });
    const deps = depsFor(stripe);
    const flakyAccounts = { provision: () => Promise.reject(new Error('pool down')) };
    await expect(processEvent({ ...deps, accounts: flakyAccounts }, sessionEvent('checkout.session.completed', {}, 'evt_pending'))).rejects.toThrow('pool down');
    const report = await reconcile(deps);
    expect(report).toMatchObject({ followUpsDone: 1, followUpsFailed: 0 });
    expect(deps.accounts.created).toBe(1);
  });

  it('reports progress every 50 events', async () => {
    const events = Array.from({ length: 120 }, (_, index) => ignored(`evt_${String(index).padStart(3, '0')}`, NOW_S - 1000 + index));
    const lines: string[] = [];
    await reconcile(depsFor(fakeStripe({ events }).stripe), (line) => lines.push(line));
    expect(lines.slice(1)).toEqual(['  50/120 checked, 50 recovered', '  100/120 checked, 100 recovered']);
  });
});

describe('reconcile over several pages of GET /v1/events (real SDK, fake Stripe API)', () => {
  let api: TestServer | undefined;
  afterEach(async () => {
    await api?.close();
  });

  it('follows has_more through every page, and a failing event holds the cursor', async () => {
    const all = [
      ignored('evt_p1', NOW_S - 500),
      ignored('evt_p2', NOW_S - 400),
      failing('evt_p3', NOW_S - 300, 'cs_test_refused'),
      ignored('evt_p4', NOW_S - 200),
      ignored('evt_p5', NOW_S - 100),
    ];
    const newestFirst = [...all].reverse();
    const requests: string[] = [];
    api = await serveFetchHandler(async (request) => {
      const url = new URL(request.url);
      requests.push(`${request.method} ${url.pathname}${url.search ? `?${decodeURIComponent(url.search.slice(1))}` : ''}`);
      if (url.pathname === '/v1/events') {
        const after = url.searchParams.get('starting_after');
        const start = after ? newestFirst.findIndex((event) => event.id === after) + 1 : 0;
        const page = newestFirst.slice(start, start + 2); // Two per page, whatever the limit asks.
        return Response.json({ object: 'list', url: '/v1/events', data: page, has_more: start + 2 < newestFirst.length });
      }
      return Response.json({ error: { type: 'invalid_request_error', message: 'line items refused' } }, { status: 400 });
    });
    const port = Number(new URL(api.url).port);
    const stripe = createStripeClient({ kind: 'local', secretKey: 'sk_test_reconcile_pages', host: '127.0.0.1', port, protocol: 'http', apiBase: api.url });
    const deps = depsFor(stripe);
    await deps.store.setCursor(RECONCILE_CURSOR, NOW_S - 1000);

    const report = await reconcile(deps);
    const listCalls = requests.filter((line) => line.startsWith('GET /v1/events'));
    expect(listCalls).toHaveLength(3);
    expect(listCalls[1]).toContain('starting_after=evt_p4');
    expect(listCalls[2]).toContain('starting_after=evt_p2');
    expect(listCalls.every((line) => line.includes(`created[gte]=${NOW_S - 1060}`))).toBe(true);
    expect(report).toMatchObject({ listed: 5, recovered: 4, failed: 1, cursor: NOW_S - 301 });
    expect((await deps.store.listEvents()).map((event) => [event.id, event.status])).toEqual([
      ['evt_p1', 'ignored'],
      ['evt_p2', 'ignored'],
      ['evt_p3', 'failed'],
      ['evt_p4', 'ignored'],
      ['evt_p5', 'ignored'],
    ]);
  });
});
