import { describe, expect, it } from 'vitest';
import type { Schema } from '@/amplify/data/resource';
import { applyFact } from '@/lib/orders/order-state';
import type { EventRecord, OrderTransition } from '@/lib/orders/order-store';
import { AmplifyOrderStore } from '@/lib/store/amplify/amplify-order-store';
import { linkOrdersOnConfirmation } from '@/lib/store/amplify/link-orders-on-confirmation';
import { describeOrderStoreContract } from '../contracts/order-store.contract';
import { AppSyncDouble } from '../support/appsync-double';
import { completedPaid, sessionSnapshot } from '../support/order-facts';

describeOrderStoreContract('Amplify Data (AppSync double)', async () => new AmplifyOrderStore(new AppSyncDouble({ maxPageSize: 2 }).asIam()));

const event = (id: string, objectId: string): EventRecord => ({
  id,
  type: 'checkout.session.completed',
  objectId,
  apiVersion: '2026-10-28.endive',
  created: 100,
  receivedAt: '2030-01-01T00:00:00.000Z',
});

function paidOrder(sessionId: string, email: string, sessionCreated = 1_900_000_000): OrderTransition {
  const fact = { ...completedPaid, session: sessionSnapshot({ sessionId, sessionCreated, customer: { email, name: 'Ada Lovelace' } }) };
  return { orderId: sessionId, apply: (current) => applyFact(current, fact, { eventId: `evt_${sessionId}`, created: 100 }) };
}

async function placeOrder(store: AmplifyOrderStore, sessionId: string, email: string, sessionCreated?: number): Promise<void> {
  await store.applyEvent(event(`evt_${sessionId}`, sessionId), paidOrder(sessionId, email, sessionCreated), '2030-01-01T00:00:01.000Z');
}

const ADA = { sub: 'sub-a', username: 'ada@example.com' };
const MALLORY = { sub: 'sub-m', username: 'mallory@example.com' };
const ownerOf = (user: { sub: string; username: string }) => `${user.sub}::${user.username}`;

