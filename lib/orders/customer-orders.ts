import type { SignedInUser } from '../auth/signed-in-user';
import type { Order } from './order';
import type { OrderStore } from './order-store';
import { isCheckoutSessionId } from './checkout-outcome';

/**
 * A signed-in customer's orders, newest first. Unowned orders paid with the customer's (verified)
 * email are linked first: that is how orders paid before a self sign-up become the customer's.
 */
export async function listCustomerOrders(store: OrderStore, user: SignedInUser): Promise<Order[]> {
  if (user.emailVerified) await store.claimOrdersByEmail(user.email, user.owner);
  return store.listOrdersByOwner(user.owner);
}

/** One order, only for its owner: someone else's order and an unknown id are the same "not found". */
export async function getCustomerOrder(store: OrderStore, user: SignedInUser, orderId: string): Promise<Order | null> {
  // A plan's delivery orders are keyed by their Stripe invoice id (lib/plans).
  if (!isCheckoutSessionId(orderId) && !/^in_[A-Za-z0-9_]{1,200}$/.test(orderId)) return null;
  const order = await store.getOrder(orderId);
  return order && isOwnedBy(order, user.owner) ? order : null;
}

/**
 * Whether the order belongs to this owner ("<sub>::<username>"). Amplify's `owner` field resolver returns
 * only the part after `::` on every read, so a stored owner comes back as the bare username; usernames are
 * unique in a user pool, which is what AppSync's own owner rule relies on too.
 */
export function isOwnedBy(order: Pick<Order, 'owner'>, owner: string): boolean {
  if (!order.owner) return false;
  if (order.owner === owner) return true;
  const username = owner.split('::').at(-1);
  return !order.owner.includes('::') && order.owner === username;
}

export const STATUS_LABELS: Record<Order['status'], string> = {
  pending: 'Pending',
  awaiting_payment: 'Awaiting payment',
  paid: 'Paid',
  payment_failed: 'Payment failed',
  expired: 'Expired',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
};
