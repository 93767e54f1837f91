// What Local Stripe's core provides to the `stripe listen` support. Keeping it this small lets the
// support sit on any core (the in-memory one today, a SQLite one later): see core-host.ts.
import type Stripe from 'stripe';

/** Where a CLI delivery stands, in the same terms as endpoint deliveries (for `delivery_success`). */
export type CliDeliveryOutcome = 'pending' | 'succeeded' | 'failed';

export interface StripeCliHost {
  /** The stored event, or undefined once it is gone (pruned, reset). */
  event(id: string): Stripe.Event | undefined;
  /**
   * Records the outcome of the delivery of an event to one `stripe listen` target and keeps the
   * event's `pending_webhooks` in step (one per target whose outcome is `pending`).
   */
  recordOutcome(eventId: string, target: string, outcome: CliDeliveryOutcome): void;
  /** Multiplies Stripe's retry delays (tests shrink them). */
  retryScale: number;
  log(line: string): void;
}

/** A finished /v1 API request, as `stripe logs tail` shows it. */
export interface ApiRequestRecord {
  method: string;
  path: string;
  status: number;
  requestId: string;
  /** The JSON body sent back (a failed request's `error` is shown by the CLI). */
  responseBody: string;
}