describe('Amplify order store: what the contract does not cover', () => {
  it('lets a signed-in customer read only their own orders', async () => {
    const appsync = new AppSyncDouble();
    const server = new AmplifyOrderStore(appsync.asIam());
    await placeOrder(server, 'cs_test_ada', 'ada@example.com');
    await placeOrder(server, 'cs_test_mallory', 'mallory@example.com');
    await server.assignOwner('cs_test_ada', ownerOf(ADA));
    await server.assignOwner('cs_test_mallory', ownerOf(MALLORY));

    const asMallory = new AmplifyOrderStore(appsync.asUser(MALLORY));
    expect((await asMallory.listOrders()).map((order) => order.id)).toEqual(['cs_test_mallory']);
    await expect(asMallory.getOrder('cs_test_ada')).rejects.toThrow(/Unauthorized/);
    expect((await asMallory.getOrder('cs_test_mallory'))?.owner).toBe(ownerOf(MALLORY));
  });

  it('refuses every write and every event or job read from a signed-in customer', async () => {
    const appsync = new AppSyncDouble();
    await placeOrder(new AmplifyOrderStore(appsync.asIam()), 'cs_test_ada', 'ada@example.com');
    const asAda = new AmplifyOrderStore(appsync.asUser(ADA));
    await expect(asAda.assignOwner('cs_test_ada', ownerOf(ADA))).rejects.toThrow(/Unauthorized/);
    await expect(asAda.getEvent('evt_cs_test_ada')).rejects.toThrow(/Unauthorized/);
    await expect(asAda.listPendingFollowUps('2030-01-01T00:00:00.000Z', 10)).rejects.toThrow(/Unauthorized/);
  });

  it('follows nextToken to the end and lists an owner’s orders newest first', async () => {
    const appsync = new AppSyncDouble({ maxPageSize: 2 });
    const store = new AmplifyOrderStore(appsync.asIam());
    for (const [index, id] of ['cs_1', 'cs_2', 'cs_3', 'cs_4', 'cs_5'].entries()) {
      await placeOrder(store, id, 'ada@example.com', 1_900_000_000 + index);
    }
    expect(await store.claimOrdersByEmail('Ada@Example.com', ownerOf(ADA))).toBe(5);
    appsync.calls.length = 0;
    const mine = await store.listOrdersByOwner(ownerOf(ADA));
    expect(mine.map((order) => order.id)).toEqual(['cs_5', 'cs_4', 'cs_3', 'cs_2', 'cs_1']);
    expect(appsync.calls.filter((call) => call === 'listOrderByOwner').length).toBe(3);
    expect(await store.listOrders()).toHaveLength(5);
  });

  it('finds pending follow-ups behind short, filtered pages', async () => {
    const store = new AmplifyOrderStore(new AppSyncDouble({ maxPageSize: 2 }).asIam());
    const jobs = ['job-a', 'job-b', 'job-c', 'job-d'].map((key) => ({ key, kind: 'order-paid', payload: { key } }));
    await store.applyEvent(event('evt_1', 'cs_1'), paidOrder('cs_1', 'ada@example.com'), '2030-01-01T00:00:00.000Z', jobs);
    const t0 = '2030-01-01T00:01:00.000Z';
    await store.claimFollowUp('job-a', t0, '2030-01-01T00:05:00.000Z', 'token-a');
    await store.claimFollowUp('job-b', t0, '2030-01-01T00:05:00.000Z', 'token-b');
    // The first page holds only held jobs: the filter empties it, and the store must read on.
    expect((await store.listPendingFollowUps(t0, 1)).map((job) => job.key)).toEqual(['job-c']);
    expect((await store.listPendingFollowUps(t0, 10)).map((job) => job.key)).toEqual(['job-c', 'job-d']);
  });

  it('keeps event records for about 90 days (TTL) and hides an in-flight claim', async () => {
    const appsync = new AppSyncDouble();
    const store = new AmplifyOrderStore(appsync.asIam());
    await placeOrder(store, 'cs_1', 'ada@example.com');
    const expiresAt = appsync.item('StripeEvent', 'evt_cs_1')?.['expiresAt'];
    expect(expiresAt).toBe(Date.parse('2030-01-01T00:00:00.000Z') / 1000 + 90 * 86_400);

    // A delivery that died mid-way leaves a claim: invisible, and taken over once its lease runs out.
    let now = new Date('2030-01-01T00:00:00.000Z');
    const clocked = new AmplifyOrderStore(appsync.asIam(), { clock: () => now, eventLeaseMs: 60_000 });
    const crashing: OrderTransition = { orderId: 'cs_2', apply: () => { throw new Error('crash'); } };
    const dead = new AmplifyOrderStore(
      { request: async (request) => (/deleteStripeEvent/.test(request.query) ? { errors: [{ message: 'network down' }] } : appsync.asIam().request(request)) },
      { clock: () => now, eventLeaseMs: 60_000 },
    );
    await expect(dead.applyEvent(event('evt_2', 'cs_2'), crashing, 'now')).rejects.toThrow('crash');
    expect(appsync.item('StripeEvent', 'evt_2')?.['status']).toBe('processing');
    expect(await clocked.getEvent('evt_2')).toBeNull();
    expect(await clocked.applyEvent(event('evt_2', 'cs_2'), paidOrder('cs_2', 'ada@example.com'), 'later')).toBe('duplicate');
    now = new Date('2030-01-01T00:01:01.000Z');
    expect(await clocked.applyEvent(event('evt_2', 'cs_2'), paidOrder('cs_2', 'ada@example.com'), 'later')).toBe('applied');
    expect(await clocked.getEvent('evt_2')).toMatchObject({ status: 'processed', attempts: 1 });
  });

  it('throws on AppSync errors other than a failed condition', async () => {
    const store = new AmplifyOrderStore({ request: async () => ({ data: { getOrder: null }, errors: [{ errorType: 'DynamoDB:ProvisionedThroughputExceededException', message: 'slow down' }] }) });
    await expect(store.getOrder('cs_1')).rejects.toThrow(/ProvisionedThroughputExceeded/);
  });

  it('links earlier orders to a newly confirmed customer by verified email (post-confirmation)', async () => {
    const store = new AmplifyOrderStore(new AppSyncDouble().asIam());
    await placeOrder(store, 'cs_1', 'ada@example.com');
    const confirmed = { triggerSource: 'PostConfirmation_ConfirmSignUp', userName: ADA.username, userAttributes: { sub: ADA.sub, email: 'ADA@example.com', email_verified: 'true' } };
    expect(await linkOrdersOnConfirmation(store, { ...confirmed, userAttributes: { ...confirmed.userAttributes, email_verified: 'false' } })).toEqual({ skipped: 'email-not-verified' });
    expect(await linkOrdersOnConfirmation(store, { ...confirmed, triggerSource: 'PostConfirmation_ConfirmForgotPassword' })).toEqual({ skipped: 'not-sign-up' });
    expect(await linkOrdersOnConfirmation(store, confirmed)).toEqual({ linked: 1 });
    expect((await store.getOrder('cs_1'))?.owner).toBe(ownerOf(ADA));
  });

  it('uses the status values the data schema declares', () => {
    const status: Schema['Order']['type']['status'] = 'awaiting_payment';
    expect(status).toBe('awaiting_payment');
  });
});
