import type Stripe from 'stripe';
import type { Core, RequestContext } from '../core';
import { invalidParam, invalidRequest, missingParam, notFound } from '../errors';
import { newId, randomId } from '../ids';
import type { ParamMap } from '../server/form';
import { newestFirst, paginate, type ListResponse } from '../server/list';
import { applyMetadata, assertKnown, optBool, optEnum, optInt, optMap, optString, refuseEmpty, reqCurrency } from '../server/params';
import { previousAttributes, type Route } from '../server/route';
import { checkMinimumCharge, sessionOptions } from './checkout-options';
import { buildLineItems, createSession } from './checkout-sessions';
import { expandFor } from './expansion';

const CREATE_PARAMS = [
  'line_items', 'after_completion', 'metadata', 'active', 'currency', 'expand', 'inactive_message',
  'shipping_address_collection', 'phone_number_collection', 'billing_address_collection', 'custom_fields', 'custom_text',
  'submit_type', 'customer_creation', 'allow_promotion_codes', 'payment_intent_data', 'restrictions',
] as const;
const UPDATE_PARAMS = ['active', 'after_completion', 'metadata', 'inactive_message', 'expand'] as const;
/** Create parameters passed on to each Checkout Session the link opens (validated once, at create). */
const SESSION_PARAMS = [
  'shipping_address_collection', 'phone_number_collection', 'billing_address_collection', 'custom_fields', 'custom_text',
  'submit_type', 'customer_creation', 'allow_promotion_codes', 'payment_intent_data',
] as const;
const LINE_ITEM_RULES = { allowed: ['price', 'price_data', 'quantity'], max: 20, acceptInactive: false } as const;
const PAYMENT_INTENT_DATA_PARAMS = ['description', 'metadata'] as const;

function storedLink(core: Core, id: string): Stripe.PaymentLink {
  const link = core.state.paymentLinks[id];
  if (!link) throw notFound('payment_link', id);
  return link;
}

function completedSessions(core: Core, linkId: string): number {
  return Object.values(core.state.sessions).filter((session) => session.payment_link === linkId && session.status === 'complete').length;
}

/**
 * The link as Stripe shows it: `restrictions.completed_sessions.count` is the completed sessions so far, and a link
 * whose limit is met is deactivated. (Computed when read, so Local Stripe sends no payment_link.updated for it.)
 */
function asShown(core: Core, link: Stripe.PaymentLink): Stripe.PaymentLink {
  const limit = link.restrictions?.completed_sessions.limit;
  if (limit === undefined) return link;
  const count = completedSessions(core, link.id);
  return { ...link, active: link.active && count < limit, restrictions: { completed_sessions: { count, limit } } };
}

export function getPaymentLink(core: Core, id: string): Stripe.PaymentLink {
  return asShown(core, storedLink(core, id));
}

function restrictions(params: ParamMap): Stripe.PaymentLink.Restrictions | null {
  const raw = optMap(params, 'restrictions');
  if (!raw) return null;
  assertKnown(raw, ['completed_sessions'], 'restrictions');
  const completed = optMap(raw, 'completed_sessions', 'restrictions[completed_sessions]');
  if (!completed) throw missingParam('restrictions[completed_sessions]');
  assertKnown(completed, ['limit'], 'restrictions[completed_sessions]');
  const limit = optInt(completed, 'limit', 'restrictions[completed_sessions][limit]', { min: 1, max: 10_000 });
  if (limit === undefined) throw missingParam('restrictions[completed_sessions][limit]');
  return { completed_sessions: { count: 0, limit } };
}

function validUrl(url: string, param: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw invalidParam(param, 'Not a valid URL', 'url_invalid');
  return url;
}

function afterCompletion(params: ParamMap): Stripe.PaymentLink.AfterCompletion | undefined {
  const raw = optMap(params, 'after_completion');
  if (!raw) return undefined;
  assertKnown(raw, ['type', 'redirect', 'hosted_confirmation'], 'after_completion');
  const type = optEnum(raw, 'type', ['redirect', 'hosted_confirmation'], 'after_completion[type]');
  if (!type) throw missingParam('after_completion[type]');
  if (type === 'redirect') {
    const redirect = optMap(raw, 'redirect', 'after_completion[redirect]');
    if (!redirect) throw missingParam('after_completion[redirect]');
    assertKnown(redirect, ['url'], 'after_completion[redirect]');
    const url = optString(redirect, 'url', 'after_completion[redirect][url]');
    if (!url) throw missingParam('after_completion[redirect][url]');
    return { type, redirect: { url: validUrl(url, 'after_completion[redirect][url]') } };
  }
  const hosted = optMap(raw, 'hosted_confirmation', 'after_completion[hosted_confirmation]');
  if (hosted) assertKnown(hosted, ['custom_message'], 'after_completion[hosted_confirmation]');
  return { type, hosted_confirmation: { custom_message: (hosted && optString(hosted, 'custom_message')) || null } };
}

