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
  if (!isCheckoutSessionId(orderId)) return null;
  const order = await store.getOrder(orderId);
  return order && order.owner === user.owner ? order : null;
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
