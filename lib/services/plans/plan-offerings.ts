import type Stripe from 'stripe';
import { isStripeInvalidRequest } from '../stripe/stripe-errors';
import type { PlanInterval } from '../../domain/plans/plan';

/** A recurring catering plan the shop sells: a recurring Stripe price joined with its product. */
export interface PlanOffering {
  priceId: string;
  productId: string;
  name: string;
  /** What each delivery contains (the product's description). */
  contents: string | null;
  image: string | null;
  unitAmount: number;
  currency: string;
  interval: PlanInterval;
  serves: number | null;
}

export function toPlanOffering(price: Stripe.Price): PlanOffering | null {
  const product = price.product;
  if (typeof product === 'string' || product.deleted || !product.active) return null;
  const interval: string | undefined = price.recurring?.interval;
  // Only fixed-amount, one-period weekly or monthly prices are plans the shop can deliver.
  if (!price.active || price.type !== 'recurring' || price.unit_amount == null || price.recurring?.interval_count !== 1) return null;
  if (interval !== 'week' && interval !== 'month') return null;
  const serves = Number.parseInt(product.metadata.serves ?? '', 10);
  return {
    priceId: price.id,
    productId: product.id,
    // Plans on one product (weekly, monthly) are told apart by the price's nickname.
    name: price.nickname ?? product.name,
    contents: product.description ?? null,
    image: product.images[0] ?? null,
    unitAmount: price.unit_amount,
    currency: price.currency,
    interval,
    serves: Number.isFinite(serves) ? serves : null,
  };
}

/** Every plan on sale, weekly before monthly, then by name. Amounts come from Stripe, never the browser. */
export async function fetchPlanOfferings(stripe: Stripe): Promise<PlanOffering[]> {
  const offerings: PlanOffering[] = [];
  for await (const price of stripe.prices.list({ active: true, type: 'recurring', expand: ['data.product'], limit: 100 })) {
    const offering = toPlanOffering(price);
    if (offering) offerings.push(offering);
  }
  return offerings.sort((a, b) => (a.interval === b.interval ? a.name.localeCompare(b.name) : a.interval === 'week' ? -1 : 1));
}

/** The one offering with this price id, fresh from Stripe; null if it is not a plan on sale. */
export async function findPlanOffering(stripe: Stripe, priceId: string): Promise<PlanOffering | null> {
  try {
    return toPlanOffering(await stripe.prices.retrieve(priceId, { expand: ['product'] }));
  } catch (error) {
    if (isStripeInvalidRequest(error, { status: 404 })) return null;
    throw error;
  }
}
