/** Stripe's minimum is 30 minutes after creation; two more absorb clock skew between us and Stripe. */
export const SESSION_LIFETIME_SECONDS = 32 * 60;

/**
 * `expires_at` (Unix seconds) for a Checkout Session created `now`: the shortest life Stripe allows, so
 * whatever the session holds (servings for a delivery date) comes back soon when the buyer walks away.
 */
export function checkoutSessionExpiresAt(now: Date): number {
  return Math.floor(now.getTime() / 1000) + SESSION_LIFETIME_SECONDS;
}
