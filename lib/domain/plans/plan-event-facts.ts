import type { OrderItem } from '../orders/order';
import type { OrderFact } from '../orders/order-state';
import { deliveryDateFor } from './delivery-day';
import type { PlanDelivery, PlanInterval } from './plan';
import { deliveryFromMetadata } from './plan-metadata';
import type { PlanFact, PlanParty } from './plan-state';
import { isSubscriptionCheckout } from '../webhooks/order-event-facts';
import { idOf, type CheckoutSessionShape, type ProductShape, type StripeRef } from '../webhooks/stripe-shapes';

/** The fields of Stripe's invoices, subscriptions and their events that plans read (no SDK in the domain). */
export interface InvoiceLineShape {
  subscription?: StripeRef;
  period: { start: number; end: number };
  quantity: number | null;
  pricing?: { price_details?: { price: StripeRef; product: string } } | null;
  description: string | null;
  amount: number;
}

export interface InvoiceShape {
  id: string;
  parent?: { subscription_details: { subscription: StripeRef; metadata: Record<string, string> | null } | null } | null;
  lines?: { data: InvoiceLineShape[] };
  period_start: number;
  period_end: number;
  customer: StripeRef;
  customer_email: string | null;
  customer_name: string | null;
  currency: string;
  subtotal: number;
  total: number;
  amount_paid: number;
  amount_due: number;
  created: number;
  hosted_invoice_url?: string | null;
}

export interface PriceShape {
  id: string;
  recurring: { interval: string } | null;
  unit_amount: number | null;
  currency: string;
  product: string | ProductShape;
}

export interface SubscriptionShape {
  id: string;
  items?: { data: { price: PriceShape; quantity?: number; current_period_start: number; current_period_end: number }[] };
  customer: StripeRef;
  metadata: Record<string, string>;
  status: string;
  currency: string;
  cancel_at_period_end: boolean;
  ended_at: number | null;
  canceled_at: number | null;
}

/** The events a plan can learn from, with what each carries. */
export type PlanEvent =
  | { type: 'checkout.session.completed'; data: { object: CheckoutSessionShape & { subscription: StripeRef; customer: StripeRef } } }
  | { type: 'customer.subscription.created' | 'customer.subscription.updated' | 'customer.subscription.paused' | 'customer.subscription.resumed' | 'customer.subscription.deleted'; data: { object: SubscriptionShape } }
  | { type: 'invoice.paid' | 'invoice.payment_succeeded' | 'invoice.payment_failed'; data: { object: InvoiceShape } };

export const PLAN_EVENT_TYPES = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
] as const satisfies readonly PlanEvent['type'][];

const planEventTypes: ReadonlySet<string> = new Set(PLAN_EVENT_TYPES);

/** Narrows the caller's own event type (the SDK's), as isOrderEvent does: passing it on is the compiler's check. */
export function isPlanEvent<E extends { type: string }>(event: E): event is Extract<E, { type: PlanEvent['type'] }> {
  return planEventTypes.has(event.type);
}

/** What one Stripe event means for a plan and, for a paid invoice, for that period's delivery order. */
export interface PlanEffects {
  planId: string;
  fact: PlanFact;
  /** A paid invoice's delivery order, keyed by the invoice id. */
  order: { orderId: string; fact: OrderFact } | null;
}

function subscriptionOfInvoice(invoice: InvoiceShape): { id: string | null; metadata: Record<string, string> | null } {
  const details = invoice.parent?.subscription_details;
  if (details) return { id: idOf(details.subscription), metadata: details.metadata ?? null };
  // Invoices whose parent is not filled in still name the subscription on their subscription lines.
  const line = invoice.lines?.data.find((entry) => entry.subscription);
  return { id: idOf(line?.subscription), metadata: null };
}

/** The period the invoice pays for: its subscription lines' period (the invoice's own period is the previous one on renewals). */
function invoicePeriod(invoice: InvoiceShape): { start: number; end: number } {
  const lines = invoice.lines?.data ?? [];
  const latest = lines.reduce<InvoiceLineShape | null>((best, line) => (!best || line.period.start > best.period.start ? line : best), null);
  return latest ? { start: latest.period.start, end: latest.period.end } : { start: invoice.period_start, end: invoice.period_end };
}

function invoiceItem(line: InvoiceLineShape): OrderItem {
  const quantity = line.quantity ?? 1;
  const price = line.pricing?.price_details;
  return {
    priceId: idOf(price?.price),
    productId: price?.product ?? null,
    name: line.description ?? 'Catering plan delivery',
    quantity,
    unitAmount: Math.round(line.amount / quantity),
    amountTotal: line.amount,
  };
}

function invoiceParty(invoice: InvoiceShape, planId: string, delivery: PlanDelivery): PlanParty {
  return { planId, customerId: idOf(invoice.customer), email: invoice.customer_email ?? null, name: invoice.customer_name ?? null, delivery };
}

