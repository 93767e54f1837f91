import Stripe from 'stripe';

/** `Stripe-Signature` header for a payload, via the SDK so it matches what constructEvent verifies. */
export function signatureHeader(payload: string, secret: string, timestampSeconds: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: timestampSeconds });
}
