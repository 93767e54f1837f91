import type { PostalAddress } from '../orders/order';

/** The weekdays the kitchen delivers plans on. */
export const DELIVERY_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
export type DeliveryWeekday = (typeof DELIVERY_WEEKDAYS)[number];

export function isDeliveryWeekday(value: unknown): value is DeliveryWeekday {
  return typeof value === 'string' && (DELIVERY_WEEKDAYS as readonly string[]).includes(value);
}

/**
 * active: paid up and renewing. past_due: the latest renewal's payment failed (no delivery for it).
 * canceling: paid up, ends at the end of the current period. ended: the subscription was deleted.
 */
export type PlanStatus = 'active' | 'past_due' | 'canceling' | 'ended';

export type PlanInterval = 'week' | 'month';

/** One billing period's invoice as the plan knows it; "paid" outranks "failed" (a retry that succeeded). */
export interface PlanInvoice {
  id: string;
  periodStart: number;
  periodEnd: number;
  state: 'paid' | 'failed';
  amount: number;
  currency: string;
  /** Stripe's page where the customer can pay a failed invoice. */
  hostedInvoiceUrl: string | null;
}

/** Where and when the plan's deliveries go: chosen on the plans page, kept in the subscription's metadata. */
export interface PlanDelivery {
  weekday: DeliveryWeekday | null;
  window: string | null;
  recipient: string | null;
  address: PostalAddress | null;
}

/** The subscription's own state, as of the newest Stripe event that described it. */
export interface SubscriptionState {
  stripeStatus: string;
  quantity: number;
  priceId: string | null;
  productName: string | null;
  interval: PlanInterval | null;
  unitAmount: number | null;
  currency: string | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodStart: number | null;
  currentPeriodEnd: number | null;
  /**
   * The state's ordering key: a later (created, id) replaces it, an earlier one never does. The webhook path
   * applies the subscription as read from Stripe, with `created` the read time in ms (lib/services/plans/fresh-subscription.ts).
   */
  asOf: { created: number; eventId: string };
}

/** A recurring catering plan: one per Stripe subscription. */
export interface Plan {
  id: string;
  customerId: string | null;
  email: string | null;
  name: string | null;
  status: PlanStatus;
  delivery: PlanDelivery;
  subscription: SubscriptionState | null;
  invoices: PlanInvoice[];
  /** When the subscription was deleted (unix seconds); null while it runs. */
  endedAt: number | null;
  /** The customer account, in Amplify's owner format "<sub>::<username>"; null until linked. */
  owner: string | null;
}
