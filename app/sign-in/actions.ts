'use server';

import { currentUser } from '@/app/_server/current-user';
import { getServices } from '@/lib/composition';
import { claimEarlierOrders } from '@/lib/domain/orders/customer-orders';

/**
 * Called once by the sign-in panel when a customer has just signed in (the session cookies are set by
 * then): unowned orders paid with their verified email become theirs, so /orders itself only reads.
 * A failure is logged and does not stand in the way of signing in.
 */
export async function claimOrdersAtSignIn(): Promise<void> {
  const user = await currentUser();
  if (!user) return;
  const { store, logger } = getServices();
  try {
    const claimed = await claimEarlierOrders(store, user);
    if (claimed > 0) logger.info({ claimed }, 'earlier orders claimed at sign-in');
  } catch (error) {
    logger.error({ err: error }, 'could not claim earlier orders at sign-in');
  }
}
