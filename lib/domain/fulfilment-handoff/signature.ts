import { createHmac } from 'node:crypto';

/** The header a fulfilment receiver verifies, shaped like Stripe's `Stripe-Signature`. */
export const SIGNATURE_HEADER = 'Harvest-Signature';

/** Hex HMAC-SHA256 of `${timestamp}.${body}`: the timestamp is signed so a captured delivery cannot be replayed later. */
export function computeSignature(body: string, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** `t=<unix seconds>,v1=<hex>`; every attempt signs afresh with its own time, as Stripe does. */
export function signatureHeader(body: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${computeSignature(body, secret, timestamp)}`;
}
