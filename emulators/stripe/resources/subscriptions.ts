import type Stripe from 'stripe';
import type { Core, RequestContext } from '../core';
import { invalidParam, invalidRequest, missingParam } from '../errors';
import { billingNow, idOf } from '../billing/clock';
import {
  createSubscription, currentPeriod, endSubscription, getSubscription, saveSubscription, type ItemInput, type PaymentBehavior,
} from '../billing/subscriptions';
import type { ParamMap } from '../server/form';
import { newestFirst, paginate } from '../server/list';
import {
  applyMetadata, asMap, assertKnown, optArray, optBool, optEnum, optInt, optMap, optString, refuseEmpty, reqString,
} from '../server/params';
import type { Route } from '../server/route';
import { getCustomer } from './customers';
import { expandFor } from './expansion';
import { readRoutes } from './read-routes';
import { createPrice, getPrice } from './prices';

const CREATE_PARAMS = [
  'customer', 'items', 'default_payment_method', 'metadata', 'description', 'payment_behavior', 'cancel_at_period_end',
  'collection_method', 'expand', 'off_session', 'proration_behavior', 'payment_settings',
] as const;
const UPDATE_PARAMS = [
  'items', 'default_payment_method', 'metadata', 'description', 'cancel_at_period_end', 'proration_behavior', 'expand',
  'payment_behavior', 'off_session', 'cancellation_details',
] as const;
const PAYMENT_BEHAVIORS = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const;
/** Local Stripe never prorates: a quantity change applies from the next period (like proration_behavior=none). */
const PRORATION = ['none', 'create_prorations', 'always_invoice'] as const;
const STATUSES = ['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'] as const;

function itemPrice(core: Core, raw: ParamMap, label: string, ctx: RequestContext): Stripe.Price {
  const priceId = optString(raw, 'price', `${label}[price]`);
  const priceData = optMap(raw, 'price_data', `${label}[price_data]`);
  if (priceId && priceData) throw invalidRequest('You may only specify one of these parameters: price, price_data.', `${label}[price]`);
  if (priceId) return getPrice(core, priceId, `${label}[price]`);
  if (priceData) {
    if (!priceData['recurring']) throw missingParam(`${label}[price_data][recurring]`);
    return createPrice(core, priceData, ctx, `${label}[price_data]`, true);
  }
  throw missingParam(`${label}[price]`);
}

function parseItems(core: Core, params: ParamMap, ctx: RequestContext): ItemInput[] {
  const raw = optArray(params, 'items');
  if (!raw || raw.length === 0) throw missingParam('items');
  if (raw.length > 20) throw invalidParam('items', 'A subscription may have at most 20 items.');
  return raw.map((entry, i) => {
    const label = `items[${i}]`;
    const item = asMap(entry, label);
    assertKnown(item, ['price', 'price_data', 'quantity', 'metadata'], label);
    refuseEmpty(item, ['price', 'quantity'], label);
    const price = itemPrice(core, item, label, ctx);
    const quantity = optInt(item, 'quantity', `${label}[quantity]`, { min: 1, max: 999999 }) ?? 1;
    return { price, quantity, metadata: applyMetadata({}, item) };
  });
}

/** A PaymentMethod given for a customer's subscription must be attached to that customer. */
export function customerPaymentMethod(core: Core, customerId: string, id: string, param: string): string {
  const pm = core.state.paymentMethods[id];
  if (!pm || idOf(pm.customer) !== customerId) {
    throw invalidRequest(`The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`, param, 'resource_missing');
  }
  return pm.id;
}

function checkUnsupported(params: ParamMap): void {
  const cm = optEnum(params, 'collection_method', ['charge_automatically', 'send_invoice']);
  if (cm === 'send_invoice') throw invalidParam('collection_method', 'Local Stripe does not support collection_method=send_invoice; use charge_automatically or real Stripe (test mode).', 'parameter_invalid');
  optEnum(params, 'proration_behavior', PRORATION);
  const ps = optMap(params, 'payment_settings');
  if (ps) assertKnown(ps, ['save_default_payment_method', 'payment_method_types'], 'payment_settings');
}

