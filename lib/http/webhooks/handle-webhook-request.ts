import type Stripe from 'stripe';
import { isJsonContentType } from '../content-type';
import { errorResponse, jsonResponse } from '../json-response';
import { readBodyWithLimit, BodyTooLargeError } from '../read-body';
import { UnknownStripeObjectError } from '../../services/webhooks/errors';
import { processEvent, type EventProcessingDeps } from '../../services/webhooks/process-event';

export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export interface WebhookDeps extends EventProcessingDeps {
  webhookSecret: string;
  /** Called after a verified event was handled (applied or a duplicate), e.g. to revalidate cached pages. */
  onEventApplied?: (event: Stripe.Event) => void;
}

/**
 * The sender learns which rule it broke, never why internally: no SDK messages, no stack traces.
 * Stripe shows the status and body in the Dashboard's delivery log, so the codes are stable words.
 */
const refusals = {
  method: { status: 405, code: 'method_not_allowed', message: 'Use POST' },
  contentType: { status: 415, code: 'unsupported_media_type', message: 'Send application/json' },
  missingSignature: { status: 400, code: 'missing_signature', message: 'Missing Stripe-Signature header' },
  tooLarge: { status: 413, code: 'payload_too_large', message: 'Payload too large' },
  unreadable: { status: 400, code: 'unreadable_body', message: 'Could not read request body' },
  badSignature: { status: 400, code: 'invalid_signature', message: 'Invalid signature' },
  notJson: { status: 400, code: 'invalid_payload', message: 'Payload is not JSON' },
  notAnEvent: { status: 400, code: 'invalid_event', message: 'Payload is not a Stripe event' },
  unknownObject: { status: 422, code: 'unknown_object', message: 'The event names an object Stripe does not know' },
  failed: { status: 500, code: 'processing_failed', message: 'Processing failed; retry later' },
} as const;

function refuse(refusal: (typeof refusals)[keyof typeof refusals], headers?: Record<string, string>): Response {
  return errorResponse(refusal.status, { code: refusal.code, message: refusal.message }, headers);
}

/** The minimum the processing code relies on; constructEvent checks the signature, not the shape. */
function isEventShaped(value: unknown): value is Stripe.Event {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { id?: unknown; type?: unknown; data?: { object?: unknown } | null };
  return (
    typeof candidate.id === 'string' &&
    /^evt_[A-Za-z0-9_]{1,255}$/.test(candidate.id) &&
    typeof candidate.type === 'string' &&
    candidate.type.length > 0 &&
    typeof candidate.data === 'object' &&
    candidate.data !== null &&
    typeof candidate.data.object === 'object' &&
    candidate.data.object !== null
  );
}

/**
 * POST /api/webhooks/stripe, independent of the framework: a Fetch Request in, a Response out.
 * Verification is the SDK's constructEvent (HMAC + 300 s tolerance); nothing is stored before it passes,
 * and every refusal is a 4xx so Stripe stops retrying what can never succeed.
 */
export async function handleWebhookRequest(deps: WebhookDeps, request: Request): Promise<Response> {
  if (request.method !== 'POST') return refuse(refusals.method, { Allow: 'POST' });
  // Stripe sends `application/json; charset=utf-8`; anything else is not Stripe.
  if (!isJsonContentType(request.headers.get('content-type'))) return refuse(refusals.contentType);
  const signature = request.headers.get('stripe-signature');
  if (!signature) return refuse(refusals.missingSignature);

  let body: string;
  try {
    body = await readBodyWithLimit(request, MAX_WEBHOOK_BODY_BYTES);
  } catch (error) {
    return refuse(error instanceof BodyTooLargeError ? refusals.tooLarge : refusals.unreadable);
  }

  let event: unknown;
  try {
    event = deps.stripe.webhooks.constructEvent(body, signature, deps.webhookSecret);
  } catch (error) {
    // constructEvent verifies first, then parses: a SyntaxError means a genuine signature over non-JSON.
    if (error instanceof SyntaxError) return refuse(refusals.notJson);
    // The SDK's message says which check failed; the sender only needs to know it was refused.
    deps.logger.warn('webhook signature verification failed');
    return refuse(refusals.badSignature);
  }
  if (!isEventShaped(event)) {
    deps.logger.warn('signed webhook payload is not an event');
    return refuse(refusals.notAnEvent);
  }

  try {
    const outcome = await processEvent(deps, event);
    deps.onEventApplied?.(event);
    return jsonResponse(200, { received: true, duplicate: outcome === 'duplicate' });
  } catch (error) {
    // processEvent has logged it with the event id; an unknown object was stored nowhere.
    return refuse(error instanceof UnknownStripeObjectError ? refusals.unknownObject : refusals.failed);
  }
}
