import type Stripe from 'stripe';
import { stripeEvent } from './stripe-events';

/** Test data shaped like Stripe's objects at the shop's pinned API version (subscription periods on items, invoice parent). */
export const WEEK = 7 * 86_400;
/** Monday 2030-01-07 15:00 UTC (10:00 in New York): the first period's start. */
export const PERIOD_1 = Date.UTC(2030, 0, 7, 15) / 1000;

export const PLAN_METADATA = {
  delivery_weekday: 'wednesday',
  delivery_window: '12:00-14:00',
  delivery_name: 'Ada Lovelace',
  delivery_line1: '1 Main St',
  delivery_city: 'Springfield',
  delivery_state: 'IL',
  delivery_postal_code: '62701',
  delivery_country: 'US',
};

export interface SubscriptionOptions {
  id?: string;
  status?: string;
  quantity?: number;
  cancelAtPeriodEnd?: boolean;
  periodStart?: number;
  endedAt?: number | null;
}

export function subscriptionObject(options: SubscriptionOptions = {}): Record<string, unknown> {
  const start = options.periodStart ?? PERIOD_1;
  return {
    id: options.id ?? 'sub_1',
    object: 'subscription',
    customer: 'cus_1',
    status: options.status ?? 'active',
    cancel_at_period_end: options.cancelAtPeriodEnd ?? false,
    canceled_at: options.endedAt ?? null,
    ended_at: options.endedAt ?? null,
    currency: 'usd',
    created: PERIOD_1,
    metadata: PLAN_METADATA,
    items: {
      object: 'list',
      data: [
        {
          id: 'si_1',
          object: 'subscription_item',
          quantity: options.quantity ?? 2,
          current_period_start: start,
          current_period_end: start + WEEK,
          price: { id: 'price_weekly', object: 'price', unit_amount: 25_000, currency: 'usd', product: 'prod_lunch', recurring: { interval: 'week', interval_count: 1 } },
        },
      ],
    },
  };
}

export interface InvoiceOptions {
  id?: string;
  periodStart?: number;
  status?: 'paid' | 'open';
  quantity?: number;
}

export function invoiceObject(options: InvoiceOptions = {}): Record<string, unknown> {
  const start = options.periodStart ?? PERIOD_1;
  const quantity = options.quantity ?? 2;
  const amount = 25_000 * quantity;
  const paid = (options.status ?? 'paid') === 'paid';
  return {
    id: options.id ?? 'in_1',
    object: 'invoice',
    customer: 'cus_1',
    customer_email: 'ada@example.com',
    customer_name: 'Ada Lovelace',
    currency: 'usd',
    status: options.status ?? 'paid',
    subtotal: amount,
    total: amount,
    amount_due: amount,
    amount_paid: paid ? amount : 0,
    created: start,
    billing_reason: start === PERIOD_1 ? 'subscription_create' : 'subscription_cycle',
    hosted_invoice_url: `https://invoice.stripe.test/${options.id ?? 'in_1'}`,
    // On a renewal the invoice's own period is the one just ended; its line names the period it pays for.
    period_start: start === PERIOD_1 ? start : start - WEEK,
    period_end: start,
    parent: { type: 'subscription_details', quote_details: null, subscription_details: { subscription: 'sub_1', metadata: PLAN_METADATA } },
    lines: {
      object: 'list',
      data: [
        {
          id: `il_${options.id ?? 'in_1'}`,
          object: 'line_item',
          amount,
          currency: 'usd',
          description: `${quantity} × Weekly Office Lunch (at $250.00 / week)`,
          quantity,
          period: { start, end: start + WEEK },
          pricing: { type: 'price_details', price_details: { price: 'price_weekly', product: 'prod_lunch' }, unit_amount_decimal: '25000' },
          subscription: 'sub_1',
        },
      ],
    },
  };
}

export function subscriptionCheckout(): Record<string, unknown> {
  return {
    id: 'cs_test_plan',
    object: 'checkout.session',
    mode: 'subscription',
    status: 'complete',
    payment_status: 'paid',
    created: PERIOD_1,
    currency: 'usd',
    amount_subtotal: 50_000,
    amount_total: 50_000,
    customer: 'cus_1',
    subscription: 'sub_1',
    invoice: 'in_1',
    payment_intent: null,
    metadata: PLAN_METADATA,
    customer_details: { email: 'ada@example.com', name: 'Ada Lovelace', address: null, phone: null, tax_exempt: 'none', tax_ids: [] },
  };
}

export function planEvent(type: string, object: Record<string, unknown>, id: string, created: number): Stripe.Event {
  return stripeEvent(type, object, { id, created });
}

/** One first period's events as Stripe sends them: the Checkout, the subscription, and both "paid" events of its invoice. */
export function firstPeriodEvents(): Stripe.Event[] {
  return [
    planEvent('checkout.session.completed', subscriptionCheckout(), 'evt_checkout', PERIOD_1 + 2),
    planEvent('customer.subscription.created', subscriptionObject(), 'evt_created', PERIOD_1),
    planEvent('invoice.paid', invoiceObject(), 'evt_paid', PERIOD_1 + 1),
    planEvent('invoice.payment_succeeded', invoiceObject(), 'evt_succeeded', PERIOD_1 + 1),
  ];
}
