import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '@/lib/domain/clock';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { silentLogger } from '@/lib/logger';
import { getCheckoutOutcome } from '@/lib/domain/orders/checkout-outcome';
import { GuardedSessionLookups, stripeSessionLookup } from '@/lib/services/orders/session-lookup';
import { clientKey } from '@/lib/security/client-key';
import { CONFIRMING_POLL, pollDelay } from '@/lib/security/poll-backoff';
import { TokenBucketRateLimiter } from '@/lib/security/rate-limiter';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

/**
 * /checkout/success?session_id=… asks Stripe about sessions the webhook has not recorded. Flooding it with
 * made-up ids must not turn into Stripe calls: the Stripe calls are counted by Local Stripe itself.
 */
const PER_MINUTE = 30;
let shop: TestShop;
let now = Date.parse('2030-01-01T12:00:00Z');
const clock: Clock = { now: () => new Date(now) };

beforeAll(async () => {
  shop = await startTestShop();
});
afterAll(async () => {
  await shop?.close();
});

async function sessionRetrieves(): Promise<number> {
  const stats = (await (await fetch(`${shop.emulator.url}/_emulator/stats`)).json()) as { requestsByPath: Record<string, number> };
  return stats.requestsByPath['GET /v1/checkout/sessions/:id'] ?? 0;
}

function guarded(): GuardedSessionLookups {
  return new GuardedSessionLookups({
    lookup: stripeSessionLookup(shop.stripe),
    clock,
    limiter: new TokenBucketRateLimiter({ capacity: PER_MINUTE, refillIntervalMs: 60_000, clock }),
    logger: silentLogger,
  });
}

const randomSessionId = () => `cs_test_${randomBytes(12).toString('hex')}`;
const from = (forwardedFor: string) => clientKey(new Headers({ 'x-forwarded-for': forwardedFor }), 1).key;

describe('success-page flood', () => {
  it('500 hits on one made-up session cost one Stripe call', async () => {
    const lookups = guarded();
    const id = randomSessionId();
    const before = await sessionRetrieves();
    for (let hit = 0; hit < 500; hit++) expect(await lookups.lookup(id, from('203.0.113.1'))).toBe('not_found');
    expect((await sessionRetrieves()) - before).toBe(1);
  });

  it('50 concurrent hits on one session share one Stripe call', async () => {
    const lookups = guarded();
    const id = randomSessionId();
    const before = await sessionRetrieves();
    const states = await Promise.all(Array.from({ length: 50 }, () => lookups.lookup(id, from('203.0.113.2'))));
    expect(new Set(states)).toEqual(new Set(['not_found']));
    expect((await sessionRetrieves()) - before).toBe(1);
  });

  it('200 made-up sessions from one client cost at most its allowance; the rest read as "confirming"', async () => {
    const lookups = guarded();
    const before = await sessionRetrieves();
    const states: string[] = [];
    for (let hit = 0; hit < 200; hit++) states.push(await lookups.lookup(randomSessionId(), from('203.0.113.3')));
    expect((await sessionRetrieves()) - before).toBe(PER_MINUTE);
    expect(states.filter((state) => state === 'not_found')).toHaveLength(PER_MINUTE);
    expect(states.filter((state) => state === 'confirming')).toHaveLength(200 - PER_MINUTE);
  });

  it('rotating the spoofable part of X-Forwarded-For, or the address within an IPv6 /64, is still one client', async () => {
    const lookups = guarded();
    const before = await sessionRetrieves();
    for (let hit = 0; hit < 100; hit++) await lookups.lookup(randomSessionId(), from(`10.0.${hit}.1, 198.51.100.9`));
    for (let hit = 0; hit < 100; hit++) await lookups.lookup(randomSessionId(), from(`2001:db8:5:6::${hit.toString(16)}`));
    expect((await sessionRetrieves()) - before).toBe(2 * PER_MINUTE);
  });

  it('another client is unaffected, and the allowance refills with time', async () => {
    const lookups = guarded();
    for (let hit = 0; hit < PER_MINUTE + 5; hit++) await lookups.lookup(randomSessionId(), from('203.0.113.4'));
    expect(await lookups.lookup(randomSessionId(), from('203.0.113.5'))).toBe('not_found');
    expect(await lookups.lookup(randomSessionId(), from('203.0.113.4'))).toBe('confirming');
    now += 60_000;
    expect(await lookups.lookup(randomSessionId(), from('203.0.113.4'))).toBe('not_found');
  });

  it('a real open session is "not paid" through the guarded lookup, and a Stripe outage reads as "confirming"', async () => {
    const catalog = await shop.checkoutDeps.loadCatalog();
    const checkout = await createCheckout(shop.checkoutDeps, { lines: [{ priceId: catalog[0]!.priceId, quantity: 1 }], deliveryDate: daysFromNow(3) });
    if (!checkout.ok) throw new Error(checkout.error.message);
    const lookups = guarded();
    const outcome = await getCheckoutOutcome({ ...shop, lookupSession: (id) => lookups.lookup(id, 'client') }, checkout.sessionId);
    expect(outcome).toEqual({ state: 'not_paid' });

    const failing = new GuardedSessionLookups({
      lookup: () => Promise.reject(new Error('Stripe is down')),
      clock,
      limiter: new TokenBucketRateLimiter({ capacity: 5, refillIntervalMs: 60_000, clock }),
      logger: silentLogger,
    });
    expect(await failing.lookup(randomSessionId(), 'client')).toBe('confirming');
  });
});

describe('the confirming page polls with backoff', () => {
  it('waits longer after each refresh, up to a cap', () => {
    const delays = Array.from({ length: 20 }, (_, attempt) => pollDelay(attempt, CONFIRMING_POLL));
    expect(delays[0]).toBe(CONFIRMING_POLL.firstMs);
    for (let index = 1; index < delays.length; index++) expect(delays[index]).toBeGreaterThanOrEqual(delays[index - 1]!);
    expect(delays.at(-1)).toBe(CONFIRMING_POLL.maxMs);
    // Ten minutes of an open tab: a few dozen refreshes, not 400.
    let elapsed = 0;
    let refreshes = 0;
    while (elapsed < 10 * 60_000) elapsed += pollDelay(refreshes++, CONFIRMING_POLL);
    expect(refreshes).toBeLessThan(40);
  });
});