/** A paid invoice is a paid order for that period's delivery: the order state machine handles its copies. */
function invoiceOrderFact(invoice: InvoiceShape, delivery: PlanDelivery, periodStart: number, timeZone: string): OrderFact {
  const items = (invoice.lines?.data ?? []).map(invoiceItem);
  return {
    kind: 'checkout_completed',
    paid: true,
    session: {
      sessionId: invoice.id,
      currency: invoice.currency ?? null,
      amountSubtotal: invoice.subtotal ?? null,
      amountTotal: invoice.amount_paid ?? invoice.total ?? null,
      customer: { email: invoice.customer_email ?? null, name: invoice.customer_name ?? null },
      shipping: { name: delivery.recipient ?? invoice.customer_name ?? null, address: delivery.address },
      deliveryDate: delivery.weekday ? deliveryDateFor(periodStart, delivery.weekday, timeZone) : null,
      deliveryWindow: delivery.window,
      paymentIntentId: null,
      sessionCreated: invoice.created,
      items,
    },
  };
}

function invoiceEffects(invoice: InvoiceShape, paid: boolean, timeZone: string): PlanEffects | null {
  const subscription = subscriptionOfInvoice(invoice);
  if (!subscription.id) return null; // A one-off invoice: not a plan's.
  const delivery = deliveryFromMetadata(subscription.metadata);
  const period = invoicePeriod(invoice);
  const fact: PlanFact = {
    kind: paid ? 'invoice_paid' : 'invoice_failed',
    ...invoiceParty(invoice, subscription.id, delivery),
    invoice: {
      id: invoice.id,
      periodStart: period.start,
      periodEnd: period.end,
      amount: paid ? invoice.amount_paid : invoice.amount_due,
      currency: invoice.currency,
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    },
  };
  const order = paid ? { orderId: invoice.id, fact: invoiceOrderFact(invoice, delivery, period.start, timeZone) } : null;
  return { planId: subscription.id, fact, order };
}

function intervalOf(price: PriceShape | undefined): PlanInterval | null {
  const interval: string | undefined = price?.recurring?.interval;
  return interval === 'week' ? 'week' : interval === 'month' ? 'month' : null;
}

export function subscriptionEffects(subscription: SubscriptionShape, deleted: boolean): PlanEffects {
  const item = subscription.items?.data[0];
  const price = item?.price;
  const product = price?.product;
  const fact: PlanFact = {
    kind: 'subscription_changed',
    planId: subscription.id,
    customerId: idOf(subscription.customer),
    email: null,
    name: null,
    delivery: deliveryFromMetadata(subscription.metadata),
    state: {
      stripeStatus: subscription.status,
      quantity: item?.quantity ?? 1,
      priceId: price?.id ?? null,
      productName: product && typeof product !== 'string' && !product.deleted ? product.name : null,
      interval: intervalOf(price),
      unitAmount: price?.unit_amount ?? null,
      currency: price?.currency ?? subscription.currency ?? null,
      cancelAtPeriodEnd: subscription.cancel_at_period_end,
      currentPeriodStart: item?.current_period_start ?? null,
      currentPeriodEnd: item?.current_period_end ?? null,
    },
    deletedAt: deleted ? (subscription.ended_at ?? subscription.canceled_at ?? 0) : null,
  };
  return { planId: subscription.id, fact, order: null };
}

function checkoutEffects(session: CheckoutSessionShape & { subscription: StripeRef; customer: StripeRef }): PlanEffects | null {
  const planId = idOf(session.subscription);
  if (!planId) return null;
  const fact: PlanFact = {
    kind: 'checkout_completed',
    planId,
    customerId: idOf(session.customer),
    email: session.customer_details?.email ?? session.customer_email ?? null,
    name: session.customer_details?.name ?? null,
    delivery: deliveryFromMetadata(session.metadata),
  };
  return { planId, fact, order: null };
}

/**
 * Translates a verified Stripe event into its meaning for a plan, or null when it has none. Pure: every
 * subscription and invoice event carries the subscription's metadata, so nothing is fetched.
 */
export function planEffectsForEvent(event: PlanEvent, timeZone: string): PlanEffects | null {
  switch (event.type) {
    case 'checkout.session.completed':
      return isSubscriptionCheckout(event) ? checkoutEffects(event.data.object) : null;
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.paused':
    case 'customer.subscription.resumed':
      return subscriptionEffects(event.data.object, false);
    case 'customer.subscription.deleted':
      return subscriptionEffects(event.data.object, true);
    case 'invoice.paid':
    case 'invoice.payment_succeeded':
      return invoiceEffects(event.data.object, true, timeZone);
    case 'invoice.payment_failed':
      return invoiceEffects(event.data.object, false, timeZone);
  }
}
