/**
 * Delay (seconds) before each retry after a failed attempt. Stripe documents exponential backoff
 * for up to three days in live mode; this mirrors that curve (≈1 min, 5 min, 30 min, 2 h, 5 h, then
 * every 10 h) and gives up after the last entry (~2.8 days in total). Scaled by `retryScale`.
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [
  60, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600, 10 * 3600, 10 * 3600, 10 * 3600, 10 * 3600,
];

export function eventMatches(enabledEvents: readonly string[], type: string): boolean {
  return enabledEvents.includes('*') || enabledEvents.includes(type);
}
