import type Stripe from 'stripe';
import { NO_REQUEST, type Core, type RequestContext } from '../core';
import { invalidRequest } from '../errors';
import { newId } from '../ids';
import { minimumCharge } from '../resources/checkout-options';

/** Statuses Local Stripe can cancel from (Stripe also allows `processing` "in rare cases"; not emulated). */
const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action'] as const;

export const CANCELLATION_REASONS = ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const;
type CancellationReason = Stripe.PaymentIntent.CancellationReason;

function unexpectedState(message: string): never {
  throw invalidRequest(message, undefined, 'payment_intent_unexpected_state');
}

function heldCharge(core: Core, pi: Stripe.PaymentIntent): Stripe.Charge | undefined {
  const id = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  return id ? core.state.charges[id] : undefined;
}

/** Checkout shows an uncaptured session as `unpaid` ("funds not yet available"); captured → `paid`. */
function markSessionsPaid(core: Core, piId: string): void {
  for (const id of core.index.sessionIdsForPaymentIntent(piId)) {
    const s = core.state.sessions[id];
    if (s && s.status === 'complete' && s.payment_status === 'unpaid') core.state.sessions[id] = { ...s, payment_status: 'paid' };
  }
}

/**
 * Captures an authorized PaymentIntent, as POST /v1/payment_intents/:id/capture: `amount` (default
 * all of `amount_capturable`) is captured once; a partial capture releases the rest.
 */
export function capturePaymentIntent(core: Core, piId: string, amount: number | undefined, ctx: RequestContext): Stripe.PaymentIntent {
  const pi = core.state.paymentIntents[piId];
  if (!pi) throw invalidRequest(`No such payment_intent: '${piId}'`, 'intent', 'resource_missing');
  if (pi.status !== 'requires_capture') {
    unexpectedState(
      `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
    );
  }
  const toCapture = amount ?? pi.amount_capturable;
  if (toCapture > pi.amount_capturable) {
    throw invalidRequest(
      `The amount to capture (${toCapture}) is greater than the amount capturable (${pi.amount_capturable}) on this PaymentIntent.`,
      'amount_to_capture',
      'amount_too_large',
    );
  }
  const minimum = minimumCharge(pi.currency);
  if (toCapture < minimum) {
    throw invalidRequest(`Amount must be at least ${minimum} ${pi.currency} minor units.`, 'amount_to_capture', 'amount_too_small');
  }
  const charge = heldCharge(core, pi);
  if (!charge) unexpectedState(`This PaymentIntent (${pi.id}) has no authorized charge to capture.`);
  const captured: Stripe.Charge = {
    ...charge,
    captured: true,
    amount_captured: toCapture,
    // Stripe reports the released remainder of a partial capture as refunded.
    amount_refunded: charge.amount - toCapture,
    balance_transaction: newId('txn'),
  };
  const succeeded: Stripe.PaymentIntent = { ...pi, status: 'succeeded', amount_capturable: 0, amount_received: toCapture };
  core.state.charges[charge.id] = captured;
  core.state.paymentIntents[pi.id] = succeeded;
  markSessionsPaid(core, pi.id);
  core.emit('charge.captured', captured, ctx, { captured: false, amount_captured: 0, amount_refunded: charge.amount_refunded });
  core.emit('payment_intent.succeeded', succeeded, ctx);
  return succeeded;
}

/** Releases an uncaptured authorization: the charge is refunded in full (nothing was captured). */
function release(core: Core, pi: Stripe.PaymentIntent, ctx: RequestContext): void {
  const charge = heldCharge(core, pi);
  if (!charge || charge.captured) return;
  const released: Stripe.Charge = { ...charge, amount_refunded: charge.amount, refunded: true };
  core.state.charges[charge.id] = released;
  core.emit('charge.refunded', released, ctx, { amount_refunded: charge.amount_refunded, refunded: false });
}

/**
 * Cancels a PaymentIntent, as POST /v1/payment_intents/:id/cancel. A Checkout Session's
 * PaymentIntent can only be canceled once it is authorized (`requires_capture`); else expire the session.
 */
export function cancelPaymentIntent(core: Core, piId: string, reason: CancellationReason | null, ctx: RequestContext): Stripe.PaymentIntent {
  const pi = core.state.paymentIntents[piId];
  if (!pi) throw invalidRequest(`No such payment_intent: '${piId}'`, 'intent', 'resource_missing');
  if (!CANCELABLE.some((s) => s === pi.status)) {
    unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
    );
  }
  const ownedBySession = core.index.sessionIdsForPaymentIntent(pi.id).length > 0;
  if (ownedBySession && pi.status !== 'requires_capture') {
    unexpectedState(
      'This PaymentIntent belongs to a Checkout Session and can only be canceled once it requires capture; expire the Checkout Session instead.',
    );
  }
  if (pi.status === 'requires_capture') release(core, pi, ctx);
  const canceled: Stripe.PaymentIntent = {
    ...pi,
    status: 'canceled',
    amount_capturable: 0,
    canceled_at: core.nowSeconds(),
    cancellation_reason: reason,
  };
  core.state.paymentIntents[pi.id] = canceled;
  core.emit('payment_intent.canceled', canceled, ctx);
  return canceled;
}

/**
 * Authorizations not captured by their charge's `capture_before` (7 days) expire: the charge gets
 * charge.expired, the PaymentIntent is canceled (`expired`). The sweep runs this for all of them;
 * reads and captures run it for their own PaymentIntent first, so the clock alone decides.
 */
export function expireAuthorizationIfDue(core: Core, piId: string): void {
  const now = core.nowSeconds();
  const pi = core.state.paymentIntents[piId];
  const charge = pi?.status === 'requires_capture' ? heldCharge(core, pi) : undefined;
  const due = charge?.payment_method_details?.card?.capture_before;
  if (!pi || !charge || due === undefined || due > now) return;
  const expired: Stripe.Charge = { ...charge, amount_refunded: charge.amount, refunded: true };
  core.state.charges[charge.id] = expired;
  core.emit('charge.expired', expired, NO_REQUEST);
  const canceled: Stripe.PaymentIntent = { ...pi, status: 'canceled', amount_capturable: 0, canceled_at: now, cancellation_reason: 'expired' };
  core.state.paymentIntents[pi.id] = canceled;
  core.emit('payment_intent.canceled', canceled, NO_REQUEST);
}

export function expireAuthorizations(core: Core): void {
  for (const id of core.index.paymentIntentIdsAwaitingCapture()) expireAuthorizationIfDue(core, id);
}