function shippingCollection(params: ParamMap): Stripe.PaymentLink.ShippingAddressCollection | null {
  const raw = optMap(params, 'shipping_address_collection');
  if (!raw) return null;
  assertKnown(raw, ['allowed_countries'], 'shipping_address_collection');
  const countries = raw['allowed_countries'];
  if (!Array.isArray(countries) || countries.length === 0) throw missingParam('shipping_address_collection[allowed_countries]');
  return {
    allowed_countries: countries.map((country, i) => {
      if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) {
        throw invalidParam(`shipping_address_collection[allowed_countries][${i}]`, `Invalid country: ${String(country)}`);
      }
      return country as Stripe.PaymentLink.ShippingAddressCollection.AllowedCountry;
    }),
  };
}

function paymentIntentData(params: ParamMap): Stripe.PaymentLink.PaymentIntentData | null {
  const raw = optMap(params, 'payment_intent_data');
  if (!raw) return null;
  assertKnown(raw, PAYMENT_INTENT_DATA_PARAMS, 'payment_intent_data');
  return {
    capture_method: null,
    description: optString(raw, 'description', 'payment_intent_data[description]') ?? null,
    metadata: applyMetadata({}, raw),
    setup_future_usage: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    transfer_group: null,
  };
}

function pick(params: ParamMap, names: readonly string[]): ParamMap {
  const picked: ParamMap = {};
  for (const name of names) if (params[name] !== undefined) picked[name] = params[name];
  return picked;
}

function createPaymentLink(core: Core, params: ParamMap, ctx: RequestContext): Stripe.PaymentLink {
  assertKnown(params, CREATE_PARAMS);
  refuseEmpty(params, ['line_items', 'currency', 'after_completion']);
  // The session options are checked here, once, with the rules a Checkout Session applies.
  const options = sessionOptions(pick(params, ['phone_number_collection', 'billing_address_collection', 'custom_fields', 'custom_text', 'submit_type', 'customer_creation', 'allow_promotion_codes']));
  const shipping = shippingCollection(params);
  const intentData = paymentIntentData(params);
  const lineItems = buildLineItems(core, params, ctx, 'payment', LINE_ITEM_RULES);
  const currency = lineItems[0]?.currency ?? 'usd';
  if (lineItems.some((item) => item.currency !== currency)) throw invalidRequest('All prices on a Payment Link must have the same currency.', 'line_items');
  if (params['currency'] !== undefined && reqCurrency(params, 'currency') !== currency) {
    throw invalidParam('currency', `The currency must match the line items' currency (${currency}).`);
  }
  checkMinimumCharge(lineItems.reduce((sum, item) => sum + item.amount_total, 0), currency, 'line_items');

  const id = newId('plink');
  const token = `test_${randomId(14)}`;
  const link = {
    id,
    object: 'payment_link',
    active: optBool(params, 'active') ?? true,
    after_completion: afterCompletion(params) ?? { type: 'hosted_confirmation', hosted_confirmation: { custom_message: null } },
    allow_promotion_codes: options.allowPromotionCodes ?? false,
    application: null,
    application_fee_amount: null,
    application_fee_percent: null,
    automatic_tax: { enabled: false, liability: null },
    billing_address_collection: options.billingAddressCollection ?? 'auto',
    consent_collection: null,
    currency,
    custom_fields: options.customFields,
    custom_text: options.customText,
    customer_creation: options.customerCreation ?? 'if_required',
    inactive_message: optString(params, 'inactive_message') || null,
    invoice_creation: null,
    livemode: false,
    managed_payments: null,
    metadata: applyMetadata({}, params),
    on_behalf_of: null,
    payment_intent_data: intentData,
    payment_method_collection: 'always',
    payment_method_options: null,
    payment_method_types: null,
    phone_number_collection: { enabled: options.phoneNumberCollection },
    restrictions: restrictions(params),
    shipping_address_collection: shipping,
    shipping_options: [],
    submit_type: options.submitType ?? 'auto',
    subscription_data: null,
    tax_id_collection: { enabled: false, required: 'never' },
    transfer_data: null,
    url: `${core.options.publicUrl}/b/${token}`,
  } satisfies Stripe.PaymentLink;
  core.state.paymentLinks[id] = link;
  core.state.paymentLinkLineItems[id] = lineItems;
  core.state.paymentLinkExtras[id] = { token, sessionParams: pick(params, SESSION_PARAMS) };
  core.emit('payment_link.created', link, ctx);
  return link;
}

