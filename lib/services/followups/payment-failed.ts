import type { Mailer } from '../../domain/mail/mailer';
import { paymentFailedEmail } from '../mail/templates';
import type { StoredFollowUp } from '../../domain/followups/follow-up-queue';
import type { JobStore } from './order-receipt';
import { sendOnce } from './send-once';
import type { ShopDetails } from '../../config/shop';

/** Tells the buyer their delayed payment failed (and that nothing was charged), once. */
export async function runPaymentFailed(deps: { store: JobStore; mailer: Mailer; siteUrl: string; shop?: ShopDetails }, job: StoredFollowUp): Promise<void> {
  const order = await deps.store.getOrder(String(job.payload.orderId));
  if (!order?.customer?.email) return;
  await sendOnce(deps, job.key, job.progress, 'sent', paymentFailedEmail({ order, siteUrl: deps.siteUrl, shop: deps.shop }));
}
