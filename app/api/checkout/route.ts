import { getCheckoutDeps } from '@/lib/composition';
import { handleCheckoutRequest } from '@/lib/checkout/handle-checkout-request';
import { createCheckoutRateLimiter, parseCheckoutRateLimit } from '@/lib/security/checkout-rate-limit';
import type { RateLimiter } from '@/lib/security/rate-limiter';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// One limiter per server process. Interim: moves to lib/composition.ts once config has the limit.
let rateLimiter: RateLimiter | undefined;

export function POST(request: Request): Promise<Response> {
  rateLimiter ??= createCheckoutRateLimiter(parseCheckoutRateLimit(process.env.CHECKOUT_RATE_LIMIT_PER_MINUTE));
  return handleCheckoutRequest({ ...getCheckoutDeps(), rateLimiter }, request);
}
