import type { OrderItem } from '../orders/order';
import type { OrderFact } from '../orders/order-state';
import type { FollowUpJob } from '../followups/follow-up-queue';
import { orderPaidJob, orderReceiptJob, orderRefundedJob, paymentFailedJob } from '../followups/order-jobs';
import { toSessionSnapshot } from './session-snapshot';
import { idOf, sessionOfEvent, type ChargeShape, type CheckoutSessionShape, type OrderEvent } from './stripe-shapes';

export interface OrderFactForEvent {
  orderId: string;
  fact: OrderFact;
}

/**
 * What an event means for an order, as far as the event itself tells: the fact, or what must be looked up
 * first (a webhook payload carries no line items, and payment events name no Checkout Session).
 * The service does the looking up and hands the answer to `factFor`.
 */
export type OrderEventReading =
  | { needs: 'nothing'; found: OrderFactForEvent | null }
  | { needs: 'line-items'; sessionId: string; factFor: (items: OrderItem[]) => OrderFactForEvent }
  | { needs: 'session-of-payment'; paymentIntentId: string; factFor: (sessionId: string | null) => OrderFactForEvent | null }
  | { needs: 'charge'; chargeId: string };

const nothing: OrderEventReading = { needs: 'nothing', found: null };

/** A completed session is paid unless its payment is still on its way (delayed methods); free orders count as paid. */
function isPaid(session: CheckoutSessionShape): boolean {
  return session.payment_status !== 'unpaid';
}

/** A Checkout Session that starts a subscription: its payment is the first invoice's, not a one-time order. */
export function isSubscriptionCheckout(event: OrderEvent): boolean {
  return sessionOfEvent(event)?.mode === 'subscription';
}

function paymentReading(paymentIntentId: string | null, fact: (sessionId: string, paymentIntentId: string) => OrderFact): OrderEventReading {
  if (!paymentIntentId) return nothing;
  return {
    needs: 'session-of-payment',
    paymentIntentId,
    factFor: (sessionId) => (sessionId ? { orderId: sessionId, fact: fact(sessionId, paymentIntentId) } : null),
  };
}

/** A charge's refunds, as its cumulative refunded amount; `amount` stands in when nothing was captured. */
export function refundReading(charge: ChargeShape): OrderEventReading {
  return paymentReading(idOf(charge.payment_intent), (sessionId, paymentIntentId) => ({
    kind: 'refund_updated',
    sessionId,
    paymentIntentId,
    refund: { amountRefunded: charge.amount_refunded, amountCaptured: charge.amount_captured || charge.amount },
  }));
}

function paymentSucceededReading(paymentIntentId: string | null): OrderEventReading {
  return paymentReading(paymentIntentId, (sessionId, id) => ({ kind: 'payment_succeeded', sessionId, paymentIntentId: id }));
}

/**
 * Reads a verified Stripe event for what it means for an order; `nothing` with no fact when the shop has
 * nothing to do with it (the event is still recorded). Events about payments and refunds are tied to their
 * Checkout Session through the payment intent, so they apply in any order.
 */
export function readOrderEvent(event: OrderEvent): OrderEventReading {
  // A plan's Checkout is not a one-time order: each paid invoice becomes one (lib/domain/plans, lib/services/plans).
  if (isSubscriptionCheckout(event)) return nothing;
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      return {
        needs: 'line-items',
        sessionId: session.id,
        factFor: (items) => ({ orderId: session.id, fact: { kind: 'checkout_completed', paid: isPaid(session), session: toSessionSnapshot(session, items) } }),
      };
    }
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      return {
        needs: 'line-items',
        sessionId: session.id,
        factFor: (items) => ({ orderId: session.id, fact: { kind: 'async_payment_succeeded', session: toSessionSnapshot(session, items) } }),
      };
    }
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object;
      return { needs: 'nothing', found: { orderId: session.id, fact: { kind: 'async_payment_failed', session: toSessionSnapshot(session, null) } } };
    }
    case 'checkout.session.expired': {
      const session = event.data.object;
      return { needs: 'nothing', found: { orderId: session.id, fact: { kind: 'checkout_expired', session: toSessionSnapshot(session, null) } } };
    }
    case 'payment_intent.succeeded':
      return paymentSucceededReading(event.data.object.id);
    case 'charge.succeeded':
      return paymentSucceededReading(idOf(event.data.object.payment_intent));
    case 'charge.refunded':
      return refundReading(event.data.object);
    case 'refund.created':
    case 'refund.updated': {
      // A refund event carries one refund; the charge has the cumulative amount.
      const chargeId = idOf(event.data.object.charge);
      return chargeId ? { needs: 'charge', chargeId } : nothing;
    }
  }
}

/** The id of the object an event is about, for the event log. */
export function eventObjectId(event: { data: { object: object } }): string | null {
  const object = event.data.object;
  return 'id' in object && typeof object.id === 'string' ? object.id : null;
}

/**
 * An order's work owed after the event, derived from the event alone so a redelivery can finish it.
 * Only session events start it: they carry the buyer's details the work needs.
 */
export function orderFollowUpsForEvent(event: OrderEvent): FollowUpJob[] {
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
