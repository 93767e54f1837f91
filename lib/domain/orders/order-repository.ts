import type { FollowUpJob } from '../followups/follow-up-queue';
import type { OrderFulfilment } from '../kitchen/fulfilment';
import type { Order } from './order';

/** A staff fulfilment write: done, refused because someone changed it since it was read, or no such order. */
export type FulfilmentWriteOutcome = { outcome: 'updated'; order: Order } | { outcome: 'stale'; order: Order } | { outcome: 'not_found' };

/**
 * The order repository port: orders as customers, staff and jobs read them, who owns them, and the
 * kitchen's fulfilment. An order's payment content is written only by Stripe events (EventLedger).
 */
export interface OrderRepository {
  getOrder(id: string): Promise<Order | null>;
  /** Orders owned by this account, newest first. */
  listOrdersByOwner(owner: string): Promise<Order[]>;
  /** Sets the owner if the order has none; returns the order as stored (whoever owned it first keeps it). */
  assignOwner(orderId: string, owner: string): Promise<Order | null>;
  /** Gives every unowned order paid with this email (case-insensitive) to the owner; returns how many. */
  claimOrdersByEmail(email: string, owner: string): Promise<number>;
  /** The order paid with this payment intent, if the store has seen its Checkout Session. */
  findOrderIdByPaymentIntent(paymentIntentId: string): Promise<string | null>;
  /** Orders whose delivery date (YYYY-MM-DD) lies in [from, to], by date, window, then id. */
  listOrdersByDeliveryDate(from: string, to: string): Promise<Order[]>;
  /**
   * Staff search, newest first: orders whose session id or order number is the term (any case), or whose
   * email contains it (3 characters or more) — lib/domain/kitchen/kitchen-orders.ts `matchesSearch`.
   */
  searchOrders(term: string): Promise<Order[]>;
  /**
   * Atomically: if the order's fulfilment is still at `expectedVersion` (0: never moved), store `next`
   * and enqueue the follow-ups (if not already enqueued); otherwise change nothing and answer 'stale'
   * with the order as it now is. Never touches the payment status. Like applyEvent, one transaction
   * across the order and the follow-up queue, so the adapter is the one that also implements FollowUpQueue.
   */
  updateFulfilment(orderId: string, expectedVersion: number, next: OrderFulfilment, followUps: FollowUpJob[], now: string): Promise<FulfilmentWriteOutcome>;
}
