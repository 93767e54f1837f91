import type { OrderItem } from '@/lib/domain/orders/order';
import { applyFact, type OrderFact, type SessionSnapshot } from '@/lib/domain/orders/order-state';
import type { FollowUpJob } from '@/lib/domain/followups/follow-up-queue';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';

export const sampleItems: OrderItem[] = [
  { priceId: 'price_a', productId: 'prod_a', name: 'Grand Grazing Board', quantity: 2, unitAmount: 28900, amountTotal: 57800 },
  { priceId: 'price_b', productId: 'prod_b', name: 'Petite Dessert Table', quantity: 1, unitAmount: 21000, amountTotal: 21000 },
];

export function sessionSnapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    sessionId: 'cs_test_order1',
    currency: 'usd',
    amountSubtotal: 78800,
    amountTotal: 78800,
    customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
    shipping: {
      name: 'Ada Lovelace',
      address: { line1: '1 Main St', line2: null, city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
    },
    deliveryDate: '2030-01-15',
    paymentIntentId: 'pi_1',
    sessionCreated: 1_900_000_000,
    items: sampleItems,
    ...overrides,
  };
}

export const completedPaid: OrderFact = { kind: 'checkout_completed', paid: true, session: sessionSnapshot() };
export const completedUnpaid: OrderFact = { kind: 'checkout_completed', paid: false, session: sessionSnapshot() };
export const expired: OrderFact = { kind: 'checkout_expired', session: sessionSnapshot({ items: null, customer: null, shipping: null }) };

/**
 * A throwaway store holding one order built from the facts, one event each (ids evt_0…, created 0…);
 * the follow-up jobs, if any, are enqueued with the last event, as the webhook would.
 */
export async function storeWithFacts(facts: OrderFact[], options: { orderId?: string; followUps?: FollowUpJob[] } = {}): Promise<SqliteOrderStore> {
  const orderId = options.orderId ?? 'cs_test_order1';
  const store = SqliteOrderStore.open(':memory:');
  for (const [index, fact] of facts.entries()) {
    const eventId = `evt_${index}`;
    await store.applyEvent(
      { id: eventId, type: 'test', objectId: orderId, apiVersion: null, created: index, receivedAt: 'now' },
      { orderId, apply: (current) => applyFact(current, fact, { eventId, created: index }) },
      'now',
      index === facts.length - 1 ? options.followUps : [],
    );
  }
  return store;
}
