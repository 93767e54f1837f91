import { deliveryDateFor } from './delivery-day';
import type { Plan, PlanInvoice, PlanStatus } from './plan';

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  active: 'Active',
  past_due: 'Payment problem',
  canceling: 'Ends after this period',
  ended: 'Ended',
};

function latestPaid(plan: Plan): PlanInvoice | undefined {
  return plan.invoices.filter((invoice) => invoice.state === 'paid').at(-1);
}

/**
 * The next delivery the customer can count on (YYYY-MM-DD), or null: this period's delivery if it is
 * still ahead, else the next period's while the plan renews. A plan with a failed payment or one that
 * ends has no delivery beyond what is already paid.
 */
export function nextDelivery(plan: Plan, today: string, timeZone: string): string | null {
  const weekday = plan.delivery.weekday;
  if (!weekday || plan.status === 'ended') return null;
  const paid = latestPaid(plan);
  const current = paid ? deliveryDateFor(paid.periodStart, weekday, timeZone) : null;
  if (current && current >= today) return current;
  if (plan.status !== 'active') return null;
  const nextStart = plan.subscription?.currentPeriodEnd ?? paid?.periodEnd;
  return nextStart ? deliveryDateFor(nextStart, weekday, timeZone) : null;
}

/** The failed invoice the customer should pay, when the plan is past due. */
export function unpaidInvoice(plan: Plan): PlanInvoice | null {
  const latest = plan.invoices.at(-1);
  return plan.status === 'past_due' && latest?.state === 'failed' ? latest : null;
}
