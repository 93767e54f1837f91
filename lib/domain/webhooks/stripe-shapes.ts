/**
 * The fields of Stripe's objects and events that the shop's order rules read, declared here so the domain
 * needs no SDK. The SDK's objects are assignable to these shapes; the service that passes them lets the
 * compiler prove it (lib/services/webhooks/event-facts.ts).
 */

/** A reference Stripe expands or not: an id, or the object with its id. */
export type StripeRef = string | { id: string } | null;

export type AddressShape = Record<'line1' | 'line2' | 'city' | 'state' | 'postal_code' | 'country', string | null>;

/** One of the session's custom fields: text, a dropdown or a number. */
export interface CustomFieldShape {
  key: string;
  dropdown?: { value: string | null; options: { label: string; value: string }[] } | null;
  text?: { value?: string | null } | null;
  numeric?: { value?: string | null } | null;
}

export interface CheckoutSessionShape {
  id: string;
  mode?: string | null;
  payment_status: string;
  currency: string | null;
  amount_subtotal: number | null;
  amount_total: number | null;
  customer_details: { email: string | null; name: string | null; phone?: string | null } | null;
  customer_email: string | null;
  collected_information?: { shipping_details: { name: string; address: AddressShape } | null } | null;
  metadata: Record<string, string> | null;
  payment_intent: StripeRef;
  created: number;
  custom_fields?: CustomFieldShape[];
}

export interface ChargeShape {
  payment_intent: StripeRef;
  amount: number;
  amount_captured: number;
  amount_refunded: number;
}

/** A product as a line item's price carries it once expanded; deleted products keep only their id. */
export type ProductShape = { id: string; deleted: true } | { id: string; deleted?: void; name: string; metadata: Record<string, string> };

export interface LineItemShape {
  amount_total: number;
  description?: string | null;
  quantity: number | null;
  price: { id: string; unit_amount: number | null; product: string | ProductShape } | null;
}

export type SessionEventType =
  | 'checkout.session.completed'
  | 'checkout.session.async_payment_succeeded'
  | 'checkout.session.async_payment_failed'
  | 'checkout.session.expired';

/** The events an order can learn from, with what each carries. */
export type OrderEvent =
  | { type: SessionEventType; data: { object: CheckoutSessionShape } }
  | { type: 'payment_intent.succeeded'; data: { object: { id: string } } }
  | { type: 'charge.succeeded' | 'charge.refunded'; data: { object: ChargeShape } }
  | { type: 'refund.created' | 'refund.updated'; data: { object: { charge: StripeRef } } };

export type OrderEventType = OrderEvent['type'];

/** Any Stripe event, as far as the domain looks at it before knowing its type. */
export interface WebhookEvent {
  type: string;
  data: { object: object };
}

/** Every event type orders read, for subscribing to them (scripts/lib/stripe-listen.ts) and narrowing. */
export const ORDER_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'payment_intent.succeeded',
  'charge.succeeded',
  'charge.refunded',
  'refund.created',
  'refund.updated',
] as const satisfies readonly OrderEventType[];

const orderEventTypes: ReadonlySet<string> = new Set(ORDER_EVENT_TYPES);

/**
 * Narrows an event to the ones orders read. Generic so the caller's own event type (the SDK's) is narrowed:
 * passing the result on as an OrderEvent is where the compiler checks the SDK's objects fit the shapes above.
 */
export function isOrderEvent<E extends WebhookEvent>(event: E): event is Extract<E, { type: OrderEventType }> {
  return orderEventTypes.has(event.type);
}

/** The Checkout Session a session event is about; null for the other events. */
export function sessionOfEvent(event: OrderEvent): CheckoutSessionShape | null {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired':
      return event.data.object;
    default:
      return null;
  }
}

/** The id of a reference, expanded or not. */
export function idOf(value: StripeRef | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}
