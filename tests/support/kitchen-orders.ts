import type { Order } from '@/lib/domain/orders/order';
import { applyFact, type OrderFact, type SessionSnapshot } from '@/lib/domain/orders/order-state';
import { sessionSnapshot } from './order-facts';

/** The paid checkout.session.completed fact of a session like sessionSnapshot's, with these changes. */
export function paidFact(session: Partial<SessionSnapshot> = {}): OrderFact {
  return { kind: 'checkout_completed', paid: true, session: sessionSnapshot(session) };
}

/** A paid order as the webhook records it, plus any order fields the test sets directly. */
export function paidOrder(session: Partial<SessionSnapshot> = {}, changes: Partial<Order> = {}): Order {
  return { ...applyFact(null, paidFact(session), { eventId: `evt_${session.sessionId ?? 'order'}`, created: 1 }), ...changes };
}
