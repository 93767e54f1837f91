import type { Clock } from '../domain/clock';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Spends one token of `key`'s allowance, or says how long until one is available. */
  take(key: string): RateDecision;
}

export interface TokenBucketOptions {
  /** Requests a client may make in a burst; also the steady rate per `refillIntervalMs`. */
  capacity: number;
  refillIntervalMs: number;
  clock: Clock;
  /** Buckets kept at most, so a flood of distinct keys cannot grow memory without bound. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per key, in this process's memory. Each key holds up to `capacity` tokens and
 * regains `capacity` per `refillIntervalMs`, continuously. Several server instances each keep
 * their own buckets, so a client's real allowance is the limit times the instance count: a
 * multi-instance deployment that needs an exact limit must keep buckets in a shared store
 * (DynamoDB, Redis) or enforce the limit at the edge (AWS WAF rate-based rules).
 */
export class TokenBucketRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private readonly maxKeys: number;

  constructor(private readonly options: TokenBucketOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) throw new Error('Rate limit capacity must be a positive whole number');
    if (!(options.refillIntervalMs > 0)) throw new Error('Rate limit refill interval must be positive');
    this.refillPerMs = options.capacity / options.refillIntervalMs;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  take(key: string): RateDecision {
    const now = this.options.clock.now().getTime();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)) };
  }

  private refilled(key: string, now: number): Bucket {
    const existing = this.buckets.get(key);
    if (existing) {
      const elapsed = Math.max(0, now - existing.updatedAt);
      existing.tokens = Math.min(this.options.capacity, existing.tokens + elapsed * this.refillPerMs);
      existing.updatedAt = now;
      // Re-inserted so the Map's order is least recently used first.
      this.buckets.delete(key);
      this.buckets.set(key, existing);
      return existing;
    }
    if (this.buckets.size >= this.maxKeys) this.evictOldest();
    const fresh = { tokens: this.options.capacity, updatedAt: now };
    this.buckets.set(key, fresh);
    return fresh;
  }

  // The least recently seen client has had the longest to refill, so forgetting it costs the least.
  private evictOldest(): void {
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}
