import { ORDER_PAID, ORDER_REFUNDED } from '../../domain/followups/job-kinds';
import type { FollowUpJob } from '../../domain/followups/follow-up-queue';
import { orderPaidEventJob, orderRefundedEventJob } from '../../domain/fulfilment-handoff/events';

/**
 * The hand-off mirrors what a Stripe event already owes the customer: the job that provisions a paid order
 * means `order.paid`, a refund email's job means `order.refunded` for the same refunded total. Deriving
 * them from those jobs keeps one definition of "paid" and "refunded" (lib/domain/webhooks/order-event-facts.ts).
 * `created` is the Stripe event's time.
 */
export function fulfilmentJobsFor(followUps: readonly FollowUpJob[], created: number): FollowUpJob[] {
  return followUps.flatMap((job) => {
    const orderId = String(job.payload.orderId);
    if (job.kind === ORDER_PAID) return [orderPaidEventJob(orderId, created)];
    if (job.kind === ORDER_REFUNDED) {
      return [orderRefundedEventJob(orderId, created, Number(job.payload.amountRefunded), job.payload.fullyRefunded === true)];
    }
    return [];
  });
}
