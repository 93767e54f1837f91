import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildConfig } from '@/lib/config/config';
import { TokenBucketRateLimiter } from '@/lib/security/rate-limiter';

function limiterAt(start: number, options: { capacity: number; refillIntervalMs: number; maxKeys?: number }) {
  let now = start;
  const limiter = new TokenBucketRateLimiter({ ...options, clock: { now: () => new Date(now) } });
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('TokenBucketRateLimiter', () => {
  it('allows a burst up to the capacity, then says how long to wait', () => {
    const { limiter } = limiterAt(0, { capacity: 10, refillIntervalMs: 60_000 });
    for (let i = 0; i < 10; i++) expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 6 });
  });

  it('refills continuously and never beyond the capacity', () => {
    const { limiter, advance } = limiterAt(0, { capacity: 2, refillIntervalMs: 60_000 });
    limiter.take('a');
    limiter.take('a');
    advance(30_000);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    advance(10 * 60_000);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')].map((decision) => decision.allowed)).toEqual([true, true, false]);
  });

  it('keeps one bucket per key', () => {
    const { limiter } = limiterAt(0, { capacity: 1, refillIntervalMs: 60_000 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('bounds its memory by forgetting the least recently seen key', () => {
    const { limiter } = limiterAt(0, { capacity: 1, refillIntervalMs: 60_000, maxKeys: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('a');
    limiter.take('c'); // evicts b, the least recently seen
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('refuses a nonsensical configuration', () => {
    expect(() => new TokenBucketRateLimiter({ capacity: 0, refillIntervalMs: 1, clock: { now: () => new Date() } })).toThrow(/capacity/);
    expect(() => new TokenBucketRateLimiter({ capacity: 1, refillIntervalMs: 0, clock: { now: () => new Date() } })).toThrow(/interval/);
  });
});

describe('CHECKOUT_RATE_LIMIT_PER_MINUTE', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rate-'));
  it.each([
    [undefined, 10],
    ['', 10],
    ['1000', 1000],
  ])('reads %j as %d', (value, expected) => {
    expect(buildConfig({ LOCAL_DATA_DIR: dataDir, CHECKOUT_RATE_LIMIT_PER_MINUTE: value }).checkoutRateLimitPerMinute).toBe(expected);
  });

  it.each(['0', '-1', '2.5', 'ten'])('names the variable when %j is not a positive whole number', (value) => {
    expect(() => buildConfig({ LOCAL_DATA_DIR: dataDir, CHECKOUT_RATE_LIMIT_PER_MINUTE: value })).toThrow(/CHECKOUT_RATE_LIMIT_PER_MINUTE/);
  });
});
