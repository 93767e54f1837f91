import type { Mailer } from '../../domain/mail/mailer';
import type { FollowUpJob, FollowUpQueue, StoredFollowUp } from '../../domain/followups/follow-up-queue';
import { getShopDetails, type ShopDetails } from '../../config/shop';
import { sendOnce } from '../followups/send-once';
import { renewalFailedEmail, renewalFailedKey } from './plan-emails';
import type { RenewalFailure } from '../../domain/plans/renewal-failure';
import { PLAN_PAYMENT_FAILED } from '../../domain/followups/job-kinds';


/** One email per failed invoice, whichever copy of invoice.payment_failed enqueued it. */
export function planPaymentFailedJob(failure: RenewalFailure): FollowUpJob {
  return { key: renewalFailedKey(failure.invoiceId), kind: PLAN_PAYMENT_FAILED, payload: { ...failure } };
}

export async function runPlanPaymentFailed(
  deps: { store: Pick<FollowUpQueue, 'saveFollowUpProgress'>; mailer: Mailer; siteUrl: string; shop?: ShopDetails },
  job: StoredFollowUp & { payload: RenewalFailure },
): Promise<void> {
  const message = renewalFailedEmail({ failure: job.payload, siteUrl: deps.siteUrl, shop: deps.shop ?? getShopDetails() });
  await sendOnce(deps, job.key, job.progress, 'sent', message);
}
