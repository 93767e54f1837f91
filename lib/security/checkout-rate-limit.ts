import { systemClock, type Clock } from '../domain/clock';
import { TokenBucketRateLimiter, type RateLimiter } from './rate-limiter';

/** Checkout Sessions a client may open per minute (CHECKOUT_RATE_LIMIT_PER_MINUTE, default 10): a family ordering lunch needs a few, a script many. */
export function createCheckoutRateLimiter(perMinute: number, clock: Clock = systemClock): RateLimiter {
  return new TokenBucketRateLimiter({ capacity: perMinute, refillIntervalMs: 60_000, clock });
}
