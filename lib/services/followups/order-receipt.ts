import type { Mailer } from '../../domain/mail/mailer';
import { receiptEmail } from '../mail/templates';
import { sendOnce } from './send-once';
import type { FollowUpQueue, StoredFollowUp } from '../../domain/followups/follow-up-queue';
import type { OrderRepository } from '../../domain/orders/order-repository';
import type { ShopDetails } from '../../config/shop';

/** What a job handler reads and writes: the order it is about and its own progress. */
export type JobStore = Pick<OrderRepository, 'getOrder'> & Pick<FollowUpQueue, 'saveFollowUpProgress'>;

export interface CustomerEmailDeps {
  store: JobStore;
  mailer: Mailer;
  siteUrl: string;
  shop?: ShopDetails;
}

export async function runOrderReceipt(deps: CustomerEmailDeps, job: StoredFollowUp): Promise<void> {
  const order = await deps.store.getOrder(String(job.payload.orderId));
  if (!order?.customer?.email) return;
  await sendOnce(deps, job.key, job.progress, 'sent', receiptEmail({ order, siteUrl: deps.siteUrl, shop: deps.shop }));
}
