import type Stripe from 'stripe';
import type { Core, RequestContext } from '../core';
import { invalidRequest, notFound } from '../errors';
import { newId } from '../ids';
import { previousAttributes } from '../server/route';
import { billingNow, idOf } from './clock';
import { createInvoice, finalizeInvoice, payInvoice, type LineInput, type PaymentOutcome } from './invoices';
import { boundary, boundaryAfter, intervalOf, type Interval } from './periods';

export interface ItemInput {
  price: Stripe.Price;
  quantity: number;
  metadata: Record<string, string>;
}

export type PaymentBehavior = 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete';

export interface SubscriptionInput {
  customer: Stripe.Customer;
  items: ItemInput[];
  defaultPaymentMethod: string | null;
  metadata: Record<string, string>;
  description: string | null;
  paymentBehavior: PaymentBehavior;
  cancelAtPeriodEnd: boolean;
}

/** Statuses that renew at the end of each period. */
const RENEWING: readonly Stripe.Subscription.Status[] = ['active', 'past_due', 'trialing'];

export function getSubscription(core: Core, id: string, param = 'id'): Stripe.Subscription {
  const sub = core.state.subscriptions[id];
  if (!sub) throw notFound('subscription', id, param);
  return sub;
}

/** The legacy Plan view of a recurring price (subscription items still carry it). */
function planOf(price: Stripe.Price): Stripe.Plan {
  const r = price.recurring;
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: r?.interval === 'day' || r?.interval === 'week' || r?.interval === 'year' ? r.interval : 'month',
    interval_count: r?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed',
  };
}

/** The subscription's interval: all its items bill on one (Stripe refuses mixed intervals). */
export function subscriptionInterval(sub: Stripe.Subscription): Interval {
  const price = sub.items.data[0]?.price;
  if (!price) throw new Error(`subscription ${sub.id} has no items`);
  return intervalOf(price);
}

export function currentPeriod(sub: Stripe.Subscription): { start: number; end: number } {
  const item = sub.items.data[0];
  return { start: item?.current_period_start ?? sub.start_date, end: item?.current_period_end ?? sub.start_date };
}

function lineFor(item: Stripe.SubscriptionItem, period: { start: number; end: number }): LineInput {
  const quantity = item.quantity ?? 1;
  const product = item.price.product;
  const name = typeof product === 'string' ? product : 'name' in product ? product.name : product.id;
  return {
    amount: (item.price.unit_amount ?? 0) * quantity,
    description: `${quantity} × ${name} (at ${item.price.unit_amount ?? 0} ${item.price.currency} / ${item.price.recurring?.interval ?? 'period'})`,
    price: item.price,
    quantity,
    period,
    subscriptionItem: item.id,
    invoiceItem: null,
    metadata: {},
  };
}

function describeLines(core: Core, lines: LineInput[]): LineInput[] {
  // Stripe writes "1 × Product name (at $165.00 / week)"; the product's name comes from the catalog.
  return lines.map((l) => {
    const productId = idOf(l.price?.product);
    const product = productId ? core.state.products[productId] : undefined;
    if (!product || !l.price) return l;
    return { ...l, description: `${l.quantity} × ${product.name} (at ${(l.price.unit_amount ?? 0) / 100} ${l.price.currency.toUpperCase()} / ${l.price.recurring?.interval ?? 'period'})` };
  });
}

function checkItems(items: ItemInput[]): { currency: string; every: Interval } {
  const first = items[0];
  if (!first) throw invalidRequest('Missing required param: items.', 'items', 'parameter_missing');
  items.forEach((item, i) => {
    if (item.price.type !== 'recurring') throw invalidRequest(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, `items[${i}][price]`);
    if (!item.price.active) throw invalidRequest('The price specified is inactive. This field only accepts active prices.', `items[${i}][price]`);
  });
  const every = intervalOf(first.price);
  if (items.some((i) => { const e = intervalOf(i.price); return e.interval !== every.interval || e.count !== every.count; })) {
    throw invalidRequest('Currently, all prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.', 'items');
  }
  if (items.some((i) => i.price.currency !== first.price.currency)) throw invalidRequest('All prices on a subscription must have the same currency.', 'items');
  return { currency: first.price.currency, every };
}