function createFromParams(core: Core, params: ParamMap, ctx: RequestContext): Stripe.Subscription {
  assertKnown(params, CREATE_PARAMS);
  refuseEmpty(params, ['customer', 'items']);
  checkUnsupported(params);
  const customer = getCustomer(core, reqString(params, 'customer'), 'customer');
  const behavior = optEnum(params, 'payment_behavior', PAYMENT_BEHAVIORS) ?? 'allow_incomplete';
  if (behavior === 'pending_if_incomplete') throw invalidParam('payment_behavior', 'pending_if_incomplete is only used when updating a subscription.', 'parameter_invalid');
  const pmId = optString(params, 'default_payment_method');
  const { subscription } = createSubscription(
    core,
    {
      customer,
      items: parseItems(core, params, ctx),
      defaultPaymentMethod: pmId ? customerPaymentMethod(core, customer.id, pmId, 'default_payment_method') : null,
      metadata: applyMetadata({}, params),
      description: optString(params, 'description') || null,
      paymentBehavior: behavior as PaymentBehavior,
      cancelAtPeriodEnd: optBool(params, 'cancel_at_period_end') ?? false,
    },
    ctx,
  );
  return subscription;
}

/** New quantities for existing items (`items[i][id]` + `quantity`); adding/removing items is refused. */
function updatedItems(sub: Stripe.Subscription, params: ParamMap): Stripe.SubscriptionItem[] {
  const raw = optArray(params, 'items');
  if (!raw) return sub.items.data;
  let data = sub.items.data;
  raw.forEach((entry, i) => {
    const label = `items[${i}]`;
    const item = asMap(entry, label);
    assertKnown(item, ['id', 'quantity', 'metadata', 'price'], label);
    const id = optString(item, 'id', `${label}[id]`);
    if (!id) throw invalidParam(`${label}[id]`, 'Local Stripe only updates existing subscription items: pass items[i][id] with a new quantity.', 'parameter_invalid');
    const existing = data.find((d) => d.id === id);
    if (!existing) throw invalidRequest(`No such subscription item: '${id}'`, `${label}[id]`, 'resource_missing');
    if (item['price'] !== undefined && item['price'] !== existing.price.id) throw invalidParam(`${label}[price]`, 'Local Stripe does not change an item\'s price; cancel and subscribe again, or use real Stripe (test mode).', 'parameter_invalid');
    const quantity = optInt(item, 'quantity', `${label}[quantity]`, { min: 1, max: 999999 }) ?? existing.quantity;
    data = data.map((d) => (d.id === id ? { ...d, quantity, metadata: applyMetadata(d.metadata, item) } : d));
  });
  return data;
}

export function updateSubscription(core: Core, id: string, params: ParamMap, ctx: RequestContext): Stripe.Subscription {
  const sub = getSubscription(core, id);
  assertKnown(params, UPDATE_PARAMS);
  checkUnsupported(params);
  optEnum(params, 'payment_behavior', PAYMENT_BEHAVIORS);
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    const onlyAllowed = Object.keys(params).every((k) => k === 'metadata' || k === 'cancellation_details' || k === 'expand');
    if (!onlyAllowed) throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.', undefined, 'subscription_canceled');
  }
  const customerId = idOf(sub.customer) ?? '';
  const now = billingNow(core, customerId);
  const cancel = optBool(params, 'cancel_at_period_end');
  const pm = optString(params, 'default_payment_method');
  const details = optMap(params, 'cancellation_details');
  if (details) assertKnown(details, ['comment', 'feedback'], 'cancellation_details');
  let next: Stripe.Subscription = {
    ...sub,
    items: { ...sub.items, data: updatedItems(sub, params) },
    metadata: applyMetadata(sub.metadata, params),
    description: params['description'] !== undefined ? optString(params, 'description') || null : sub.description,
    default_payment_method: pm === undefined ? sub.default_payment_method : pm === '' ? null : customerPaymentMethod(core, customerId, pm, 'default_payment_method'),
  };
  if (cancel === true && !sub.cancel_at_period_end) {
    next = { ...next, cancel_at_period_end: true, cancel_at: currentPeriod(sub).end, canceled_at: now, cancellation_details: { ...(sub.cancellation_details ?? { comment: null, feedback: null, feedback_option: null }), reason: 'cancellation_requested' } };
  } else if (cancel === false && sub.cancel_at_period_end) {
    next = { ...next, cancel_at_period_end: false, cancel_at: null, canceled_at: null, cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null } };
  }
  if (details) {
    const feedback = optString(details, 'feedback', 'cancellation_details[feedback]');
    next = {
      ...next,
      cancellation_details: {
        ...(next.cancellation_details ?? { reason: null, feedback_option: null }),
        comment: optString(details, 'comment', 'cancellation_details[comment]') || null,
        feedback: (feedback || null) as Stripe.Subscription.CancellationDetails.Feedback | null,
        feedback_option: null,
      },
    };
  }
  return saveSubscription(core, sub, next, ctx);
}

