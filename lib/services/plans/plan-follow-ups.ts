import { orderPaidJob } from '../../domain/followups/order-jobs';
import { orderReceiptJob } from '../../domain/followups/order-jobs';
import type { FollowUpJob } from '../../domain/followups/follow-up-queue';
import type { PlanEffects } from '../../domain/plans/plan-event-facts';
import { planPaymentFailedJob } from './plan-payment-failed';

/**
 * Work a plan event owes, keyed by invoice so both invoice.paid and invoice.payment_succeeded (and every
 * redelivery) enqueue the same jobs once: a paid period's order gets the buyer's account and a receipt;
 * a failed renewal gets one email.
 */
export function planFollowUps(effects: PlanEffects | null): FollowUpJob[] {
  const fact = effects?.fact;
  if (fact?.kind === 'invoice_paid') return [orderPaidJob(fact.invoice.id), orderReceiptJob(fact.invoice.id)];
  if (fact?.kind === 'invoice_failed' && fact.email) {
    return [
      planPaymentFailedJob({
        invoiceId: fact.invoice.id,
        email: fact.email,
        name: fact.name,
        amount: fact.invoice.amount,
        currency: fact.invoice.currency,
        hostedInvoiceUrl: fact.invoice.hostedInvoiceUrl,
      }),
    ];
  }
  return [];
}
