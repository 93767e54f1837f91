import type Stripe from 'stripe';
import { processEvent, type EventProcessingDeps } from './process-event';
import { readBodyWithLimit, BodyTooLargeError } from '../http/read-body';

export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export interface WebhookDeps extends EventProcessingDeps {
  webhookSecret: string;
  /** Called after a verified event was handled (applied or a duplicate), e.g. to revalidate cached pages. */
  onEventApplied?: (event: Stripe.Event) => void;
}

function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * POST /api/webhooks/stripe, independent of the framework: a Fetch Request in, a Response out.
 * Verification is the SDK's constructEvent (HMAC + 300 s tolerance); nothing is stored before it passes.
 */
export async function handleWebhookRequest(deps: WebhookDeps, request: Request): Promise<Response> {
  if (request.method !== 'POST') {
    return new Response(JSON.stringify({ error: 'Method not allowed' }), {
      status: 405,
      headers: { Allow: 'POST', 'Content-Type': 'application/json' },
    });
  }
  const signature = request.headers.get('stripe-signature');
  if (!signature) return reply(400, { error: 'Missing Stripe-Signature header' });

  let body: string;
  try {
    body = await readBodyWithLimit(request, MAX_WEBHOOK_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return reply(413, { error: 'Payload too large' });
    return reply(400, { error: 'Could not read request body' });
  }

  let event: Stripe.Event;
  try {
    event = deps.stripe.webhooks.constructEvent(body, signature, deps.webhookSecret);
  } catch {
    // The SDK's message says which check failed; the sender only needs to know it was refused.
    deps.logger.warn('webhook signature verification failed');
    return reply(400, { error: 'Invalid signature' });
  }

  try {
    const outcome = await processEvent(deps, event);
    deps.onEventApplied?.(event);
    return reply(200, { received: true, duplicate: outcome === 'duplicate' });
  } catch {
    return reply(500, { error: 'Processing failed; retry later' });
  }
}
