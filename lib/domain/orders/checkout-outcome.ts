import type { Order, OrderItem } from './order';
import { firstName } from './order';
import type { OrderRepository } from './order-repository';

/** What the success page may say. Only the webhook-recorded order can make it "paid". */
interface RecordedOrder {
  firstName: string | null;
  items: OrderItem[];
  amountTotal: number | null;
  currency: string | null;
  /** The whole recorded order, for the confirmation (the page decides what of it to show). */
  order: Order;
}

export type CheckoutOutcome =
  | ({ state: 'paid' } & RecordedOrder)
  | ({ state: 'awaiting_payment' } & RecordedOrder)
  | { state: 'confirming' }
  | { state: 'not_paid' }
  /** The order's items come along so the customer can retry with the same cart. */
  | { state: 'payment_failed'; order: Order }
  | { state: 'expired' }
  | { state: 'not_found' };

/** What Stripe says about a checkout no webhook has recorded yet (the adapter lives in session-lookup.ts). */
export type SessionState = 'not_found' | 'expired' | 'not_paid' | 'confirming';

/** Asks the payment provider about one checkout session: the port this decision needs, nothing more. */
export type SessionLookup = (sessionId: string) => Promise<SessionState>;

const SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]{1,200}$/;

export function isCheckoutSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}

/**
 * Decides what to tell a buyer who came back from Checkout. The redirect proves nothing:
 * the order store (written only by verified webhooks) decides; Stripe is asked only to tell
 * "not recorded yet" apart from "no such checkout" or "never paid" — through `lookupSession`
 * (the success page passes a cached, per-client-limited one; `stripeSessionLookup` asks directly).
 */
export async function getCheckoutOutcome(
  deps: { store: Pick<OrderRepository, 'getOrder'>; lookupSession: SessionLookup },
  sessionId: unknown,
): Promise<CheckoutOutcome> {
  if (!isCheckoutSessionId(sessionId)) return { state: 'not_found' };

  const order = await deps.store.getOrder(sessionId);
  // A payment event can arrive before the session's own: until the session's details (items, delivery)
  // are recorded, the order is still being confirmed, however paid it already is.
  if (order && order.sessionCreated !== null) {
    const summary = { firstName: firstName(order.customer), items: order.items, amountTotal: order.amountTotal, currency: order.currency, order };
    switch (order.status) {
      case 'paid':
      case 'partially_refunded':
      case 'refunded':
        return { state: 'paid', ...summary };
      case 'awaiting_payment':
        return { state: 'awaiting_payment', ...summary };
      case 'payment_failed':
        return { state: 'payment_failed', order };
      case 'expired':
        return { state: 'expired' };
      case 'pending':
        break;
    }
  }

  return { state: await deps.lookupSession(sessionId) };
}
