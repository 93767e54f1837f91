import type { Order, OrderStatus } from '../orders/order';
import { orderNumberOf } from '../orders/order-number';
import { fulfilmentOf } from './fulfilment';

/** Orders the kitchen plans for: paid (or still settling by bank debit). Abandoned and failed sessions are not. */
const PLANNED: ReadonlySet<OrderStatus> = new Set(['paid', 'partially_refunded', 'awaiting_payment']);

export function isPlanned(order: Order): boolean {
  return PLANNED.has(order.status) && fulfilmentOf(order).status !== 'cancelled';
}

/** What the orders page shows for a day: everything paid at some point, cancelled and refunded included (greyed). */
export function isKitchenRelevant(order: Order): boolean {
  return order.status !== 'pending' && order.status !== 'expired' && order.status !== 'payment_failed';
}

/** Staff search: an email (or part of one), an order number ("HT-7K3Q9C", any case) or a Checkout Session id. */
export function matchesSearch(order: Order, query: string): boolean {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return false;
  if (order.id.toLowerCase() === wanted || orderNumberOf(order).toLowerCase() === wanted) return true;
  const email = order.customer?.email?.toLowerCase();
  return Boolean(email && wanted.length >= 3 && email.includes(wanted));
}
