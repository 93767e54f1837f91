import StripeSdk from 'stripe';
import type Stripe from 'stripe';
import type { Core, RequestContext } from '../core';
import { StripeApiError, invalidRequest, notFound } from '../errors';
import { newId } from '../ids';
import { confirmPayment, createPaymentIntent } from '../payments/engine';
import { billingNow, idOf } from './clock';

/** One line of a new invoice: a subscription item's period or a pending invoice item. */
export interface LineInput {
  amount: number;
  description: string | null;
  price: Stripe.Price | null;
  quantity: number;
  period: { start: number; end: number };
  subscriptionItem: string | null;
  invoiceItem: string | null;
  metadata: Record<string, string>;
}

export interface InvoiceInput {
  customer: Stripe.Customer;
  currency: string;
  lines: LineInput[];
  subscription: Stripe.Subscription | null;
  billingReason: Stripe.Invoice.BillingReason;
  description: string | null;
  metadata: Record<string, string>;
  period: { start: number; end: number };
  defaultPaymentMethod: string | null;
  autoAdvance: boolean;
}

export function getInvoice(core: Core, id: string, param = 'id'): Stripe.Invoice {
  const inv = core.state.invoices[id];
  if (!inv) throw notFound('invoice', id, param);
  return inv;
}

function line(invoiceId: string, currency: string, input: LineInput, subscriptionId: string | null): Stripe.InvoiceLineItem {
  const parent: Stripe.InvoiceLineItem.Parent = input.subscriptionItem
    ? {
        type: 'subscription_item_details',
        invoice_item_details: null,
        subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: subscriptionId, subscription_item: input.subscriptionItem },
      }
    : {
        type: 'invoice_item_details',
        subscription_item_details: null,
        invoice_item_details: { invoice_item: input.invoiceItem ?? '', proration: false, proration_details: { credited_items: null }, subscription: subscriptionId },
      };
  const unit = input.price?.unit_amount ?? Math.round(input.amount / Math.max(1, input.quantity));
  return {
    id: newId('il'),
    object: 'line_item',
    amount: input.amount,
    currency,
    description: input.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: input.metadata,
    parent,
    period: input.period,
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details',
      ...(input.price ? { price_details: { price: input.price.id, product: idOf(input.price.product) ?? '' } } : {}),
      unit_amount_decimal: StripeSdk.Decimal.from(String(unit)),
    },
    quantity: input.quantity,
    quantity_decimal: StripeSdk.Decimal.from(String(input.quantity)),
    subscription: subscriptionId,
    subtotal: input.amount,
    taxes: [],
  };
}

/** Creates a draft invoice (invoice.created); `finalizeInvoice` opens it, `payInvoice` charges it. */
export function createInvoice(core: Core, input: InvoiceInput, ctx: RequestContext): Stripe.Invoice {
  const id = newId('in');
  const now = billingNow(core, input.customer.id);
  const subscriptionId = input.subscription?.id ?? null;
  const lines = input.lines.map((l) => line(id, input.currency, l, subscriptionId));
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  const c = input.customer;
  const invoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Local Stripe',
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: input.autoAdvance,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: input.autoAdvance ? now + 3600 : null,
    billing_reason: input.billingReason,
    collection_method: 'charge_automatically',
    created: now,
    currency: input.currency,
    custom_fields: null,
    customer: c.id,
    customer_account: null,
    customer_address: c.address ?? null,
    customer_email: c.email,
    customer_name: c.name ?? null,
    customer_phone: c.phone ?? null,
    customer_shipping: c.shipping,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: c.invoice_settings.footer,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: input.metadata,
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: input.subscription
      ? { type: 'subscription_details', quote_details: null, subscription_details: { metadata: input.subscription.metadata, subscription: input.subscription.id } }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    payments: { object: 'list', data: [], has_more: false, url: `/v1/invoice_payments?invoice=${id}` },
    period_end: input.period.end,
    period_start: input.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: idOf(c.test_clock),
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  } satisfies Stripe.Invoice;
  core.state.invoices[id] = invoice;
  core.emit('invoice.created', invoice, ctx);
  return invoice;
}

function put(core: Core, invoice: Stripe.Invoice): Stripe.Invoice {
  core.state.invoices[invoice.id] = invoice;
  return invoice;
}

/** draft → open: numbered, with its hosted page (invoice.finalized). A zero total is paid at once. */
export function finalizeInvoice(core: Core, id: string, ctx: RequestContext): Stripe.Invoice {
  const inv = getInvoice(core, id);
  if (inv.status !== 'draft') throw invalidRequest(`This invoice is already finalized, you can't re-finalize a non-draft invoice.`, undefined, 'invoice_not_editable');
  const customerId = idOf(inv.customer) ?? '';
  const customer = core.state.customers[customerId];
  const seq = customer?.next_invoice_sequence ?? 1;
  if (customer) core.state.customers[customerId] = { ...customer, next_invoice_sequence: seq + 1 };
  const now = billingNow(core, customerId);
  const open = put(core, {
    ...inv,
    status: 'open',
    number: `${customer?.invoice_prefix ?? 'LOCAL'}-${String(seq).padStart(4, '0')}`,
    hosted_invoice_url: `${core.options.publicUrl}/i/${inv.id}`,
    effective_at: now,
    automatically_finalizes_at: null,
    status_transitions: { ...inv.status_transitions, finalized_at: now },
  });
  core.emit('invoice.finalized', open, ctx);
  if (open.amount_due === 0) return markPaid(core, open, null, ctx);
  return open;
}

