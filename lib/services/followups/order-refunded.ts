import { refundEmail } from '../mail/templates';
import type { FollowUpJob, StoredFollowUp } from '../../domain/followups/follow-up-queue';
import type { CustomerEmailDeps } from './order-receipt';
import { sendOnce } from './send-once';
import { ORDER_REFUNDED } from '../../domain/followups/job-kinds';


/**
 * One email per refunded total (a charge's cumulative refunded amount), so a second partial refund
 * gets its own email and a redelivered refund event none. A full refund is the order's cancellation.
 */
export function orderRefundedJob(orderId: string, amountRefunded: number, fullyRefunded: boolean): FollowUpJob {
  return { key: `${ORDER_REFUNDED}:${orderId}:${amountRefunded}`, kind: ORDER_REFUNDED, payload: { orderId, amountRefunded, fullyRefunded } };
}

export async function runOrderRefunded(deps: CustomerEmailDeps, job: StoredFollowUp): Promise<void> {
  const order = await deps.store.getOrder(String(job.payload.orderId));
  if (!order?.customer?.email) return;
  // The email describes this refund, even if a later one has already been recorded on the order.
  const asRefunded = {
    ...order,
    amountRefunded: Number(job.payload.amountRefunded),
    status: job.payload.fullyRefunded ? ('refunded' as const) : ('partially_refunded' as const),
  };
  await sendOnce(deps, job.key, job.progress, 'sent', refundEmail({ order: asRefunded, siteUrl: deps.siteUrl, shop: deps.shop }));
}