export function subscriptionRoutes(core: Core): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/subscriptions',
      handler: (req) => expandFor(core, createFromParams(core, req.params, req.ctx), req.params),
    },
    ...readRoutes(core, {
      path: '/v1/subscriptions',
      retrieve: (id) => getSubscription(core, id),
      query: ['customer', 'status', 'price', 'test_clock', 'created', 'collection_method'],
      list: (p) => {
        const customer = optString(p, 'customer');
        const status = optEnum(p, 'status', STATUSES);
        const price = optString(p, 'price');
        const clock = optString(p, 'test_clock');
        return newestFirst(core.state.subscriptions).filter(
          (s) =>
            (!customer || s.customer === customer) &&
            (!clock || idOf(s.test_clock) === clock) &&
            (!price || s.items.data.some((i) => i.price.id === price)) &&
            // Without a status, Stripe lists every subscription that has not been canceled.
            (status === 'all' || (status === undefined ? s.status !== 'canceled' : status === 'ended' ? s.status === 'canceled' || s.status === 'incomplete_expired' : s.status === status)),
        );
      },
    }),
    {
      method: 'POST',
      pattern: '/v1/subscriptions/:id',
      handler: (req) => expandFor(core, updateSubscription(core, req.pathParams['id'] ?? '', req.params, req.ctx), req.params),
    },
    {
      method: 'DELETE',
      pattern: '/v1/subscriptions/:id',
      query: ['invoice_now', 'prorate', 'cancellation_details', 'expand'],
      handler: (req) => {
        const p = req.params;
        for (const name of ['invoice_now', 'prorate']) {
          if (optBool(p, name)) throw invalidParam(name, `Local Stripe does not emulate \`${name}=true\` (no final invoice or proration on cancel).`, 'parameter_invalid');
        }
        const sub = getSubscription(core, req.pathParams['id'] ?? '');
        const details = optMap(p, 'cancellation_details');
        if (details) assertKnown(details, ['comment', 'feedback'], 'cancellation_details');
        const feedback = details ? optString(details, 'feedback', 'cancellation_details[feedback]') || null : null;
        const comment = details ? optString(details, 'comment', 'cancellation_details[comment]') || null : null;
        const ended = endSubscription(core, sub.id, billingNow(core, idOf(sub.customer)), req.ctx, 'cancellation_requested', details ? { comment, feedback } : undefined);
        return expandFor(core, ended, p);
      },
    },
    {
      method: 'GET',
      pattern: '/v1/subscription_items',
      query: ['subscription'],
      handler: (req) => {
        const sub = getSubscription(core, reqString(req.params, 'subscription'), 'subscription');
        return expandFor(core, paginate(sub.items.data, req.params, `/v1/subscription_items?subscription=${sub.id}`), req.params);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/subscription_items/:id',
      handler: (req) => {
        const itemId = req.pathParams['id'] ?? '';
        const sub = Object.values(core.state.subscriptions).find((s) => s.items.data.some((i) => i.id === itemId));
        if (!sub) throw invalidRequest(`No such subscription item: '${itemId}'`, 'id', 'resource_missing');
        const p = req.params;
        assertKnown(p, ['quantity', 'metadata', 'proration_behavior', 'expand', 'payment_behavior']);
        const item: ParamMap = { id: itemId };
        if (p['quantity'] !== undefined) item['quantity'] = p['quantity'];
        if (p['metadata'] !== undefined) item['metadata'] = p['metadata'];
        const updated = updateSubscription(core, sub.id, { items: [item], ...(p['proration_behavior'] ? { proration_behavior: p['proration_behavior'] } : {}) }, req.ctx);
        return expandFor(core, updated.items.data.find((i) => i.id === itemId) ?? {}, p);
      },
    },
  ];
}

