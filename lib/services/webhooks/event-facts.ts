import type Stripe from 'stripe';
import { UnknownStripeObjectError } from './errors';
import { orderPaidJob } from '../followups/order-paid';
import { orderReceiptJob } from '../followups/order-receipt';
import { orderRefundedJob } from '../followups/order-refunded';
import { paymentFailedJob } from '../followups/payment-failed';
import type { OrderFact } from '../../domain/orders/order-state';
import type { FollowUpJob } from '../../domain/followups/follow-up-queue';
import type { OrderRepository } from '../../domain/orders/order-repository';
import { toOrderItem, toSessionSnapshot } from './session-snapshot';
import { isStripeInvalidRequest } from '../stripe/stripe-errors';
import { capacityFollowUpsForEvent } from '../capacity/capacity-jobs';
import { isSubscriptionCheckout } from '../plans/plan-event-facts';

export interface OrderFactForEvent {
  orderId: string;
  fact: OrderFact;
}

/** What the shop already knows, consulted before asking Stripe (the webhook's hot path makes no needless calls). */
export type KnownOrders = Pick<OrderRepository, 'getOrder' | 'findOrderIdByPaymentIntent'>;

const nothingKnown: KnownOrders = { getOrder: async () => null, findOrderIdByPaymentIntent: async () => null };

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

/** A completed session is paid unless its payment is still on its way (delayed methods); free orders count as paid. */
function isPaid(session: Stripe.Checkout.Session): boolean {
  return session.payment_status !== 'unpaid';
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

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

async function refundFact(stripe: Stripe, known: KnownOrders, charge: Stripe.Charge): Promise<OrderFactForEvent | null> {
  const paymentIntentId = idOf(charge.payment_intent);
  const sessionId = paymentIntentId ? await sessionIdForPaymentIntent(stripe, known, paymentIntentId) : null;
  if (!sessionId || !paymentIntentId) return null;
  return {
    orderId: sessionId,
    fact: {
      kind: 'refund_updated',
      sessionId,
      paymentIntentId,
      refund: { amountRefunded: charge.amount_refunded, amountCaptured: charge.amount_captured || charge.amount },
    },
  };
}

async function paymentFact(stripe: Stripe, known: KnownOrders, paymentIntentId: string | null): Promise<OrderFactForEvent | null> {
  const sessionId = paymentIntentId ? await sessionIdForPaymentIntent(stripe, known, paymentIntentId) : null;
  if (!sessionId || !paymentIntentId) return null;
  return { orderId: sessionId, fact: { kind: 'payment_succeeded', sessionId, paymentIntentId } };
}

/**
 * Translates a verified Stripe event into what it means for an order, or null when the shop
 * has nothing to do with it (the event is still recorded). Events about payments and refunds
 * are tied to their Checkout Session through the payment intent, so they apply in any order.
 */
export async function orderFactForEvent(stripe: Stripe, event: Stripe.Event, known: KnownOrders = nothingKnown): Promise<OrderFactForEvent | null> {
  // A plan's Checkout is not a one-time order: each paid invoice becomes one (lib/domain/plans, lib/services/plans).
  if (isSubscriptionCheckout(event)) return null;
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      const items = await sessionItems(stripe, known, session.id);
      return {
        orderId: session.id,
        fact: { kind: 'checkout_completed', paid: isPaid(session), session: toSessionSnapshot(session, items) },
      };
    }
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      const items = await sessionItems(stripe, known, session.id);
      return { orderId: session.id, fact: { kind: 'async_payment_succeeded', session: toSessionSnapshot(session, items) } };
    }
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object;
      return { orderId: session.id, fact: { kind: 'async_payment_failed', session: toSessionSnapshot(session, null) } };
    }
    case 'checkout.session.expired': {
      const session = event.data.object;
      return { orderId: session.id, fact: { kind: 'checkout_expired', session: toSessionSnapshot(session, null) } };
    }
    case 'payment_intent.succeeded':
      return paymentFact(stripe, known, event.data.object.id);
    case 'charge.succeeded':
      return paymentFact(stripe, known, idOf(event.data.object.payment_intent));
    case 'charge.refunded':
      return refundFact(stripe, known, event.data.object);
    case 'refund.created':
    case 'refund.updated': {
      // A refund event carries one refund; the charge has the cumulative amount.
      const chargeId = idOf(event.data.object.charge);
      return chargeId ? refundFact(stripe, known, await stripe.charges.retrieve(chargeId)) : null;
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

/**
 * Work owed after the event, derived from the event alone so a redelivery can finish it.
 * Only session events start it: they carry the buyer's details the work needs.
 */
export function followUpsForEvent(event: Stripe.Event): FollowUpJob[] {
  return [...orderFollowUpsForEvent(event), ...capacityFollowUpsForEvent(event)];
}

function orderFollowUpsForEvent(event: Stripe.Event): FollowUpJob[] {
  if (isSubscriptionCheckout(event)) return [];
  switch (event.type) {
    case 'checkout.session.completed':
      return isPaid(event.data.object) ? [orderPaidJob(event.data.object.id), orderReceiptJob(event.data.object.id)] : [];
    case 'checkout.session.async_payment_succeeded':
      return [orderPaidJob(event.data.object.id), orderReceiptJob(event.data.object.id)];
    case 'checkout.session.async_payment_failed':
      return [paymentFailedJob(event.data.object.id)];
    default:
      return [];
  }
}

/**
 * Work owed because of what an event meant for its order (known only once the event is tied to one):
 * a refund email for each new refunded total.
 */
export function followUpsForFact(found: OrderFactForEvent | null): FollowUpJob[] {
  if (found?.fact.kind !== 'refund_updated') return [];
  const { amountRefunded, amountCaptured } = found.fact.refund;
  return amountRefunded > 0 ? [orderRefundedJob(found.orderId, amountRefunded, amountRefunded >= amountCaptured)] : [];
}
