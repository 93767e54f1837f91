/**
 * A verified event names an object Stripe does not know (e.g. a Checkout Session that does not exist).
 * Retrying cannot help, so the webhook answers 4xx and records nothing.
 */
export class UnknownStripeObjectError extends Error {
  constructor(readonly objectId: string) {
    super(`Stripe has no object ${objectId}`);
    this.name = 'UnknownStripeObjectError';
  }
}
