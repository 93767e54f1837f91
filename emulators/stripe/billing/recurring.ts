import type Stripe from 'stripe';
import { invalidParam, missingParam } from '../errors';
import type { ParamMap } from '../server/form';
import { assertKnown, optEnum, optInt, optMap } from '../server/params';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;
/** Stripe's limit: one year of intervals at most (365 days, 52 weeks, 12 months, 1 year). */
const MAX_COUNT: Record<(typeof INTERVALS)[number], number> = { day: 365, week: 52, month: 12, year: 1 };

/** `recurring[...]` on a price or `price_data`; null for a one-time price. */
export function parseRecurring(params: ParamMap, label: (k: string) => string): Stripe.Price.Recurring | null {
  const raw = optMap(params, 'recurring', label('recurring'));
  if (!raw) return null;
  const at = (k: string): string => `${label('recurring')}[${k}]`;
  assertKnown(raw, ['interval', 'interval_count', 'usage_type', 'trial_period_days', 'meter', 'aggregate_usage'], label('recurring'));
  const interval = optEnum(raw, 'interval', INTERVALS, at('interval'));
  if (!interval) throw missingParam(at('interval'));
  const count = optInt(raw, 'interval_count', at('interval_count'), { min: 1 }) ?? 1;
  if (count > MAX_COUNT[interval]) {
    throw invalidParam(at('interval_count'), `The maximum billing interval is one year (${MAX_COUNT[interval]} ${interval}s).`, 'parameter_invalid_integer');
  }
  const usage = optEnum(raw, 'usage_type', ['licensed', 'metered'], at('usage_type')) ?? 'licensed';
  if (usage === 'metered' || raw['meter'] !== undefined || raw['aggregate_usage'] !== undefined) {
    throw invalidParam(at('usage_type'), 'Local Stripe does not support metered prices; use licensed prices or real Stripe (test mode).', 'parameter_invalid');
  }
  if (raw['trial_period_days'] !== undefined) {
    throw invalidParam(at('trial_period_days'), 'Local Stripe does not emulate trials; remove trial_period_days or use real Stripe (test mode).', 'parameter_invalid');
  }
  return { interval, interval_count: count, meter: null, trial_period_days: null, usage_type: 'licensed' };
}
