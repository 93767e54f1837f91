import type Stripe from 'stripe';
import { UnknownStripeObjectError } from './errors';
import type { FollowUpJob } from '../../domain/followups/follow-up-queue';
import type { OrderRepository } from '../../domain/orders/order-repository';
import { toOrderItem } from '../../domain/webhooks/session-snapshot';
import { isOrderEvent, type OrderEvent } from '../../domain/webhooks/stripe-shapes';
import { orderFollowUpsForEvent, readOrderEvent, refundReading, type OrderEventReading, type OrderFactForEvent } from '../../domain/webhooks/order-event-facts';
import { isStripeInvalidRequest } from '../stripe/stripe-errors';
import { capacityFollowUpsForEvent } from '../capacity/capacity-jobs';

/** What the shop already knows, consulted before asking Stripe (the webhook's hot path makes no needless calls). */
export type KnownOrders = Pick<OrderRepository, 'getOrder' | 'findOrderIdByPaymentIntent'>;

const nothingKnown: KnownOrders = { getOrder: async () => null, findOrderIdByPaymentIntent: async () => null };

/**
 * The SDK's event as the domain reads it, or null for events orders ignore. Returning Stripe's narrowed
 * event as an OrderEvent is where the compiler checks Stripe's objects carry what the domain reads.
 */
function orderEventOf(event: Stripe.Event): OrderEvent | null {
  return isOrderEvent(event) ? event : null;
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
    if (isStripeInvalidRequest(error, { status: 404 })) throw new UnknownStripeObjectError(sessionId);
    throw error;
  }
  return items;
}

/** Line items once per session: a session whose order already has them (an earlier event) is not asked again. */
async function sessionItems(stripe: Stripe, known: KnownOrders, sessionId: string) {
  const order = await known.getOrder(sessionId);
  return order && order.items.length > 0 ? order.items : fetchLineItems(stripe, sessionId);
}

/**
 * The Checkout Session a payment belongs to; null for payments made outside Checkout. The store knows it
 * once the session's own event arrived; only a payment event that overtook it costs a Stripe list call.
 */
async function sessionIdForPaymentIntent(stripe: Stripe, known: KnownOrders, paymentIntentId: string): Promise<string | null> {
  const stored = await known.findOrderIdByPaymentIntent(paymentIntentId);
  if (stored) return stored;
  const sessions = await stripe.checkout.sessions.list({ payment_intent: paymentIntentId, limit: 1 });
  return sessions.data[0]?.id ?? null;
}

/** Fetches what the domain's reading of the event says it lacks, then lets the domain decide. */
async function resolveReading(stripe: Stripe, known: KnownOrders, reading: OrderEventReading): Promise<OrderFactForEvent | null> {
  switch (reading.needs) {
    case 'nothing':
      return reading.found;
    case 'line-items':
      return reading.factFor(await sessionItems(stripe, known, reading.sessionId));
    case 'session-of-payment':
      return reading.factFor(await sessionIdForPaymentIntent(stripe, known, reading.paymentIntentId));
    case 'charge':
      return resolveReading(stripe, known, refundReading(await stripe.charges.retrieve(reading.chargeId)));
  }
}

/**
 * Translates a verified Stripe event into what it means for an order, or null when the shop
 * has nothing to do with it (the event is still recorded). What it means is the domain's call
 * (lib/domain/webhooks/order-event-facts.ts); this fetches from Stripe what the event lacks.
 */
export async function orderFactForEvent(stripe: Stripe, event: Stripe.Event, known: KnownOrders = nothingKnown): Promise<OrderFactForEvent | null> {
  const orderEvent = orderEventOf(event);
  return orderEvent ? resolveReading(stripe, known, readOrderEvent(orderEvent)) : null;
}

/**
 * Work owed after the event, derived from the event alone so a redelivery can finish it.
 * Only session events start it: they carry the buyer's details the work needs.
 */
export function followUpsForEvent(event: Stripe.Event): FollowUpJob[] {
  const orderEvent = orderEventOf(event);
  return [...(orderEvent ? orderFollowUpsForEvent(orderEvent) : []), ...capacityFollowUpsForEvent(event)];
}
