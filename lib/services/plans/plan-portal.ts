import type Stripe from 'stripe';
import type { SignedInUser } from '../../domain/auth/signed-in-user';
import { isOwnedBy } from '../../domain/orders/customer-orders';
import type { Plan } from '../../domain/plans/plan';
import type { PlanStore } from '../../domain/plans/plan-store';

/**
 * A signed-in customer's plans, newest first. Unowned plans bought with the customer's verified email
 * are linked first, as orders are: that is how a plan bought before signing up becomes theirs.
 */
export async function listCustomerPlans(plans: PlanStore, user: SignedInUser): Promise<Plan[]> {
  if (user.emailVerified) await plans.claimPlansByEmail(user.email, user.owner);
  return plans.listPlansByOwner(user.owner);
}

/**
 * Opens Stripe's Customer Portal for one of the customer's own plans (cancel, change quantity, update the
 * card). Someone else's plan and an unknown one are the same "not found".
 */
export async function openPlanPortal(
  deps: { stripe: Stripe; plans: PlanStore; siteUrl: string },
  user: SignedInUser,
  planId: string,
): Promise<{ ok: true; url: string } | { ok: false }> {
  const plan = await deps.plans.getPlan(planId);
  if (!plan?.customerId || !isOwnedBy(plan, user.owner)) return { ok: false };
  const session = await deps.stripe.billingPortal.sessions.create({ customer: plan.customerId, return_url: `${deps.siteUrl}/account` });
  return { ok: true, url: session.url };
}