/**
 * Creates a subscription and its first invoice (billing_reason subscription_create), charged at once
 * with the default PaymentMethod. Paid → `active`; declined → `incomplete` (allow_incomplete) or a
 * 402 that undoes everything (error_if_incomplete). customer.subscription.created carries the outcome.
 */
export function createSubscription(core: Core, input: SubscriptionInput, ctx: RequestContext): { subscription: Stripe.Subscription; outcome: PaymentOutcome | null } {
  const { currency, every } = checkItems(input.items);
  const customer = input.customer;
  const now = billingNow(core, customer.id);
  const id = newId('sub');
  const periodEnd = boundary(now, every, 1);
  const items: Stripe.SubscriptionItem[] = input.items.map((i) => ({
    id: newId('si', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created: now,
    current_period_end: periodEnd,
    current_period_start: now,
    current_trial: null,
    discounts: [],
    metadata: i.metadata,
    plan: planOf(i.price),
    price: i.price,
    quantity: i.quantity,
    subscription: id,
    tax_rates: [],
  }));
  const sub = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: input.cancelAtPeriodEnd ? periodEnd : null,
    cancel_at_period_end: input.cancelAtPeriodEnd,
    canceled_at: input.cancelAtPeriodEnd ? now : null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: input.cancelAtPeriodEnd ? 'cancellation_requested' : null },
    collection_method: 'charge_automatically',
    created: now,
    currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: 'incomplete',
    test_clock: idOf(customer.test_clock),
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' } },
    trial_start: null,
  } satisfies Stripe.Subscription;
  core.state.subscriptions[id] = sub;
  if (input.paymentBehavior !== 'default_incomplete' && !paymentMethodForSubscription(core, sub)) {
    throw invalidRequest('This customer has no attached payment source or default payment method. Please consider adding a default payment method.', undefined, 'resource_missing');
  }
  const invoice = createInvoice(
    core,
    {
      customer,
      currency,
      lines: describeLines(core, items.map((i) => lineFor(i, { start: now, end: periodEnd }))),
      subscription: sub,
      billingReason: 'subscription_create',
      description: null,
      metadata: {},
      period: { start: now, end: now },
      defaultPaymentMethod: null,
      autoAdvance: false,
    },
    ctx,
  );
  const open = finalizeInvoice(core, invoice.id, ctx);
  let outcome: PaymentOutcome | null = null;
  if (open.status === 'open' && input.paymentBehavior !== 'default_incomplete') {
    outcome = payInvoice(core, open.id, null, ctx);
    if (!outcome.paid && input.paymentBehavior === 'error_if_incomplete') throw outcome.error;
  }
  const paid = core.state.invoices[open.id]?.status === 'paid';
  const created: Stripe.Subscription = { ...sub, status: paid ? 'active' : 'incomplete', latest_invoice: open.id };
  core.state.subscriptions[id] = created;
  core.emit('customer.subscription.created', created, ctx);
  return { subscription: created, outcome };
}

function paymentMethodForSubscription(core: Core, sub: Stripe.Subscription): string | null {
  const customer = core.state.customers[idOf(sub.customer) ?? ''];
  return idOf(sub.default_payment_method) ?? idOf(customer?.invoice_settings.default_payment_method) ?? null;
}

/** Writes a subscription change and emits customer.subscription.updated with what changed. */
export function saveSubscription(core: Core, before: Stripe.Subscription, after: Stripe.Subscription, ctx: RequestContext): Stripe.Subscription {
  core.state.subscriptions[after.id] = after;
  const prev = previousAttributes(before, after);
  if (Object.keys(prev).length > 0) core.emit('customer.subscription.updated', after, ctx, prev);
  return after;
}

