import type { OrderItem } from '@/lib/orders/order';
import type { OrderFact, SessionSnapshot } from '@/lib/orders/order-state';

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
