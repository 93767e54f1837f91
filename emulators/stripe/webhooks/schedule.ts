/**
 * Delay (seconds) before each retry after a failed attempt, as in Stripe's test mode: "Stripe retries
 * three times over a few hours" (live mode backs off for up to three days). Scaled by `retryScale`.
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [15 * 60, 60 * 60, 3 * 3600];

export function eventMatches(enabledEvents: readonly string[], type: string): boolean {
  return enabledEvents.includes('*') || enabledEvents.includes(type);
}
