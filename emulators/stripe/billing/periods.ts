import type Stripe from 'stripe';

/** A price's billing interval (`recurring[interval]` × `recurring[interval_count]`). */
export interface Interval {
  interval: 'day' | 'week' | 'month' | 'year';
  count: number;
}

const DAY_S = 86_400;

export function intervalOf(price: Stripe.Price): Interval {
  const r = price.recurring;
  if (!r) throw new Error(`price ${price.id} is not recurring`);
  const interval = (['day', 'week', 'year'] as const).find((i) => i === r.interval) ?? 'month';
  return { interval, count: r.interval_count };
}

/**
 * The k-th period boundary after `anchor` (epoch seconds, UTC). Months keep the anchor's day and time,
 * clamped to the month's last day (Jan 31 → Feb 28 → Mar 31), as Stripe's billing cycle anchor does.
 */
export function boundary(anchor: number, every: Interval, k: number): number {
  if (every.interval === 'day') return anchor + k * every.count * DAY_S;
  if (every.interval === 'week') return anchor + k * every.count * 7 * DAY_S;
  const months = k * every.count * (every.interval === 'year' ? 12 : 1);
  const start = new Date(anchor * 1000);
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDay);
  const ms = Date.UTC(y, m, day, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds());
  return Math.floor(ms / 1000);
}

/** The first boundary strictly after `t`. */
export function boundaryAfter(anchor: number, every: Interval, t: number): number {
  let k = 1;
  // Estimate k from the shortest possible period, then step: a few iterations at most.
  const approx = Math.floor((t - anchor) / (periodSeconds(every) * 1.1));
  if (approx > 1) k = approx;
  while (boundary(anchor, every, k) <= t) k++;
  while (k > 1 && boundary(anchor, every, k - 1) > t) k--;
  return boundary(anchor, every, k);
}

/** Nominal length of one period in seconds (a month as 31 days: an upper bound). */
export function periodSeconds(every: Interval): number {
  const days = { day: 1, week: 7, month: 31, year: 366 }[every.interval];
  return days * every.count * DAY_S;
}