function invoicePayment(invoice: Stripe.Invoice, pi: Stripe.PaymentIntent, now: number): Stripe.InvoicePayment {
  return {
    id: newId('inpay'),
    object: 'invoice_payment',
    amount_paid: pi.amount_received,
    amount_requested: invoice.amount_due,
    created: now,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: pi.id },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: now },
  };
}

function markPaid(core: Core, invoice: Stripe.Invoice, pi: Stripe.PaymentIntent | null, ctx: RequestContext): Stripe.Invoice {
  const now = billingNow(core, idOf(invoice.customer));
  const payment = pi ? invoicePayment(invoice, pi, now) : null;
  const paid = put(core, {
    ...invoice,
    status: 'paid',
    amount_paid: invoice.amount_due,
    amount_remaining: 0,
    attempted: true,
    attempt_count: pi ? invoice.attempt_count + 1 : invoice.attempt_count,
    next_payment_attempt: null,
    payments: payment ? { ...invoice.payments, object: 'list', data: [payment], has_more: false, url: `/v1/invoice_payments?invoice=${invoice.id}` } : invoice.payments,
    status_transitions: { ...invoice.status_transitions, paid_at: now },
  });
  if (payment) core.emit('invoice_payment.paid', payment, ctx);
  core.emit('invoice.paid', paid, ctx);
  core.emit('invoice.payment_succeeded', paid, ctx);
  return paid;
}

/** Which PaymentMethod an invoice is charged with: the one asked for, the invoice's, the subscription's, the customer's default. */
export function paymentMethodFor(core: Core, invoice: Stripe.Invoice): string | null {
  const subId = idOf(invoice.parent?.subscription_details?.subscription);
  const sub = subId ? core.state.subscriptions[subId] : undefined;
  const customer = core.state.customers[idOf(invoice.customer) ?? ''];
  return idOf(invoice.default_payment_method) ?? idOf(sub?.default_payment_method) ?? idOf(customer?.invoice_settings.default_payment_method) ?? null;
}

export type PaymentOutcome = { invoice: Stripe.Invoice; paid: true } | { invoice: Stripe.Invoice; paid: false; error: StripeApiError };

/**
 * Charges an open invoice with its PaymentMethod (a PaymentIntent, with the usual charge and
 * payment_intent events). A decline leaves it open with one more attempt (invoice.payment_failed)
 * and is returned, not thrown, so renewals carry on; the /pay route rethrows it as Stripe answers.
 */
export function payInvoice(core: Core, id: string, pm: Stripe.PaymentMethod | null, ctx: RequestContext): PaymentOutcome {
  let invoice = getInvoice(core, id);
  if (invoice.status === 'draft') invoice = finalizeInvoice(core, id, ctx);
  if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid', undefined, 'invoice_already_paid');
  if (invoice.status !== 'open') throw invalidRequest(`You cannot pay an invoice with status ${invoice.status ?? 'unknown'}.`, undefined, 'invoice_not_open');
  const pmId = pm?.id ?? paymentMethodFor(core, invoice);
  const method = pmId ? core.state.paymentMethods[pmId] : undefined;
  const customerId = idOf(invoice.customer);
  if (!method) {
    const error = invalidRequest('This customer has no attached payment source or default payment method. Please consider adding a default payment method.', undefined, 'invoice_no_customer_line_items');
    return { invoice: failed(core, invoice, ctx), paid: false, error };
  }
  const pi = createPaymentIntent(
    core,
    {
      amount: invoice.amount_remaining,
      currency: invoice.currency,
      description: invoice.billing_reason === 'subscription_create' ? 'Subscription creation' : invoice.billing_reason === 'subscription_cycle' ? 'Subscription update' : invoice.description,
      metadata: {},
      receiptEmail: null,
      shipping: null,
      paymentMethodTypes: ['card'],
    },
    ctx,
  );
  core.state.paymentIntents[pi.id] = { ...pi, customer: customerId, setup_future_usage: 'off_session' };
  try {
    const succeeded = confirmPayment(core, pi.id, method, ctx);
    return { invoice: markPaid(core, getInvoice(core, id), succeeded, ctx), paid: true };
  } catch (err) {
    if (!(err instanceof StripeApiError) || err.status !== 402) throw err;
    return { invoice: failed(core, getInvoice(core, id), ctx), paid: false, error: err };
  }
}

function failed(core: Core, invoice: Stripe.Invoice, ctx: RequestContext): Stripe.Invoice {
  const next = put(core, { ...invoice, attempted: true, attempt_count: invoice.attempt_count + 1, next_payment_attempt: null });
  core.emit('invoice.payment_failed', next, ctx);
  return next;
}

/** open → void or uncollectible (invoice.voided / invoice.marked_uncollectible). */
export function closeInvoice(core: Core, id: string, to: 'void' | 'uncollectible', ctx: RequestContext): Stripe.Invoice {
  const inv = getInvoice(core, id);
  const allowed = to === 'void' ? inv.status === 'open' || inv.status === 'uncollectible' : inv.status === 'open';
  if (!allowed) throw invalidRequest(`You can only ${to === 'void' ? 'void' : 'mark uncollectible'} an open invoice (this one is ${inv.status ?? 'unknown'}).`, undefined, 'invoice_not_open');
  const now = billingNow(core, idOf(inv.customer));
  const next = put(core, {
    ...inv,
    status: to,
    amount_remaining: to === 'void' ? 0 : inv.amount_remaining,
    status_transitions: to === 'void' ? { ...inv.status_transitions, voided_at: now } : { ...inv.status_transitions, marked_uncollectible_at: now },
  });
  core.emit(to === 'void' ? 'invoice.voided' : 'invoice.marked_uncollectible', next, ctx);
  return next;
}
