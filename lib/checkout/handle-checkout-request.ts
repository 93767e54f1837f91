import Stripe from 'stripe';
import type { Logger } from '../logger';
import { BodyTooLargeError, readBodyWithLimit } from '../http/read-body';
import { createCheckout, type CheckoutDeps } from './create-checkout';

const MAX_CHECKOUT_BODY_BYTES = 16 * 1024;

export interface CheckoutRequestDeps extends CheckoutDeps {
  logger: Logger;
}

function error(status: number, code: string, message: string, field?: string): Response {
  return Response.json({ error: { code, message, ...(field ? { field } : {}) } }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * POST /api/checkout: JSON `{ lines: [{ priceId, quantity }], deliveryDate }`.
 * Success is a 303 to Stripe's hosted page; a script that asks for JSON (Accept: application/json)
 * gets `{ url }` instead, because fetch cannot read a cross-origin redirect's Location.
 */
export async function handleCheckoutRequest(deps: CheckoutRequestDeps, request: Request): Promise<Response> {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return error(415, 'unsupported_media_type', 'Send the cart as application/json');
  }
  let input: unknown;
  try {
    input = JSON.parse(await readBodyWithLimit(request, MAX_CHECKOUT_BODY_BYTES));
  } catch (cause) {
    if (cause instanceof BodyTooLargeError) return error(413, 'payload_too_large', 'The cart is too large');
    return error(400, 'invalid_json', 'The request body is not valid JSON');
  }

  let result;
  try {
    result = await createCheckout(deps, input);
  } catch (cause) {
    if (cause instanceof Stripe.errors.StripeInvalidRequestError) {
      // A price deactivated between our catalog read and Stripe's check, for example.
      deps.logger.warn({ stripeCode: cause.code, param: cause.param }, 'Stripe refused the checkout session');
      return error(400, 'unavailable_price', 'One of the packages in your cart is no longer available.');
    }
    deps.logger.error({ err: cause instanceof Error ? cause.message : String(cause) }, 'checkout session creation failed');
    return error(502, 'payment_provider_unavailable', 'We could not reach the payment provider. Please try again.');
  }

  if (!result.ok) return error(400, result.error.code, result.error.message, result.error.field);
  deps.logger.info({ sessionId: result.sessionId }, 'checkout session created');
  if ((request.headers.get('accept') ?? '').includes('application/json')) {
    return Response.json({ url: result.url, sessionId: result.sessionId }, { status: 200, headers: { 'Cache-Control': 'no-store' } });
  }
  return new Response(null, { status: 303, headers: { Location: result.url, 'Cache-Control': 'no-store' } });
}