/** Ends a subscription now (or at `at`, its period end): status canceled, customer.subscription.deleted. */
export function endSubscription(
  core: Core,
  id: string,
  at: number,
  ctx: RequestContext,
  reason: Stripe.Subscription.CancellationDetails.Reason = 'cancellation_requested',
  given?: { comment: string | null; feedback: string | null },
): Stripe.Subscription {
  const sub = getSubscription(core, id);
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata.`, undefined, 'resource_missing');
  }
  const ended: Stripe.Subscription = {
    ...sub,
    status: 'canceled',
    canceled_at: sub.canceled_at ?? at,
    ended_at: at,
    cancel_at: sub.cancel_at,
    cancellation_details: {
      comment: given ? given.comment : (sub.cancellation_details?.comment ?? null),
      feedback: given ? (given.feedback as Stripe.Subscription.CancellationDetails.Feedback | null) : (sub.cancellation_details?.feedback ?? null),
      feedback_option: sub.cancellation_details?.feedback_option ?? null,
      reason,
    },
  };
  core.state.subscriptions[id] = ended;
  core.emit('customer.subscription.deleted', ended, ctx);
  return ended;
}

/** After an invoice of the subscription is paid (or fails) outside a renewal: active again, or past due. */
export function afterInvoicePayment(core: Core, invoice: Stripe.Invoice, paid: boolean, ctx: RequestContext): void {
  const subId = idOf(invoice.parent?.subscription_details?.subscription);
  const sub = subId ? core.state.subscriptions[subId] : undefined;
  if (!sub || sub.status === 'canceled' || sub.status === 'incomplete_expired') return;
  // Only the latest invoice decides the status (paying an old one does not reactivate).
  if (idOf(sub.latest_invoice) !== invoice.id) return;
  const status: Stripe.Subscription.Status = paid ? 'active' : sub.status === 'incomplete' ? 'incomplete' : 'past_due';
  if (status !== sub.status) saveSubscription(core, sub, { ...sub, status }, ctx);
}

/** When a renewing subscription's current period ends, or null. */
export function renewalDueAt(sub: Stripe.Subscription): number | null {
  return RENEWING.includes(sub.status) ? currentPeriod(sub).end : null;
}

/**
 * The subscription's current period has ended (the clock is at its end): cancel it if it was set to
 * cancel at period end; otherwise start the next period, invoice it (subscription_cycle) and charge
 * the saved card. Paid → active; declined → past_due with invoice.payment_failed.
 */
export function renewSubscription(core: Core, id: string, ctx: RequestContext): void {
  const sub = getSubscription(core, id);
  const period = currentPeriod(sub);
  if (sub.cancel_at_period_end || (sub.cancel_at !== null && sub.cancel_at <= period.end)) {
    endSubscription(core, id, sub.cancel_at ?? period.end, ctx);
    return;
  }
  const every = subscriptionInterval(sub);
  const next = { start: period.end, end: boundaryAfter(sub.billing_cycle_anchor, every, period.end) };
  const items = sub.items.data.map((i) => ({ ...i, current_period_start: next.start, current_period_end: next.end }));
  const customer = core.state.customers[idOf(sub.customer) ?? ''];
  // A deleted customer's subscriptions end (Stripe cancels them with the customer).
  if (!customer) return void endSubscription(core, id, period.end, ctx);
  const renewed: Stripe.Subscription = { ...sub, items: { ...sub.items, data: items } };
  core.state.subscriptions[id] = renewed;
  const invoice = createInvoice(
    core,
    {
      customer,
      currency: sub.currency,
      lines: describeLines(core, items.map((i) => lineFor(i, next))),
      subscription: renewed,
      billingReason: 'subscription_cycle',
      description: null,
      metadata: {},
      period,
      defaultPaymentMethod: null,
      autoAdvance: true,
    },
    ctx,
  );
  // Stripe finalizes a renewal invoice about an hour after the period starts; Local Stripe does it at once.
  const open = finalizeInvoice(core, invoice.id, ctx);
  const paid = open.status === 'paid' || payInvoice(core, open.id, null, ctx).paid;
  const status: Stripe.Subscription.Status = paid ? 'active' : 'past_due';
  saveSubscription(core, sub, { ...renewed, latest_invoice: open.id, status }, ctx);
}

/**
 * Renews subscriptions without a test clock whose period has ended in real time (the emulator's
 * sweep calls this), earliest first; subscriptions on a test clock move only with their clock.
 */
export function renewDueSubscriptions(core: Core, now: number): void {
  for (;;) {
    let next: { id: string; at: number } | null = null;
    for (const sub of Object.values(core.state.subscriptions)) {
      const at = sub.test_clock ? null : renewalDueAt(sub);
      if (at !== null && at <= now && (!next || at < next.at)) next = { id: sub.id, at };
    }
    if (!next) return;
    renewSubscription(core, next.id, { requestId: null, idempotencyKey: null });
  }
}
