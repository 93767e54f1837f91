import type Stripe from 'stripe';

/** A webhook endpoint as stored: the secret is kept, but only returned on create. */
export interface StoredWebhookEndpoint {
  endpoint: Stripe.WebhookEndpoint;
  secret: string;
  /** True for the endpoint configured through StripeEmulatorOptions.webhookEndpoint. */
  configured?: boolean;
}

/** A scheduled webhook delivery; persisted so retries survive a restart. */
export interface PendingDelivery {
  id: string;
  eventId: string;
  endpointId: string;
  /** Number of attempts already made. */
  attempts: number;
  /** Epoch ms of the next attempt. */
  nextAttemptAt: number;
}

/** A delayed (SEPA) payment waiting to settle; persisted so settlement survives a restart. */
export interface PendingSettlement {
  paymentIntentId: string;
  chargeId: string;
  /** The Checkout Session paid with it, if any: it gets `checkout.session.async_payment_*`. */
  sessionId: string | null;
  /** The test IBAN's natural outcome (the dev control may override it). */
  outcome: SettlementOutcome;
  /** Epoch ms when it settles. */
  settlesAt: number;
}

export type SettlementOutcome = 'succeeded' | 'failed';

/** Per event, per endpoint: whether delivery succeeded (for `delivery_success`). */
export type DeliveryOutcome = 'pending' | 'succeeded' | 'failed';

export interface IdempotencyRecord {
  method: string;
  path: string;
  body: string;
  status: number;
  response: string;
  createdAt: number;
}

/** Raw card data behind a PaymentMethod, never returned by the API. */
export interface CardSecret {
  number: string;
}

/** Session settings that are not part of the Session object but shape its PaymentIntent. */
export interface SessionExtras {
  paymentIntentData: {
    description: string | null;
    metadata: Record<string, string>;
    shipping: Stripe.PaymentIntent.Shipping | null;
    receiptEmail: string | null;
  };
  /** mode=subscription: what the subscription gets (`subscription_data`). */
  subscriptionData?: { metadata: Record<string, string>; description: string | null };
}

export interface State {
  version: 1;
  products: Record<string, Stripe.Product>;
  prices: Record<string, Stripe.Price>;
  sessions: Record<string, Stripe.Checkout.Session>;
  /** Line items per session id, with the price snapshot embedded. */
  lineItems: Record<string, Stripe.LineItem[]>;
  sessionExtras: Record<string, SessionExtras>;
  paymentIntents: Record<string, Stripe.PaymentIntent>;
  charges: Record<string, Stripe.Charge>;
  refunds: Record<string, Stripe.Refund>;
  paymentMethods: Record<string, Stripe.PaymentMethod>;
  cardSecrets: Record<string, CardSecret>;
  events: Record<string, Stripe.Event>;
  eventDeliveries: Record<string, Record<string, DeliveryOutcome>>;
  webhookEndpoints: Record<string, StoredWebhookEndpoint>;
  deliveries: Record<string, PendingDelivery>;
  /** Keyed by payment intent id. */
  settlements: Record<string, PendingSettlement>;
  idempotency: Record<string, IdempotencyRecord>;
  // Billing (billing/): customers, subscriptions, invoices, pending invoice items, test clocks, portal sessions.
  customers: Record<string, Stripe.Customer>;
  subscriptions: Record<string, Stripe.Subscription>;
  invoices: Record<string, Stripe.Invoice>;
  invoiceItems: Record<string, Stripe.InvoiceItem>;
  testClocks: Record<string, Stripe.TestHelpers.TestClock>;
  portalSessions: Record<string, Stripe.BillingPortal.Session>;
}

/** Every collection is a null-prototype map: an id such as `__proto__` names no inherited object. */
export function emptyState(): State {
  const map = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
  return {
    version: 1,
    products: map(),
    prices: map(),
    sessions: map(),
    lineItems: map(),
    sessionExtras: map(),
    paymentIntents: map(),
    charges: map(),
    refunds: map(),
    paymentMethods: map(),
    cardSecrets: map(),
    events: map(),
    eventDeliveries: map(),
    webhookEndpoints: map(),
    deliveries: map(),
    settlements: map(),
    idempotency: map(),
    customers: map(),
    subscriptions: map(),
    invoices: map(),
    invoiceItems: map(),
    testClocks: map(),
    portalSessions: map(),
  };
}
