import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { applyFact } from '@/lib/domain/orders/order-state';
import { toSessionSnapshot } from '@/lib/domain/webhooks/session-snapshot';
import { checkoutSession } from '../support/stripe-events';

function withPhone(phone: string | null): Stripe.Checkout.Session {
  const session = checkoutSession() as unknown as Stripe.Checkout.Session;
  return { ...session, customer_details: { ...session.customer_details!, phone } };
}

describe('the buyer’s phone for the kitchen', () => {
  it('comes from the session’s customer_details.phone and is kept once known', () => {
    const snapshot = toSessionSnapshot(withPhone('+1 555 0100'), []);
    expect(snapshot.phone).toBe('+1 555 0100');
    const order = applyFact(null, { kind: 'checkout_completed', paid: true, session: snapshot }, { eventId: 'evt_1', created: 1 });
    expect(order.phone).toBe('+1 555 0100');
    // A later event without a phone does not erase it.
    const later = applyFact(order, { kind: 'checkout_completed', paid: true, session: toSessionSnapshot(withPhone(null), []) }, { eventId: 'evt_2', created: 2 });
    expect(later.phone).toBe('+1 555 0100');
  });

  it('is simply absent when Checkout collected none', () => {
    const order = applyFact(null, { kind: 'checkout_completed', paid: true, session: toSessionSnapshot(withPhone(null), []) }, { eventId: 'evt_1', created: 1 });
    expect(order).not.toHaveProperty('phone');
  });
});
