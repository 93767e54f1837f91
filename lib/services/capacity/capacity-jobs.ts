import type Stripe from 'stripe';
import type { CustomerEmailDeps } from '../followups/order-receipt';
import { sendOnce } from '../followups/send-once';
import { dateFullyBookedEmail } from '../mail/templates';
import type { FollowUpJob, StoredFollowUp } from '../../domain/followups/follow-up-queue';
import type { CapacityStore } from '../../domain/capacity/capacity-store';
import { capacityFollowUpsForOrderEvent } from '../../domain/capacity/capacity-jobs';
import { isOrderEvent } from '../../domain/webhooks/stripe-shapes';

/** Optional on the follow-up deps: a worker without them (the cloud function today) fails these jobs visibly. */
export interface CapacityJobDeps extends CustomerEmailDeps {
  capacity?: CapacityStore;
  dailyCapacityServings?: number;
  stripe?: Stripe;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Capacity follow-ups need ${what}, which this worker was not given`);
  return value;
}

export async function runCapacityRelease(deps: CapacityJobDeps, job: StoredFollowUp & { payload: { holdId: string } }): Promise<void> {
  await required(deps.capacity, 'the capacity store').release(job.payload.holdId);
}

/**
 * A paid session's servings: counted for good, or, when its hold had lapsed and the date is full again,
 * refunded in full through Stripe (one refund, by idempotency key) and the buyer told why, once.
 */
export async function runCapacityConfirm(deps: CapacityJobDeps, job: StoredFollowUp & { payload: { holdId: string; orderId: string } }): Promise<void> {
  const capacity = required(deps.capacity, 'the capacity store');
  const outcome = await capacity.confirm(job.payload.holdId, required(deps.dailyCapacityServings, 'the daily capacity'));
  if (outcome !== 'overbooked') return;

  const stripe = required(deps.stripe, 'Stripe');
  let progress = job.progress;
  if (progress['refunded'] === undefined) {
    const paymentIntent = await paymentIntentOf(stripe, deps, job.payload.orderId);
    await stripe.refunds.create(
      { payment_intent: paymentIntent, reason: 'requested_by_customer', metadata: { reason: 'delivery_date_fully_booked', order: job.payload.orderId } },
      { idempotencyKey: `capacity-overbooked:${job.payload.holdId}` },
    );
    progress = { ...progress, refunded: true };
    await deps.store.saveFollowUpProgress(job.key, progress);
  }
  const order = await deps.store.getOrder(job.payload.orderId);
  if (!order?.customer?.email) return;
  await sendOnce(deps, job.key, progress, 'sent', dateFullyBookedEmail({ order, siteUrl: deps.siteUrl, shop: deps.shop }));
}

async function paymentIntentOf(stripe: Stripe, deps: CapacityJobDeps, orderId: string): Promise<string> {
  const known = (await deps.store.getOrder(orderId))?.paymentIntentId;
  if (known) return known;
  const paymentIntent = (await stripe.checkout.sessions.retrieve(orderId)).payment_intent;
  const id = typeof paymentIntent === 'string' ? paymentIntent : paymentIntent?.id;
  if (!id) throw new Error(`Session ${orderId} was paid but has no payment intent to refund yet`);
  return id;
}

/** What a session event means for its hold (lib/domain/capacity/capacity-jobs.ts); other events owe nothing. */
export function capacityFollowUpsForEvent(event: Stripe.Event): FollowUpJob[] {
  return isOrderEvent(event) ? capacityFollowUpsForOrderEvent(event) : [];
}
