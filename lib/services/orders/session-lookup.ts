import type Stripe from 'stripe';
import type { Clock } from '../../domain/clock';
import type { Logger } from '../../logger';
import type { RateLimiter } from '../../security/rate-limiter';
import { isStripeInvalidRequest } from '../stripe/stripe-errors';
import type { SessionLookup, SessionState } from '../../domain/orders/checkout-outcome';

export type { SessionLookup, SessionState };

/** A success-page lookup waits this long for Stripe at most, and is not retried: the page polls anyway. */
const LOOKUP_TIMEOUT_MS = 5_000;

/** One Checkout Session retrieve at Stripe, without the SDK's retries. */
export function stripeSessionLookup(stripe: Stripe): SessionLookup {
  return async (sessionId) => {
    let session: Stripe.Checkout.Session;
    try {
      session = await stripe.checkout.sessions.retrieve(sessionId, {}, { maxNetworkRetries: 0, timeout: LOOKUP_TIMEOUT_MS });
    } catch (error) {
      if (isStripeInvalidRequest(error, { status: 404, code: 'resource_missing' })) return 'not_found';
      throw error;
    }
    if (session.status === 'expired') return 'expired';
    if (session.status === 'open') return 'not_paid';
    // Complete at Stripe, but our webhook has not recorded it yet.
    return 'confirming';
  };
}

/** How long each answer is reused: final answers long, answers that may change soon briefly. */
const CACHE_MS: Record<SessionState, number> = {
  not_found: 10 * 60_000,
  expired: 60 * 60_000,
  not_paid: 10_000,
  confirming: 5_000,
};
const MAX_CACHED = 10_000;

export interface GuardedLookupOptions {
  lookup: SessionLookup;
  clock: Clock;
  /** Spent once per Stripe call a client causes (cache hits are free). */
  limiter: RateLimiter;
  logger: Logger;
}

/**
 * The success page's Stripe lookups, made cheap to flood: answers are cached per session (concurrent
 * requests for one session share a call), and each client may cause only so many calls. A client over its
 * allowance, or a Stripe failure, reads as "confirming": the page keeps polling and the store, which the
 * webhook fills, answers once the order is recorded.
 */
export class GuardedSessionLookups {
  private readonly cache = new Map<string, { state: SessionState; until: number }>();
  private readonly inFlight = new Map<string, Promise<SessionState>>();

  constructor(private readonly options: GuardedLookupOptions) {}

  async lookup(sessionId: string, client: string): Promise<SessionState> {
    const now = this.options.clock.now().getTime();
    const cached = this.cache.get(sessionId);
    if (cached && cached.until > now) return cached.state;
    const running = this.inFlight.get(sessionId);
    if (running) return running;

    const decision = this.options.limiter.take(client);
    if (!decision.allowed) {
      this.options.logger.warn({ retryAfterSeconds: decision.retryAfterSeconds }, 'success-page lookup limit reached');
      return 'confirming';
    }
    const call = this.call(sessionId).finally(() => this.inFlight.delete(sessionId));
    this.inFlight.set(sessionId, call);
    return call;
  }

  private async call(sessionId: string): Promise<SessionState> {
    let state: SessionState;
    try {
      state = await this.options.lookup(sessionId);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'success-page lookup at Stripe failed');
      return 'confirming';
    }
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(sessionId, { state, until: this.options.clock.now().getTime() + CACHE_MS[state] });
    return state;
  }
}