function updatePaymentLink(core: Core, id: string, params: ParamMap, ctx: RequestContext): Stripe.PaymentLink {
  const existing = storedLink(core, id);
  assertKnown(params, UPDATE_PARAMS);
  refuseEmpty(params, ['after_completion']);
  const inactiveMessage = params['inactive_message'];
  const updated: Stripe.PaymentLink = {
    ...existing,
    active: optBool(params, 'active') ?? existing.active,
    after_completion: afterCompletion(params) ?? existing.after_completion,
    metadata: applyMetadata(existing.metadata, params),
    inactive_message: inactiveMessage === undefined ? existing.inactive_message : optString(params, 'inactive_message') || null,
  };
  const previous = previousAttributes(existing, updated);
  core.state.paymentLinks[id] = updated;
  if (Object.keys(previous).length > 0) core.emit('payment_link.updated', asShown(core, updated), ctx, previous);
  return asShown(core, updated);
}

export function paymentLinkLineItemsList(core: Core, id: string, params: ParamMap): ListResponse<Stripe.LineItem> {
  storedLink(core, id);
  return paginate(core.state.paymentLinkLineItems[id] ?? [], params, `/v1/payment_links/${id}/line_items`);
}

export function findPaymentLinkByToken(core: Core, token: string): Stripe.PaymentLink | null {
  for (const [id, extras] of Object.entries(core.state.paymentLinkExtras)) {
    const link = core.state.paymentLinks[id];
    if (extras.token === token) return link ? asShown(core, link) : null;
  }
  return null;
}

/** Where a link's session goes once paid: the link's redirect, or Local Stripe's own confirmation page. */
function successUrlFor(core: Core, link: Stripe.PaymentLink, token: string): string {
  if (link.after_completion.type === 'redirect' && link.after_completion.redirect) return link.after_completion.redirect.url;
  return `${core.options.publicUrl}/b/${token}/complete?session_id={CHECKOUT_SESSION_ID}`;
}

/**
 * What opening a link's page does on Stripe: a fresh Checkout Session in payment mode with the link's
 * items and options, `payment_link` set and the link's metadata copied; `prefilled_email` fills the email.
 */
export function openPaymentLink(core: Core, link: Stripe.PaymentLink, prefilledEmail: string | null, ctx: RequestContext): Stripe.Checkout.Session {
  const extras = core.state.paymentLinkExtras[link.id];
  if (!extras) throw notFound('payment_link', link.id);
  const items = core.state.paymentLinkLineItems[link.id] ?? [];
  const email = prefilledEmail && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(prefilledEmail) ? prefilledEmail : null;
  const params: ParamMap = {
    ...extras.sessionParams,
    mode: 'payment',
    line_items: items.map((item) => ({ price: item.price?.id ?? '', quantity: String(item.quantity ?? 1) })),
    success_url: successUrlFor(core, link, extras.token),
    metadata: { ...link.metadata },
    ...(email ? { customer_email: email } : {}),
  };
  return createSession(core, params, ctx, { paymentLink: link.id });
}

export function paymentLinkRoutes(core: Core): Route[] {
  return [
    { method: 'POST', pattern: '/v1/payment_links', handler: (req) => expandFor(core, createPaymentLink(core, req.params, req.ctx), req.params) },
    { method: 'GET', pattern: '/v1/payment_links/:id', handler: (req) => expandFor(core, getPaymentLink(core, req.pathParams['id'] ?? ''), req.params) },
    {
      method: 'POST',
      pattern: '/v1/payment_links/:id',
      handler: (req) => expandFor(core, updatePaymentLink(core, req.pathParams['id'] ?? '', req.params, req.ctx), req.params),
    },
    {
      method: 'GET',
      pattern: '/v1/payment_links/:id/line_items',
      handler: (req) => expandFor(core, paymentLinkLineItemsList(core, req.pathParams['id'] ?? '', req.params), req.params),
    },
    {
      method: 'GET',
      pattern: '/v1/payment_links',
      query: ['active'],
      handler: (req) => {
        const active = optBool(req.params, 'active');
        const links = newestFirst(core.state.paymentLinks).map((link) => asShown(core, link)).filter((link) => active === undefined || link.active === active);
        return expandFor(core, paginate(links, req.params, '/v1/payment_links'), req.params);
      },
    },
  ];
}

