import StripeSdk from 'stripe';
import type Stripe from 'stripe';
import type { Core, RequestContext } from '../core';
import { invalidRequest, notFound } from '../errors';
import { newId } from '../ids';
import { billingNow, idOf } from '../billing/clock';
import { closeInvoice, createInvoice, finalizeInvoice, getInvoice, payInvoice } from '../billing/invoices';
import { afterInvoicePayment } from '../billing/subscriptions';
import type { ParamMap } from '../server/form';
import { newestFirst, paginate } from '../server/list';
import { applyMetadata, assertKnown, optBool, optEnum, optInt, optString, refuseEmpty, reqCurrency, reqString } from '../server/params';
import type { Route } from '../server/route';
import { getCustomer } from './customers';
import { expandFor } from './expansion';
import { readRoutes } from './read-routes';
import { getPrice } from './prices';
import { customerPaymentMethod } from './subscriptions';

const INVOICE_PARAMS = [
  'customer', 'description', 'metadata', 'pending_invoice_items_behavior', 'auto_advance', 'collection_method', 'default_payment_method', 'expand', 'currency',
] as const;
const ITEM_PARAMS = ['customer', 'amount', 'currency', 'description', 'metadata', 'price', 'quantity', 'invoice', 'expand', 'period'] as const;
const STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;

function createInvoiceItem(core: Core, p: ParamMap, ctx: RequestContext): Stripe.InvoiceItem {
  assertKnown(p, ITEM_PARAMS);
  refuseEmpty(p, ['customer', 'amount', 'currency', 'price']);
  const customer = getCustomer(core, reqString(p, 'customer'), 'customer');
  if (p['invoice'] !== undefined) throw invalidRequest('Local Stripe adds invoice items to the next invoice only; remove `invoice` or use real Stripe (test mode).', 'invoice', 'parameter_invalid');
  const priceId = optString(p, 'price');
  const price = priceId ? getPrice(core, priceId, 'price') : null;
  const quantity = optInt(p, 'quantity', 'quantity', { min: 1, max: 999999 }) ?? 1;
  const amount = price ? (price.unit_amount ?? 0) * quantity : optInt(p, 'amount', 'amount', { min: -99999999, max: 99999999 });
  if (amount === undefined) reqString(p, 'amount');
  const currency = price ? price.currency : reqCurrency(p, 'currency');
  const now = billingNow(core, customer.id);
  const item = {
    id: newId('ii'),
    object: 'invoiceitem',
    amount: amount ?? 0,
    currency,
    customer: customer.id,
    customer_account: null,
    date: now,
    description: optString(p, 'description') || null,
    discountable: true,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: applyMetadata({}, p),
    net_amount: amount ?? 0,
    parent: null,
    period: { start: now, end: now },
    pricing: price
      ? { type: 'price_details', price_details: { price: price.id, product: idOf(price.product) ?? '' }, unit_amount_decimal: price.unit_amount_decimal }
      : { type: 'price_details', unit_amount_decimal: StripeSdk.Decimal.from(String(amount ?? 0)) },
    proration: false,
    quantity,
    quantity_decimal: StripeSdk.Decimal.from(String(quantity)),
    tax_rates: [],
    test_clock: idOf(customer.test_clock),
  } satisfies Stripe.InvoiceItem;
  core.state.invoiceItems[item.id] = item;
  core.emit('invoiceitem.created', item, ctx);
  return item;
}

/** A one-off invoice (billing_reason manual), with the customer's pending items when asked to include them. */
function createManualInvoice(core: Core, p: ParamMap, ctx: RequestContext): Stripe.Invoice {
  assertKnown(p, INVOICE_PARAMS);
  refuseEmpty(p, ['customer']);
  const customer = getCustomer(core, reqString(p, 'customer'), 'customer');
  const cm = optEnum(p, 'collection_method', ['charge_automatically', 'send_invoice']);
  if (cm === 'send_invoice') throw invalidRequest('Local Stripe does not support collection_method=send_invoice; use charge_automatically or real Stripe (test mode).', 'collection_method', 'parameter_invalid');
  const include = (optEnum(p, 'pending_invoice_items_behavior', ['exclude', 'include']) ?? 'exclude') === 'include';
  const pending = include ? Object.values(core.state.invoiceItems).filter((i) => i.customer === customer.id && i.invoice === null) : [];
  const currency = pending[0]?.currency ?? (p['currency'] !== undefined ? reqCurrency(p, 'currency') : 'usd');
  const pmId = optString(p, 'default_payment_method');
  const now = billingNow(core, customer.id);
  const invoice = createInvoice(
    core,
    {
      customer,
      currency,
      lines: pending.map((i) => ({
        amount: i.amount,
        description: i.description,
        price: i.pricing?.price_details ? (core.state.prices[idOf(i.pricing.price_details.price) ?? ''] ?? null) : null,
        quantity: i.quantity,
        period: i.period,
        subscriptionItem: null,
        invoiceItem: i.id,
        metadata: i.metadata ?? {},
      })),
      subscription: null,
      billingReason: 'manual',
      description: optString(p, 'description') || null,
      metadata: applyMetadata({}, p),
      period: { start: now, end: now },
      defaultPaymentMethod: pmId ? customerPaymentMethod(core, customer.id, pmId, 'default_payment_method') : null,
      autoAdvance: optBool(p, 'auto_advance') ?? false,
    },
    ctx,
  );
  for (const i of pending) core.state.invoiceItems[i.id] = { ...i, invoice: invoice.id };
  return invoice;
}

