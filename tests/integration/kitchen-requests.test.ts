import { beforeEach, describe, expect, it } from 'vitest';
import type { SignedInUser } from '@/lib/domain/auth/signed-in-user';
import { ManualClock } from '@/lib/domain/clock';
import { handleDeliveriesCsv } from '@/lib/http/kitchen/handle-deliveries-csv';
import { handleFulfilmentPost } from '@/lib/http/kitchen/handle-fulfilment-post';
import { handleJobRetry } from '@/lib/http/kitchen/handle-job-retry';
import type { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { paidFact } from '../support/kitchen-orders';
import { storeWithFacts } from '../support/order-facts';

const SITE = 'http://shop.test';
const chef: SignedInUser = { sub: 's1', username: 'u1', email: 'chef@example.com', emailVerified: true, owner: 's1::u1', groups: ['ADMINS'] };
const customer: SignedInUser = { sub: 's2', username: 'u2', email: 'ada@example.com', emailVerified: true, owner: 's2::u2' };

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = { 'Sec-Fetch-Site': 'same-origin' }): Request {
  return new Request(`${SITE}${path}`, { method: 'POST', body: new URLSearchParams(fields), headers });
}

describe('the kitchen’s staff requests', () => {
  let store: SqliteOrderStore;
  let signedIn: SignedInUser | null;
  let refunds: number;
  let deps: Parameters<typeof handleFulfilmentPost>[0] & Parameters<typeof handleJobRetry>[0] & Parameters<typeof handleDeliveriesCsv>[0];

  beforeEach(async () => {
    store = await storeWithFacts([paidFact()]);
    signedIn = chef;
    refunds = 0;
    deps = {
      store,
      siteUrl: SITE,
      clock: new ManualClock('2030-01-15T09:00:00.000Z'),
      shopTimeZone: 'America/New_York',
      // The route's gate: the verified user, if staff.
      currentStaff: async () => (signedIn?.groups?.includes('ADMINS') ? signedIn : null),
      refundInFull: async () => void refunds++,
    };
  });

  const moveTo = (to: string, version: number) => handleFulfilmentPost(deps, post('/admin/orders/cs_test_order1/fulfilment', { to, version: String(version), returnTo: '/admin?view=today' }), 'cs_test_order1');

  it('lets staff move an order and sends them back to the page they came from', async () => {
    const response = await moveTo('preparing', 0);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${SITE}/admin?view=today`);
    expect((await store.getOrder('cs_test_order1'))?.fulfilment).toMatchObject({ status: 'preparing', version: 1, history: [{ by: 'chef@example.com' }] });
  });

  it('lets exactly one of two concurrent updates from the same version win; the other is a 409', async () => {
    const [a, b] = await Promise.all([moveTo('preparing', 0), moveTo('cancelled', 0)]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.text()).toContain('Someone else changed this order meanwhile');
    const order = await store.getOrder('cs_test_order1');
    expect(order?.fulfilment?.version).toBe(1);
    expect(order?.fulfilment?.history).toHaveLength(1);
  });

  it('refuses an illegal move with 422 and keeps the order as it was', async () => {
    await moveTo('preparing', 0);
    await moveTo('out_for_delivery', 1);
    await moveTo('delivered', 2);
    const response = await moveTo('preparing', 3);
    expect(response.status).toBe(422);
    expect((await store.getOrder('cs_test_order1'))?.fulfilment?.status).toBe('delivered');
  });

  it('answers a customer (and a signed-out visitor) 404 on every staff request, changing nothing', async () => {
    for (const who of [customer, null]) {
      signedIn = who;
      expect((await moveTo('preparing', 0)).status).toBe(404);
      expect((await handleJobRetry(deps, post('/admin/jobs/retry', { key: 'order-paid:cs_test_order1' }))).status).toBe(404);
      expect((await handleDeliveriesCsv(deps, new Request(`${SITE}/admin/deliveries.csv?date=2030-01-15`))).status).toBe(404);
    }
    expect((await store.getOrder('cs_test_order1'))?.fulfilment).toBeUndefined();
  });

  it('refuses a staff change posted from another site (403)', async () => {
    const response = await handleFulfilmentPost(deps, post('/admin/orders/cs_test_order1/fulfilment', { to: 'preparing', version: '0' }, { 'Sec-Fetch-Site': 'cross-site' }), 'cs_test_order1');
    expect(response.status).toBe(403);
    expect((await store.getOrder('cs_test_order1'))?.fulfilment).toBeUndefined();
  });

  it('answers 404 for an unknown order and 400 for a status it does not know', async () => {
    expect((await handleFulfilmentPost(deps, post('/admin/orders/cs_test_nope/fulfilment', { to: 'preparing', version: '0' }), 'cs_test_nope')).status).toBe(404);
    expect((await moveTo('burnt', 0)).status).toBe(400);
  });

  it('puts a parked job back in the queue, once', async () => {
    await store.applyEvent({ id: 'evt_job', type: 't', objectId: null, apiVersion: null, created: 1, receivedAt: 'now' }, null, 'now', [{ key: 'k1', kind: 'order-receipt', payload: { orderId: 'cs_test_order1' } }]);
    const claimed = await store.claimFollowUp('k1', '2030-01-15T09:00:00.000Z', '2030-01-15T09:01:00.000Z', 't1');
    expect(claimed).not.toBeNull();
    await store.parkFollowUp('k1', 't1', 'SES said no', '2030-01-15T09:00:30.000Z');
    const retried = await handleJobRetry(deps, post('/admin/jobs/retry', { key: 'k1' }));
    expect(retried.status).toBe(303);
    expect(retried.headers.get('location')).toBe(`${SITE}/admin/jobs`);
    expect(await store.getFollowUp('k1')).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await handleJobRetry(deps, post('/admin/jobs/retry', { key: 'k1' }))).status).toBe(409);
  });

  it('exports a day’s deliveries as a CSV download, and refuses a malformed date', async () => {
    const response = await handleDeliveriesCsv(deps, new Request(`${SITE}/admin/deliveries.csv?date=2030-01-15`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="deliveries-2030-01-15.csv"');
    expect((await response.text()).split('\r\n')[1]).toContain('ada@example.com');
    expect((await handleDeliveriesCsv(deps, new Request(`${SITE}/admin/deliveries.csv?date=tomorrow`))).status).toBe(400);
  });
});
