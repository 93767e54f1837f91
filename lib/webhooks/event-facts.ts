import Stripe from 'stripe';
import { UnknownStripeObjectError } from './errors';
import { orderPaidJob } from '../followups/order-paid';
import type { OrderFact } from '../orders/order-state';
import type { FollowUpJob } from '../orders/order-store';
import { toOrderItem, toSessionSnapshot } from './session-snapshot';

export interface OrderFactForEvent {
  orderId: string;
  fact: OrderFact;
}

/** Reads the full line items (with product names) of a session: webhook payloads never include them. */
async function fetchLineItems(stripe: Stripe, sessionId: string) {
  const items = [];
  try {
    for await (const lineItem of stripe.checkout.sessions.listLineItems(sessionId, {
      limit: 100,
      expand: ['data.price.product'],
    })) {
      items.push(toOrderItem(lineItem));
    }
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) throw new UnknownStripeObjectError(sessionId);
    throw error;
  }
  return items;
}

/**
 * Translates a verified Stripe event into what it means for an order, or null when the shop
 * has nothing to do with it (the event is still recorded).
 */
export async function orderFactForEvent(stripe: Stripe, event: Stripe.Event): Promise<OrderFactForEvent | null> {
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      const items = await fetchLineItems(stripe, session.id);
      return {
        orderId: session.id,
        fact: { kind: 'checkout_completed', paid: session.payment_status !== 'unpaid', session: toSessionSnapshot(session, items) },
      };
    }
    case 'checkout.session.expired': {
      const session = event.data.object;
      return { orderId: session.id, fact: { kind: 'checkout_expired', session: toSessionSnapshot(session, null) } };
    }
    default:
      return null;
  }
}

/** The id of the object an event is about, for the event log. */
export function eventObjectId(event: Stripe.Event): string | null {
  const object = event.data.object as { id?: unknown };
  return typeof object.id === 'string' ? object.id : null;
}

/** Work owed after the event, derived from the event alone so a redelivery can finish it. */
export function followUpsForEvent(event: Stripe.Event): FollowUpJob[] {
  if (event.type === 'checkout.session.completed' && event.data.object.payment_status !== 'unpaid') {
    return [orderPaidJob(event.data.object.id)];
  }
  return [];
}
