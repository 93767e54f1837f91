import type { OrderRepository } from '../../domain/orders/order-repository';

/** The parts of a Cognito PostConfirmation event this needs. */
export interface ConfirmedUser {
  triggerSource: string;
  userName: string;
  userAttributes: Record<string, string | undefined>;
}

export type LinkOutcome = { linked: number } | { skipped: 'not-sign-up' | 'email-not-verified' | 'no-sub' };

/** Amplify's owner format, which the owner authorization rule on Order compares with the caller's token. */
export function ownerOf(sub: string, username: string): string {
  return `${sub}::${username}`;
}

/**
 * When a customer confirms their account, gives them the orders they paid for earlier with the same
 * email (only unowned ones; the store keeps whoever owned an order first). Only a verified email
 * counts, so nobody can claim orders by signing up with someone else's address.
 */
export async function linkOrdersOnConfirmation(store: Pick<OrderRepository, 'claimOrdersByEmail'>, user: ConfirmedUser): Promise<LinkOutcome> {
  // Password resets also fire PostConfirmation; only a new sign-up links anything.
  if (user.triggerSource !== 'PostConfirmation_ConfirmSignUp') return { skipped: 'not-sign-up' };
  const { email, email_verified: emailVerified, sub } = user.userAttributes;
  if (!email || emailVerified !== 'true') return { skipped: 'email-not-verified' };
  if (!sub) return { skipped: 'no-sub' };
  return { linked: await store.claimOrdersByEmail(email, ownerOf(sub, user.userName)) };
}
