import type { Order, OrderCustomer, OrderItem, OrderShipping, OrderStatus, OrderStatusChange } from './order';
import { STATUS_RANK } from './order';
import { orderNumberFor } from './order-number';

/** Everything a Checkout Session event tells us about its order. */
export interface SessionSnapshot {
  sessionId: string;
  currency: string | null;
  amountSubtotal: number | null;
  amountTotal: number | null;
  customer: OrderCustomer | null;
  shipping: OrderShipping | null;
  deliveryDate: string | null;
  deliveryWindow?: string | null;
  paymentIntentId: string | null;
  sessionCreated: number;
  /** Null when the event did not need them (e.g. an expired session). */
  items: OrderItem[] | null;
  /** customer_details.phone, when Checkout collected one. */
  phone?: string | null;
  /** The hosted page's custom fields (order notes, dietary requirements). */
  notes?: string | null;
  dietaryRequirements?: string | null;
}

/** What a refund event tells us: the charge's cumulative refunded amount, out of what was captured. */
export interface RefundSnapshot {
  amountRefunded: number;
  amountCaptured: number;
}

/** A fact learned from one Stripe event, in the shop's terms. */
export type OrderFact =
  | { kind: 'checkout_completed'; paid: boolean; session: SessionSnapshot }
  | { kind: 'checkout_expired'; session: SessionSnapshot }
  | { kind: 'async_payment_succeeded'; session: SessionSnapshot }
  | { kind: 'async_payment_failed'; session: SessionSnapshot }
  /** payment_intent.succeeded / charge.succeeded for the session's payment. */
  | { kind: 'payment_succeeded'; sessionId: string; paymentIntentId: string }
  | { kind: 'refund_updated'; sessionId: string; paymentIntentId: string; refund: RefundSnapshot };

export interface FactSource {
  eventId: string;
  /** Event creation time (unix seconds). */
  created: number;
}

function statusFor(fact: OrderFact): OrderStatus {
  switch (fact.kind) {
    case 'checkout_completed':
      return fact.paid ? 'paid' : 'awaiting_payment';
    case 'checkout_expired':
      return 'expired';
    case 'async_payment_succeeded':
    case 'payment_succeeded':
      return 'paid';
    case 'async_payment_failed':
      return 'payment_failed';
    case 'refund_updated':
      return fact.refund.amountRefunded >= fact.refund.amountCaptured ? 'refunded' : 'partially_refunded';
  }
}

function orderIdOf(fact: OrderFact): string {
  return 'session' in fact ? fact.session.sessionId : fact.sessionId;
}

/** Folds what the fact knows into the order: fills gaps, and refunded amounts only grow. */
function mergeFact(order: Order, fact: OrderFact): Order {
  switch (fact.kind) {
    case 'payment_succeeded':
      return { ...order, paymentIntentId: order.paymentIntentId ?? fact.paymentIntentId };
    case 'refund_updated':
      return {
        ...order,
        paymentIntentId: order.paymentIntentId ?? fact.paymentIntentId,
        amountRefunded: Math.max(order.amountRefunded, fact.refund.amountRefunded),
      };
    default:
      return mergeSession(order, fact.session);
  }
}

function emptyOrder(id: string): Order {
  return {
    id,
    orderNumber: orderNumberFor(id),
    status: 'pending',
    currency: null,
    amountSubtotal: null,
    amountTotal: null,
    amountRefunded: 0,
    items: [],
    customer: null,
    shipping: null,
    deliveryDate: null,
    deliveryWindow: null,
    paymentIntentId: null,
    sessionCreated: null,
    history: [],
    owner: null,
    notes: null,
    dietaryRequirements: null,
  };
}

/** Fills what the order does not know yet; never erases what an earlier event told us. */
function mergeSession(order: Order, session: SessionSnapshot): Order {
  return {
    ...order,
    currency: order.currency ?? session.currency,
    amountSubtotal: order.amountSubtotal ?? session.amountSubtotal,
    amountTotal: order.amountTotal ?? session.amountTotal,
    items: order.items.length > 0 ? order.items : (session.items ?? []),
    customer: order.customer ?? session.customer,
    shipping: order.shipping ?? session.shipping,
    deliveryDate: order.deliveryDate ?? session.deliveryDate,
    deliveryWindow: order.deliveryWindow ?? session.deliveryWindow ?? null,
    paymentIntentId: order.paymentIntentId ?? session.paymentIntentId,
    sessionCreated: order.sessionCreated ?? session.sessionCreated,
    ...phoneOf(order, session),
    notes: order.notes ?? session.notes ?? null,
    dietaryRequirements: order.dietaryRequirements ?? session.dietaryRequirements ?? null,
  };
}

/** The phone is added only when known, so orders without one keep their shape. */
function phoneOf(order: Order, session: SessionSnapshot): { phone?: string } {
  const phone = order.phone ?? session.phone;
  return phone ? { phone } : {};
}

/**
 * The order state machine: folds one fact into the order.
 * Pure and monotonic: applying facts in any order, any number of times, ends in the same state,
 * because status only moves up in rank, details are only ever filled in, never replaced, and the
 * refunded amount only grows. A refund that arrives before the payment is held on the order
 * (status "refunded"/"partially refunded" outranks "paid") and the payment's details fill in later.
 */
export function applyFact(current: Order | null, fact: OrderFact, source: FactSource): Order {
  const merged = mergeFact(current ?? emptyOrder(orderIdOf(fact)), fact);
  const next = statusFor(fact);
  const change: OrderStatusChange = { status: next, at: source.created, eventId: source.eventId };
  const advances = STATUS_RANK[next] > STATUS_RANK[merged.status];
  return { ...merged, status: advances ? next : merged.status, history: withChange(merged.history, change, advances) };
}

/**
 * The timeline keeps one entry per status: the earliest event that reported it (ties broken by
 * event id), so every arrival order yields the same timeline. A late event about an earlier stage
 * (e.g. "awaiting payment" after "paid") joins it; a late event about a later, impossible stage
 * (e.g. "expired" after "paid") is stale and does not.
 */
function withChange(history: OrderStatusChange[], change: OrderStatusChange, advances: boolean): OrderStatusChange[] {
  const existing = history.find((entry) => entry.status === change.status);
  if (existing) {
    const earlier = change.at < existing.at || (change.at === existing.at && change.eventId < existing.eventId);
    return earlier ? sortHistory(history.map((entry) => (entry === existing ? change : entry))) : history;
  }
  const latest = history.at(-1);
  const isEarlierStage = latest !== undefined && STATUS_RANK[change.status] < STATUS_RANK[latest.status] && change.at < latest.at;
  return advances || isEarlierStage ? sortHistory([...history, change]) : history;
}

function sortHistory(history: OrderStatusChange[]): OrderStatusChange[] {
  return [...history].sort((a, b) => a.at - b.at || STATUS_RANK[a.status] - STATUS_RANK[b.status]);
}
