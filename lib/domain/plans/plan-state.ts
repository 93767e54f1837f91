import type { Plan, PlanDelivery, PlanInvoice, PlanStatus, SubscriptionState } from './plan';

/** Who the plan is for, as far as one event says (any field may be unknown). */
export interface PlanParty {
  planId: string;
  customerId: string | null;
  email: string | null;
  name: string | null;
  delivery: PlanDelivery;
}

/** A fact learned from one Stripe event about a plan, in the shop's terms. */
export type PlanFact =
  /** checkout.session.completed in mode=subscription. */
  | ({ kind: 'checkout_completed' } & PlanParty)
  /** customer.subscription.created / updated / deleted: the subscription as it was when the event was made. */
  | ({ kind: 'subscription_changed'; state: Omit<SubscriptionState, 'asOf'>; deletedAt: number | null } & PlanParty)
  /** invoice.paid / invoice.payment_succeeded (the same fact twice) or invoice.payment_failed. */
  | ({ kind: 'invoice_paid' | 'invoice_failed'; invoice: Omit<PlanInvoice, 'state'> } & PlanParty);

export interface PlanFactSource {
  eventId: string;
  /** Event creation time (unix seconds). */
  created: number;
}

function emptyPlan(id: string): Plan {
  return {
    id,
    customerId: null,
    email: null,
    name: null,
    status: 'active',
    delivery: { weekday: null, window: null, recipient: null, address: null },
    subscription: null,
    invoices: [],
    endedAt: null,
    owner: null,
  };
}

/** Fills what the plan does not know yet; never erases what an earlier event told us. */
function mergeParty(plan: Plan, party: PlanParty): Plan {
  return {
    ...plan,
    customerId: plan.customerId ?? party.customerId,
    email: plan.email ?? party.email,
    name: plan.name ?? party.name,
    delivery: {
      weekday: plan.delivery.weekday ?? party.delivery.weekday,
      window: plan.delivery.window ?? party.delivery.window,
      recipient: plan.delivery.recipient ?? party.delivery.recipient,
      address: plan.delivery.address ?? party.delivery.address,
    },
  };
}

/** Later (created, event id) wins, whatever order the events arrive in. */
function isNewer(candidate: SubscriptionState['asOf'], current: SubscriptionState['asOf'] | undefined): boolean {
  if (!current) return true;
  return candidate.created > current.created || (candidate.created === current.created && candidate.eventId > current.eventId);
}

/** One entry per invoice; "paid" is final (a failed attempt that reports late cannot undo a payment). */
function withInvoice(invoices: readonly PlanInvoice[], invoice: PlanInvoice): PlanInvoice[] {
  const existing = invoices.find((entry) => entry.id === invoice.id);
  const merged: PlanInvoice = existing
    ? { ...existing, state: existing.state === 'paid' ? 'paid' : invoice.state, hostedInvoiceUrl: existing.hostedInvoiceUrl ?? invoice.hostedInvoiceUrl }
    : invoice;
  const others = invoices.filter((entry) => entry.id !== invoice.id);
  return [...others, merged].sort((a, b) => a.periodStart - b.periodStart || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The plan's status follows from what it knows, never from the order events came in. */
export function planStatusOf(plan: Pick<Plan, 'endedAt' | 'subscription' | 'invoices'>): PlanStatus {
  if (plan.endedAt !== null || plan.subscription?.stripeStatus === 'canceled') return 'ended';
  if (plan.invoices.at(-1)?.state === 'failed') return 'past_due';
  if (plan.subscription?.cancelAtPeriodEnd) return 'canceling';
  return 'active';
}

function mergeFact(plan: Plan, fact: PlanFact, source: PlanFactSource): Plan {
  switch (fact.kind) {
    case 'checkout_completed':
      return plan;
    case 'subscription_changed': {
      const asOf = { created: source.created, eventId: source.eventId };
      const subscription = isNewer(asOf, plan.subscription?.asOf) ? { ...fact.state, asOf } : plan.subscription;
      const endedAt = fact.deletedAt === null ? plan.endedAt : Math.min(plan.endedAt ?? fact.deletedAt, fact.deletedAt);
      return { ...plan, subscription, endedAt };
    }
    case 'invoice_paid':
    case 'invoice_failed':
      return { ...plan, invoices: withInvoice(plan.invoices, { ...fact.invoice, state: fact.kind === 'invoice_paid' ? 'paid' : 'failed' }) };
  }
}

/**
 * The plan state machine: folds one fact into the plan. Pure, and the same whatever the arrival order
 * or number of copies: details are only filled in; the subscription's own state is last-writer-wins by
 * Stripe's event time (ties broken by event id), so a stale "updated" never overwrites a newer one;
 * an invoice once paid stays paid; a deletion is final. The status is derived from all of that.
 */
export function applyPlanFact(current: Plan | null, fact: PlanFact, source: PlanFactSource): Plan {
  const merged = mergeFact(mergeParty(current ?? emptyPlan(fact.planId), fact), fact, source);
  return { ...merged, status: planStatusOf(merged) };
}
