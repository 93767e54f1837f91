import type Stripe from 'stripe';
import type { OrderItem } from '../../domain/orders/order';
import type { OrderFact } from '../../domain/orders/order-state';
import { deliveryDateFor } from '../../domain/plans/delivery-day';
import type { PlanDelivery, PlanInterval } from '../../domain/plans/plan';
import { deliveryFromMetadata } from '../../domain/plans/plan-metadata';
import type { PlanFact, PlanParty } from '../../domain/plans/plan-state';
import { isSubscriptionCheckout } from '../../domain/webhooks/order-event-facts';

/** What one Stripe event means for a plan and, for a paid invoice, for that period's delivery order. */
export interface PlanEffects {
  planId: string;
  fact: PlanFact;
  /** A paid invoice's delivery order, keyed by the invoice id. */
  order: { orderId: string; fact: OrderFact } | null;
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function subscriptionOfInvoice(invoice: Stripe.Invoice): { id: string | null; metadata: Record<string, string> | null } {
  const details = invoice.parent?.subscription_details;
  if (details) return { id: idOf(details.subscription), metadata: details.metadata ?? null };
  // Invoices whose parent is not filled in still name the subscription on their subscription lines.
  const line = invoice.lines?.data.find((entry) => entry.subscription);
  return { id: idOf(line?.subscription), metadata: null };
}

/** The period the invoice pays for: its subscription lines' period (the invoice's own period is the previous one on renewals). */
function invoicePeriod(invoice: Stripe.Invoice): { start: number; end: number } {
  const lines = invoice.lines?.data ?? [];
  const latest = lines.reduce<Stripe.InvoiceLineItem | null>((best, line) => (!best || line.period.start > best.period.start ? line : best), null);
  return latest ? { start: latest.period.start, end: latest.period.end } : { start: invoice.period_start, end: invoice.period_end };
}

function invoiceItem(line: Stripe.InvoiceLineItem): OrderItem {
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

function invoiceParty(invoice: Stripe.Invoice, planId: string, delivery: PlanDelivery): PlanParty {
  return { planId, customerId: idOf(invoice.customer), email: invoice.customer_email ?? null, name: invoice.customer_name ?? null, delivery };
}

/** A paid invoice is a paid order for that period's delivery: the order state machine handles its copies. */
function invoiceOrderFact(invoice: Stripe.Invoice, delivery: PlanDelivery, periodStart: number, timeZone: string): OrderFact {
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

function invoiceEffects(invoice: Stripe.Invoice, paid: boolean, timeZone: string): PlanEffects | null {
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

function intervalOf(price: Stripe.Price | undefined): PlanInterval | null {
  const interval: string | undefined = price?.recurring?.interval;
  return interval === 'week' ? 'week' : interval === 'month' ? 'month' : null;
}

export function subscriptionEffects(subscription: Stripe.Subscription, deleted: boolean): PlanEffects {
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

function checkoutEffects(session: Stripe.Checkout.Session): PlanEffects | null {
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
export function planEffectsForEvent(event: Stripe.Event, timeZone: string): PlanEffects | null {
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
    default:
      return null;
  }
}
