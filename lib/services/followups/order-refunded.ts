import { refundEmail } from '../mail/templates';
import type { StoredFollowUp } from '../../domain/followups/follow-up-queue';
import type { CustomerEmailDeps } from './order-receipt';
import { sendOnce } from './send-once';

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
