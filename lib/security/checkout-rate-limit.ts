import { systemClock, type Clock } from '../clock';
import { TokenBucketRateLimiter, type RateLimiter } from './rate-limiter';

/** Checkout Sessions a client may open per minute: a family ordering lunch needs a few, a script many. */
export const DEFAULT_CHECKOUT_RATE_LIMIT_PER_MINUTE = 10;

export function createCheckoutRateLimiter(perMinute: number, clock: Clock = systemClock): RateLimiter {
  return new TokenBucketRateLimiter({ capacity: perMinute, refillIntervalMs: 60_000, clock });
}

/** Reads CHECKOUT_RATE_LIMIT_PER_MINUTE: unset or empty means the default; anything else must be a positive whole number. */
export function parseCheckoutRateLimit(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_CHECKOUT_RATE_LIMIT_PER_MINUTE;
  const perMinute = Number(value);
  if (!Number.isInteger(perMinute) || perMinute < 1) {
    throw new Error('Invalid configuration:\n  - CHECKOUT_RATE_LIMIT_PER_MINUTE: must be a positive whole number such as 10');
  }
  return perMinute;
}
