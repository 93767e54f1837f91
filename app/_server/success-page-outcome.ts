import 'server-only';
import { headers } from 'next/headers';
import { getServices } from '../../lib/composition';
import { clientKey } from '../../lib/security/client-key';
import { TokenBucketRateLimiter } from '../../lib/security/rate-limiter';
import { getCheckoutOutcome, type CheckoutOutcome } from '../../lib/domain/orders/checkout-outcome';
import { GuardedSessionLookups, stripeSessionLookup } from '../../lib/services/orders/session-lookup';

/** Stripe lookups one client may cause from the success page per minute: a buyer needs one or two. */
export const SUCCESS_LOOKUPS_PER_MINUTE = 30;

// One cache and limiter per process, kept on globalThis like the services (dev reloads reuse it).
const holder = globalThis as typeof globalThis & { __successLookups?: GuardedSessionLookups };

function successLookups(): GuardedSessionLookups {
  const services = getServices();
  holder.__successLookups ??= new GuardedSessionLookups({
    lookup: stripeSessionLookup(services.stripe),
    clock: services.clock,
    limiter: new TokenBucketRateLimiter({ capacity: SUCCESS_LOOKUPS_PER_MINUTE, refillIntervalMs: 60_000, clock: services.clock }),
    logger: services.logger,
  });
  return holder.__successLookups;
}

/** The success page's data: the outcome for this session, with Stripe lookups cached and limited per client. */
export async function loadCheckoutOutcome(sessionId: unknown): Promise<CheckoutOutcome> {
  const services = getServices();
  const client = clientKey(await headers(), services.config.trustedProxyHops).key;
  const lookups = successLookups();
  return getCheckoutOutcome({ store: services.store, lookupSession: (id) => lookups.lookup(id, client) }, sessionId);
}
