import { describe, expect, it } from 'vitest';
import type { SignedInUser } from '@/lib/domain/auth/signed-in-user';
import { applyFact } from '@/lib/domain/orders/order-state';
import { claimEarlierOrders, getCustomerOrder, isOwnedBy, listCustomerOrders, STATUS_LABELS } from '@/lib/domain/orders/customer-orders';
import type { Order } from '@/lib/domain/orders/order';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { countingStore } from '../support/counting-store';
import { completedPaid, sessionSnapshot } from '../support/order-facts';

const ada = (emailVerified: boolean): SignedInUser => ({ sub: 's1', username: 's1', email: 'ADA@example.com', emailVerified, owner: 's1::s1' });

async function storeWithUnownedOrder() {
  const store = SqliteOrderStore.open(':memory:');
  await store.applyEvent(
    { id: 'evt_1', type: 'checkout.session.completed', objectId: 'cs_test_order1', apiVersion: null, created: 1, receivedAt: 'now' },
    { orderId: 'cs_test_order1', apply: (current) => applyFact(current, completedPaid, { eventId: 'evt_1', created: 1 }) },
    'now',
  );
  return store;
}

describe("a customer's orders", () => {
  it('claims unowned orders paid with the email at sign-in, only when the email is verified', async () => {
    const store = await storeWithUnownedOrder();
    expect(await claimEarlierOrders(store, ada(false))).toBe(0);
    expect((await store.getOrder('cs_test_order1'))?.owner).toBeNull();
    expect(await claimEarlierOrders(store, ada(true))).toBe(1);
    expect((await listCustomerOrders(store, ada(true))).map((order) => order.id)).toEqual(['cs_test_order1']);
  });

  it('only reads when listing: an unclaimed order stays unowned and unlisted', async () => {
    const sqlite = await storeWithUnownedOrder();
    const counted = countingStore(sqlite);
    expect(await listCustomerOrders(counted.store, ada(true))).toEqual([]);
    expect(counted.writes()).toBe(0);
    expect((await sqlite.getOrder('cs_test_order1'))?.owner).toBeNull();
  });

  it("treats someone else's order, an unknown id and a malformed id alike", async () => {
    const store = await storeWithUnownedOrder();
    await store.assignOwner('cs_test_order1', 'other::other');
    expect(await getCustomerOrder(store, ada(true), 'cs_test_order1')).toBeNull();
    expect(await getCustomerOrder(store, ada(true), 'cs_test_unknown')).toBeNull();
    expect(await getCustomerOrder(store, ada(true), '../etc/passwd')).toBeNull();
    expect(await getCustomerOrder(store, { ...ada(true), owner: 'other::other' }, 'cs_test_order1')).not.toBeNull();
  });

  it('lists only the customer’s own orders, newest session first', async () => {
    const store = await storeWithUnownedOrder();
    for (const [id, created] of [['cs_test_old', 1_800_000_000], ['cs_test_new', 2_000_000_000]] as const) {
      const fact = { ...completedPaid, session: sessionSnapshot({ sessionId: id, sessionCreated: created }) };
      await store.applyEvent(
        { id: `evt_${id}`, type: 'checkout.session.completed', objectId: id, apiVersion: null, created: 2, receivedAt: 'now' },
        { orderId: id, apply: (current) => applyFact(current, fact, { eventId: `evt_${id}`, created: 2 }) },
        'now',
      );
    }
    await store.assignOwner('cs_test_old', 'other::other');
    // cs_test_order1 (created 1_900_000_000) and cs_test_new are claimed by email; cs_test_old belongs to someone else.
    await claimEarlierOrders(store, ada(true));
    expect((await listCustomerOrders(store, ada(true))).map((order) => order.id)).toEqual(['cs_test_new', 'cs_test_order1']);
  });

  it('labels every status in words a customer reads: its name in sentence case', () => {
    const statuses = ['pending', 'awaiting_payment', 'paid', 'payment_failed', 'expired', 'partially_refunded', 'refunded'] as const;
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...statuses].sort());
    for (const status of statuses) {
      const words = status.replaceAll('_', ' ');
      expect(STATUS_LABELS[status]).toBe(words[0]!.toUpperCase() + words.slice(1));
    }
  });

  it('recognises the owner as stored and as Amplify reads it back (the username after "::"), nobody else', () => {
    const owner = 'sub-1::ada';
    const cases: [string | null, boolean][] = [
      ['sub-1::ada', true], // as stored
      ['ada', true], // as Amplify's owner field resolver returns it
      [null, false],
      ['', false],
      ['sub-2::ada', false], // a full owner must match in full
      ['sub-1', false], // the sub alone is not the username
      ['grace', false],
      ['sub-1::grace', false],
    ];
    expect(cases.map(([stored]) => isOwnedBy({ owner: stored }, owner))).toEqual(cases.map(([, owned]) => owned));
  });

  it('does not look up an id that is not a Checkout Session id, whatever the store holds', async () => {
    const order = { id: 'anything', owner: 's1::s1' } as Order;
    const store = { getOrder: async () => order } as unknown as OrderStoreBackend;
    expect(await getCustomerOrder(store, ada(true), 'cs_test_order1')).toBe(order);
    expect(await getCustomerOrder(store, ada(true), 'pi_123')).toBeNull();
  });
});
