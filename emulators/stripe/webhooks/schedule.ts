/**
 * Delay (seconds) before each retry after a failed attempt, as in Stripe's test mode: "Stripe retries
 * three times over a few hours" (live mode backs off for up to three days). Scaled by `retryScale`.
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [15 * 60, 60 * 60, 3 * 3600];

/** Live mode: exponential backoff for about three days (≈1 min, 5 min, 30 min, 2 h, 5 h, then every 10 h). */
export const LIVE_RETRY_DELAYS_SECONDS: readonly number[] = [
  60, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600, 10 * 3600, 10 * 3600, 10 * 3600, 10 * 3600,
];

export function eventMatches(enabledEvents: readonly string[], type: string): boolean {
  return enabledEvents.includes('*') || enabledEvents.includes(type);
}
