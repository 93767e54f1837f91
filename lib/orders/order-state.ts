import type { Order, OrderCustomer, OrderItem, OrderShipping, OrderStatus, OrderStatusChange } from './order';
import { STATUS_RANK } from './order';

/** Everything a Checkout Session event tells us about its order. */
export interface SessionSnapshot {
  sessionId: string;
  currency: string | null;
  amountSubtotal: number | null;
  amountTotal: number | null;
  customer: OrderCustomer | null;
  shipping: OrderShipping | null;
  deliveryDate: string | null;
  paymentIntentId: string | null;
  sessionCreated: number;
  /** Null when the event did not need them (e.g. an expired session). */
  items: OrderItem[] | null;
}

/** A fact learned from one Stripe event, in the shop's terms. */
export type OrderFact =
  | { kind: 'checkout_completed'; paid: boolean; session: SessionSnapshot }
  | { kind: 'checkout_expired'; session: SessionSnapshot };

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
  }
}

function emptyOrder(id: string): Order {
  return {
    id,
    status: 'pending',
    currency: null,
    amountSubtotal: null,
    amountTotal: null,
    amountRefunded: 0,
    items: [],
    customer: null,
    shipping: null,
    deliveryDate: null,
    paymentIntentId: null,
    sessionCreated: null,
    history: [],
    owner: null,
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
    paymentIntentId: order.paymentIntentId ?? session.paymentIntentId,
    sessionCreated: order.sessionCreated ?? session.sessionCreated,
  };
}

/**
 * The order state machine: folds one fact into the order.
 * Pure and monotonic: applying facts in any order, any number of times, ends in the same state,
 * because status only moves up in rank and details are only ever filled in, never replaced.
 */
export function applyFact(current: Order | null, fact: OrderFact, source: FactSource): Order {
  const merged = mergeSession(current ?? emptyOrder(fact.session.sessionId), fact.session);
  const next = statusFor(fact);
  const change = { status: next, at: source.created, eventId: source.eventId };
  if (STATUS_RANK[next] > STATUS_RANK[merged.status]) {
    return { ...merged, status: next, history: sortHistory([...merged.history, change]) };
  }
  // A late event about an earlier stage (e.g. "awaiting payment" after "paid") joins the timeline
  // without moving the status; a late event about something after the current state is stale.
  const latest = merged.history.at(-1);
  const isEarlierStage =
    STATUS_RANK[next] < STATUS_RANK[merged.status] && latest !== undefined && source.created < latest.at;
  if (isEarlierStage && !merged.history.some((entry) => entry.status === next)) {
    return { ...merged, history: sortHistory([...merged.history, change]) };
  }
  return merged;
}

function sortHistory(history: OrderStatusChange[]): OrderStatusChange[] {
  return history.sort((a, b) => a.at - b.at || STATUS_RANK[a.status] - STATUS_RANK[b.status]);
}
