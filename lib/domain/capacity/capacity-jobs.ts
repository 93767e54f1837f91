import type { FollowUpJob } from '../followups/follow-up-queue';
import { CAPACITY_CONFIRM, CAPACITY_RELEASE } from '../followups/job-kinds';
import { sessionOfEvent, type OrderEvent } from '../webhooks/stripe-shapes';

/** Gives a hold's servings back: its session expired or its payment failed. */
export function capacityReleaseJob(holdId: string): FollowUpJob {
  return { key: `${CAPACITY_RELEASE}:${holdId}`, kind: CAPACITY_RELEASE, payload: { holdId } };
}

/** Confirms a paid session's hold; refunds and tells the buyer if the date filled up meanwhile. */
export function capacityConfirmJob(holdId: string, orderId: string): FollowUpJob {
  return { key: `${CAPACITY_CONFIRM}:${holdId}`, kind: CAPACITY_CONFIRM, payload: { holdId, orderId } };
}

/** The metadata key a Checkout Session carries its hold under (set by lib/services/checkout/create-checkout.ts). */
export const CAPACITY_HOLD_METADATA = 'capacity_hold';

/**
 * What a session event means for its hold: paid → confirm; expired or payment failed → release.
 * Sessions without a hold (made before capacity existed, or elsewhere) owe nothing.
 */
export function capacityFollowUpsForOrderEvent(event: OrderEvent): FollowUpJob[] {
  const session = sessionOfEvent(event);
  const holdId = session?.metadata?.[CAPACITY_HOLD_METADATA];
  if (!session || !holdId) return [];
  switch (event.type) {
    case 'checkout.session.completed':
      return session.payment_status === 'unpaid' ? [] : [capacityConfirmJob(holdId, session.id)];
    case 'checkout.session.async_payment_succeeded':
      return [capacityConfirmJob(holdId, session.id)];
    case 'checkout.session.expired':
    case 'checkout.session.async_payment_failed':
      return [capacityReleaseJob(holdId)];
    default:
      return [];
  }
}
