import Stripe from 'stripe';
import type { StripeTarget } from '../../config/config';
import { OUTBOUND_TIMEOUTS } from '../../security/outbound-timeouts';

/**
 * The official SDK, pointed at real Stripe or at Local Stripe.
 * The rest of the app never knows which: both speak the same API.
 */
export function createStripeClient(target: StripeTarget): Stripe {
  const appInfo = { name: 'catering-storefront', version: '0.1.0' };
  if (target.kind === 'stripe') {
    return new Stripe(target.secretKey, { appInfo, maxNetworkRetries: 2, timeout: OUTBOUND_TIMEOUTS.stripeMs });
  }
  return new Stripe(target.secretKey, {
    appInfo,
    host: target.host,
    port: target.port,
    protocol: target.protocol,
    maxNetworkRetries: 2,
    timeout: OUTBOUND_TIMEOUTS.stripeMs,
    telemetry: false,
  });
}
