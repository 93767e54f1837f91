import type { SignedInUser } from '../auth/signed-in-user';
import type { Order } from './order';
import type { OrderRepository } from './order-repository';
import { isCheckoutSessionId } from './checkout-outcome';

/** A signed-in customer's orders, newest first. Reads only: earlier orders were claimed at sign-in. */
export function listCustomerOrders(store: Pick<OrderRepository, 'listOrdersByOwner'>, user: SignedInUser): Promise<Order[]> {
  return store.listOrdersByOwner(user.owner);
}

/**
 * Once, when a customer signs in: unowned orders paid with their (verified) email become theirs. That is
 * how orders paid before a self sign-up (or while the shop could not provision the account) reach them.
 * Only a verified email counts, so nobody claims orders by signing up with someone else's address.
 */
export async function claimEarlierOrders(store: Pick<OrderRepository, 'claimOrdersByEmail'>, user: SignedInUser): Promise<number> {
  return user.emailVerified ? store.claimOrdersByEmail(user.email, user.owner) : 0;
}

/** One order, only for its owner: someone else's order and an unknown id are the same "not found". */
export async function getCustomerOrder(store: Pick<OrderRepository, 'getOrder'>, user: SignedInUser, orderId: string): Promise<Order | null> {
  // A plan's delivery orders are keyed by their Stripe invoice id (lib/domain/plans, lib/services/plans).
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
