import type { Core } from '../core';
import { nowSeconds } from '../ids';
import { CATALOG, seededPrice } from './catalog';

interface SeedPlan {
  id: string;
  product: string;
  lookupKey: string;
  nickname: string;
  interval: 'week' | 'month';
  amount: number;
}

/** Recurring plan prices on catering products: stable ids and lookup keys, like the one-time prices. */
export const PLANS: readonly SeedPlan[] = [
  { id: 'price_sandwich_boxes_weekly', product: 'prod_sandwich_boxes', lookupKey: 'sandwich-boxes-weekly', nickname: 'Weekly office lunch', interval: 'week', amount: 16500 },
  { id: 'price_sandwich_boxes_monthly', product: 'prod_sandwich_boxes', lookupKey: 'sandwich-boxes-monthly', nickname: 'Monthly office lunch', interval: 'month', amount: 59400 },
  { id: 'price_breakfast_spread_weekly', product: 'prod_breakfast_spread', lookupKey: 'breakfast-spread-weekly', nickname: 'Weekly team breakfast', interval: 'week', amount: 18900 },
];

/**
 * Adds the plan prices that are missing (no events: nothing is listening yet). Called before the
 * catalog is seeded, so lists (newest first) keep showing each product's one-time price first.
 */
export function seedPlans(core: Core): void {
  const created = nowSeconds() - CATALOG.length - 1;
  for (const plan of PLANS) {
    if (core.state.prices[plan.id]) continue;
    if (!core.state.products[plan.product] && !CATALOG.some((c) => c.id === plan.product)) continue;
    core.state.prices[plan.id] = seededPrice({
      id: plan.id,
      product: plan.product,
      lookupKey: plan.lookupKey,
      amount: plan.amount,
      created,
      nickname: plan.nickname,
      recurring: { interval: plan.interval, interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' },
    });
  }
}