/** POST /v1/invoices/:id/pay: a decline answers 402 like Stripe (after invoice.payment_failed). */
function payFromParams(core: Core, id: string, p: ParamMap, ctx: RequestContext): Stripe.Invoice {
  assertKnown(p, ['payment_method', 'off_session', 'expand', 'paid_out_of_band', 'forgive', 'source']);
  if (optBool(p, 'paid_out_of_band')) throw invalidRequest('Local Stripe does not support paid_out_of_band.', 'paid_out_of_band', 'parameter_invalid');
  const invoice = getInvoice(core, id);
  const pmId = optString(p, 'payment_method');
  const customerId = idOf(invoice.customer) ?? '';
  let pm: Stripe.PaymentMethod | null = null;
  if (pmId) {
    const found = core.state.paymentMethods[pmId];
    if (!found) throw notFound('payment_method', pmId, 'payment_method');
    if (idOf(found.customer) !== customerId) customerPaymentMethod(core, customerId, pmId, 'payment_method');
    pm = found;
  }
  const outcome = payInvoice(core, id, pm, ctx);
  afterInvoicePayment(core, outcome.invoice, outcome.paid, ctx);
  if (!outcome.paid) throw outcome.error;
  return outcome.invoice;
}

function getInvoiceItem(core: Core, itemId: string): Stripe.InvoiceItem {
  const item = core.state.invoiceItems[itemId];
  if (!item) throw notFound('invoiceitem', itemId);
  return item;
}

export function invoiceRoutes(core: Core): Route[] {
  const id = (pathParams: Record<string, string>): string => pathParams['id'] ?? '';
  return [
    { method: 'POST', pattern: '/v1/invoices', handler: (req) => expandFor(core, createManualInvoice(core, req.params, req.ctx), req.params) },
    ...readRoutes(core, {
      path: '/v1/invoices',
      retrieve: (invoiceId) => getInvoice(core, invoiceId),
      query: ['customer', 'subscription', 'status', 'created', 'collection_method'],
      list: (p) => {
        const customer = optString(p, 'customer');
        const subscription = optString(p, 'subscription');
        const status = optEnum(p, 'status', STATUSES);
        return newestFirst(core.state.invoices).filter(
          (i) =>
            (!customer || i.customer === customer) &&
            (!subscription || idOf(i.parent?.subscription_details?.subscription) === subscription) &&
            (!status || i.status === status),
        );
      },
    }),
    {
      method: 'GET',
      pattern: '/v1/invoices/:id/lines',
      handler: (req) => {
        const inv = getInvoice(core, id(req.pathParams));
        return expandFor(core, paginate(inv.lines.data, req.params, `/v1/invoices/${inv.id}/lines`), req.params);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/invoices/:id/finalize',
      handler: (req) => {
        assertKnown(req.params, ['auto_advance', 'expand']);
        return expandFor(core, finalizeInvoice(core, id(req.pathParams), req.ctx), req.params);
      },
    },
    { method: 'POST', pattern: '/v1/invoices/:id/pay', handler: (req) => expandFor(core, payFromParams(core, id(req.pathParams), req.params, req.ctx), req.params) },
    {
      method: 'POST',
      pattern: '/v1/invoices/:id/void',
      handler: (req) => {
        assertKnown(req.params, ['expand']);
        return expandFor(core, closeInvoice(core, id(req.pathParams), 'void', req.ctx), req.params);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/invoices/:id/mark_uncollectible',
      handler: (req) => {
        assertKnown(req.params, ['expand']);
        return expandFor(core, closeInvoice(core, id(req.pathParams), 'uncollectible', req.ctx), req.params);
      },
    },
    { method: 'POST', pattern: '/v1/invoiceitems', handler: (req) => expandFor(core, createInvoiceItem(core, req.params, req.ctx), req.params) },
    ...readRoutes(core, { path: '/v1/invoiceitems', retrieve: (itemId) => getInvoiceItem(core, itemId) }),
    {
      method: 'DELETE',
      pattern: '/v1/invoiceitems/:id',
      handler: (req) => {
        const item = getInvoiceItem(core, id(req.pathParams));
        if (item.invoice !== null) throw invalidRequest('This invoice item is already on an invoice and cannot be deleted.', undefined, 'invoice_not_editable');
        delete core.state.invoiceItems[item.id];
        core.emit('invoiceitem.deleted', item, req.ctx);
        return { id: item.id, object: 'invoiceitem', deleted: true } satisfies Stripe.DeletedInvoiceItem;
      },
    },
    {
      method: 'GET',
      pattern: '/v1/invoice_payments',
      query: ['invoice'],
      handler: (req) => {
        const invoiceId = optString(req.params, 'invoice');
        const payments = Object.values(core.state.invoices)
          .filter((i) => !invoiceId || i.id === invoiceId)
          .flatMap((i) => i.payments?.data ?? [])
          .reverse();
        return expandFor(core, paginate(payments, req.params, '/v1/invoice_payments'), req.params);
      },
    },
  ];
}
