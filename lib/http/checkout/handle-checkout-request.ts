import type { Logger } from '../../logger';
import { isJsonContentType } from '../content-type';
import { errorResponse, jsonResponse } from '../json-response';
import { BodyTooLargeError, readBodyWithLimit } from '../read-body';
import { clientKey } from '../../security/client-key';
import type { RateLimiter } from '../../security/rate-limiter';
import { createCheckout, type CheckoutDeps } from '../../services/checkout/create-checkout';
import { isStripeInvalidRequest } from '../../services/stripe/stripe-errors';

const MAX_CHECKOUT_BODY_BYTES = 16 * 1024;

export interface CheckoutRequestDeps extends CheckoutDeps {
  logger: Logger;
  /** Each attempt, valid or not, spends one of the client's tokens: every one may reach Stripe. */
  rateLimiter: RateLimiter;
  /** Proxies in front of the shop that append to X-Forwarded-For (TRUSTED_PROXY_HOPS); 1 when not given. */
  trustedProxyHops?: number;
}

/**
 * POST /api/checkout: JSON `{ lines: [{ priceId, quantity }], deliveryDate }`.
 * Success is a 303 to Stripe's hosted page; a script that asks for JSON (Accept: application/json)
 * gets `{ url }` instead, because fetch cannot read a cross-origin redirect's Location.
 * Every refusal is `{ error: { code, message, field? } }` with a 4xx, and opens no Checkout Session.
 */
export async function handleCheckoutRequest(deps: CheckoutRequestDeps, request: Request): Promise<Response> {
  if (request.method !== 'POST') return errorResponse(405, { code: 'method_not_allowed', message: 'Use POST' }, { Allow: 'POST' });

  const client = clientKey(request.headers, deps.trustedProxyHops ?? 1);
  // Requests with no usable address share one allowance: say so, since it usually means a proxy misconfiguration.
  if (client.kind === 'unknown') deps.logger.warn('checkout request without a usable client address (check TRUSTED_PROXY_HOPS and the proxy in front)');
  const decision = deps.rateLimiter.take(client.key);
  if (!decision.allowed) {
    deps.logger.warn({ retryAfterSeconds: decision.retryAfterSeconds }, 'checkout rate limit reached');
    return errorResponse(
      429,
      { code: 'rate_limited', message: 'Too many checkout attempts. Please wait a moment and try again.' },
      { 'Retry-After': String(decision.retryAfterSeconds) },
    );
  }

  if (!isJsonContentType(request.headers.get('content-type'))) {
    return errorResponse(415, { code: 'unsupported_media_type', message: 'Send the cart as application/json' });
  }
  let input: unknown;
  try {
    input = JSON.parse(await readBodyWithLimit(request, MAX_CHECKOUT_BODY_BYTES));
  } catch (cause) {
    if (cause instanceof BodyTooLargeError) return errorResponse(413, { code: 'payload_too_large', message: 'The cart is too large' });
    return errorResponse(400, { code: 'invalid_json', message: 'The request body is not valid JSON' });
  }

  let result;
  try {
    result = await createCheckout(deps, input);
  } catch (cause) {
    if (isStripeInvalidRequest(cause)) {
      // A price deactivated between our catalog read and Stripe's check, for example.
      deps.logger.warn({ stripeCode: cause.code, param: cause.param }, 'Stripe refused the checkout session');
      return errorResponse(400, { code: 'unavailable_price', message: 'One of the packages in your cart is no longer available.' });
    }
    deps.logger.error({ err: cause }, 'checkout session creation failed');
    return errorResponse(502, { code: 'payment_provider_unavailable', message: 'We could not reach the payment provider. Please try again.' });
  }

  // A full date is a conflict with other orders, not a malformed request.
  if (!result.ok) return errorResponse(result.error.code === 'date_full' ? 409 : 400, result.error);
  deps.logger.info({ sessionId: result.sessionId }, 'checkout session created');
  if ((request.headers.get('accept') ?? '').includes('application/json')) {
    return jsonResponse(200, { url: result.url, sessionId: result.sessionId });
  }
  return new Response(null, { status: 303, headers: { Location: result.url, 'Cache-Control': 'no-store' } });
}
