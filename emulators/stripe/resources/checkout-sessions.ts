import type Stripe from 'stripe';
import type { Core, RequestContext } from '../core';
import { NO_REQUEST } from '../core';
import { invalidParam, invalidRequest, missingParam, notFound } from '../errors';
import { newId, newSessionId } from '../ids';
import { copyJson } from '../json-copy';
import { ASYNC_SETTLE_MS, CAPTURE_METHODS, confirmPayment, createPaymentIntent } from '../payments/engine';
import type { ParamMap } from '../server/form';
import type { SessionExtras, SettlementOutcome } from '../state/types';
import { subscribeFromSession, subscriptionPaymentMethods, subscriptionSessionOptions } from '../billing/checkout';
import { newestFirst } from '../server/list';
import {
  applyMetadata, asMap, assertKnown, optArray, optEnum, optInt, optMap, optString, optStringArray, refuseEmpty, reqCurrency, reqString,
} from '../server/params';
import type { Route } from '../server/route';
import { checkMinimumCharge, sessionMode, sessionOptions, sessionPaymentMethods } from './checkout-options';
import { expandFor } from './expansion';
import { readRoutes } from './read-routes';
import { sessionLineItemsList } from './line-items';
import { createPrice, getPrice } from './prices';
import { getProduct } from './products';

const CREATE_PARAMS = [
  'mode', 'line_items', 'success_url', 'cancel_url', 'customer_email', 'client_reference_id', 'metadata',
  'shipping_address_collection', 'expires_at', 'payment_intent_data', 'allowed_payment_method_types', 'payment_method_types', 'expand', 'locale',
  'submit_type', 'billing_address_collection', 'phone_number_collection', 'ui_mode', 'allow_promotion_codes',
  'customer_creation', 'currency', 'custom_text', 'custom_fields', 'customer', 'subscription_data',
] as const;
/** Create parameters that cannot be unset, so `''` is refused (parameter_invalid_empty). */
const NOT_EMPTY = ['success_url', 'cancel_url', 'customer_email', 'client_reference_id', 'currency', 'line_items', 'expires_at'] as const;
const LINE_ITEM_PARAMS = ['price', 'price_data', 'quantity', 'metadata'] as const;
const PI_DATA_PARAMS = [
  'description', 'metadata', 'shipping', 'setup_future_usage', 'receipt_email', 'capture_method',
  'statement_descriptor', 'statement_descriptor_suffix', 'transfer_group',
] as const;
const MIN_EXPIRY_S = 30 * 60;
const MAX_EXPIRY_S = 24 * 3600;

type AllowedCountry = Stripe.Checkout.Session.ShippingAddressCollection.AllowedCountry;

function isCountry(v: string): v is AllowedCountry {
  return /^[A-Z]{2}$/.test(v);
}

/** Marks overdue open sessions expired (once) and emits checkout.session.expired. */
export function expireDueSessions(core: Core): void {
  const now = core.nowSeconds();
  // The expiry index hands out only sessions recorded as due; re-check each (it may be paid since).
  for (const id of core.index.takeDueSessionIds(now)) {
    const s = core.state.sessions[id];
    if (s?.status === 'open' && s.expires_at <= now) expireSession(core, s.id, NO_REQUEST);
  }
}

function expireSession(core: Core, id: string, ctx: RequestContext): Stripe.Checkout.Session {
  const s = getSessionRaw(core, id);
  const expired: Stripe.Checkout.Session = { ...s, status: 'expired', url: null };
  core.state.sessions[id] = expired;
  core.emit('checkout.session.expired', expired, ctx, { status: 'open', url: s.url });
  return expired;
}

function sessionsForPaymentIntent(core: Core, pi: string): Stripe.Checkout.Session[] {
  return core.index.sessionIdsForPaymentIntent(pi).flatMap((id) => core.state.sessions[id] ?? []);
}

function getSessionRaw(core: Core, id: string): Stripe.Checkout.Session {
  const s = core.state.sessions[id];
  if (!s) throw notFound('checkout.session', id);
  return s;
}

/** Reads a session, expiring it first if its time is up. */
export function getSession(core: Core, id: string): Stripe.Checkout.Session {
  const s = getSessionRaw(core, id);
  if (s.status === 'open' && s.expires_at <= core.nowSeconds()) return expireSession(core, id, NO_REQUEST);
  return s;
}

/** How line items are read: a session's (the default) or a Payment Link's, whose ad-hoc prices its sessions reuse. */
export interface LineItemRules {
  allowed: readonly string[];
  max: number;
  /** Inactive prices accepted (a Payment Link's own price_data prices, when it opens a session). */
  acceptInactive: boolean;
}

const SESSION_LINE_ITEMS: LineItemRules = { allowed: LINE_ITEM_PARAMS, max: 100, acceptInactive: false };

export function buildLineItems(
  core: Core,
  params: ParamMap,
  ctx: RequestContext,
  mode: Stripe.Checkout.Session.Mode,
  rules: LineItemRules = SESSION_LINE_ITEMS,
): Stripe.LineItem[] {
  const raw = optArray(params, 'line_items');
  if (!raw || raw.length === 0) throw missingParam('line_items');
  if (raw.length > rules.max) throw invalidParam('line_items', `You may only specify up to ${rules.max} line items.`);
  return raw.map((entry, i) => {
    const label = `line_items[${i}]`;
    const li = asMap(entry, label);
    assertKnown(li, rules.allowed, label);
    refuseEmpty(li, ['price', 'price_data', 'quantity'], label);
    const priceId = optString(li, 'price', `${label}[price]`);
    const priceData = optMap(li, 'price_data', `${label}[price_data]`);
    if (priceId && priceData) {
      throw invalidRequest('You may only specify one of these parameters: price, price_data.', `${label}[price]`);
    }
    let price: Stripe.Price;
    if (priceId) {
      price = getPrice(core, priceId, `${label}[price]`);
      if (!price.active && !rules.acceptInactive) {
        throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, `${label}[price]`);
      }
    } else if (priceData) {
      price = createPrice(core, priceData, ctx, `${label}[price_data]`, true);
    } else {
      throw invalidRequest(`You must specify either \`price\` or \`price_data\` in each line item.`, `${label}[price]`, 'parameter_missing');
    }
    if (mode === 'payment' && price.type !== 'one_time') {
      throw invalidRequest('You must be in `subscription` mode to use recurring prices.', `${label}[price]`);
    }
    if (mode === 'subscription' && price.type !== 'recurring') {
      throw invalidRequest('Local Stripe takes recurring prices only in `subscription` mode (one-time prices on the first invoice are not emulated).', `${label}[price]`);
    }
    const quantity = optInt(li, 'quantity', `${label}[quantity]`, { min: 1, max: 999999 });
    if (quantity === undefined) throw missingParam(`${label}[quantity]`);
    const product = getProduct(core, typeof price.product === 'string' ? price.product : price.product.id);
    const amount = (price.unit_amount ?? 0) * quantity;
    return {
      id: newId('li'),
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: product.name,
      metadata: applyMetadata({}, li),
      price: copyJson(price),
      quantity,
    } satisfies Stripe.LineItem;
  });
}

function parseShipping(raw: ParamMap, label: string): Stripe.PaymentIntent.Shipping {
  assertKnown(raw, ['name', 'address', 'carrier', 'phone', 'tracking_number'], label);
  const address = optMap(raw, 'address', `${label}[address]`);
  if (!address) throw missingParam(`${label}[address]`);
  assertKnown(address, ['line1', 'line2', 'city', 'state', 'postal_code', 'country'], `${label}[address]`);
  const s = (k: string): string | null => optString(address, k, `${label}[address][${k}]`) || null;
  return {
    name: reqString(raw, 'name', `${label}[name]`),
    address: { line1: s('line1'), line2: s('line2'), city: s('city'), state: s('state'), postal_code: s('postal_code'), country: s('country') },
    carrier: optString(raw, 'carrier') ?? null,
    phone: optString(raw, 'phone') ?? null,
    tracking_number: optString(raw, 'tracking_number') ?? null,
  };
}

/** Set when a Payment Link opens the session: the session names the link and may use the link's ad-hoc prices. */
export interface SessionOrigin {
  paymentLink: string;
}

export function createSession(core: Core, params: ParamMap, ctx: RequestContext, origin?: SessionOrigin): Stripe.Checkout.Session {
  assertKnown(params, CREATE_PARAMS);
  refuseEmpty(params, NOT_EMPTY);
  const mode = sessionMode(params);
  const options = sessionOptions(params);
  const successUrl = optString(params, 'success_url');
  if (!successUrl) throw missingParam('success_url');
  if (!/^https?:\/\//.test(successUrl)) throw invalidParam('success_url', 'Not a valid URL', 'url_invalid');
  const cancelUrl = optString(params, 'cancel_url') ?? null;
  if (cancelUrl && !/^https?:\/\//.test(cancelUrl)) throw invalidParam('cancel_url', 'Not a valid URL', 'url_invalid');
  const customerEmail = optString(params, 'customer_email') || null;
  if (customerEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(customerEmail)) {
    throw invalidParam('customer_email', 'Invalid email address: ' + customerEmail, 'email_invalid');
  }
  const now = core.nowSeconds();
  const expiresAt = optInt(params, 'expires_at') ?? now + MAX_EXPIRY_S;
  if (expiresAt - now < MIN_EXPIRY_S) {
    throw invalidParam('expires_at', 'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'parameter_invalid_integer');
  }
  if (expiresAt - now > MAX_EXPIRY_S) {
    throw invalidParam('expires_at', 'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'parameter_invalid_integer');
  }
  let shippingCollection: Stripe.Checkout.Session.ShippingAddressCollection | null = null;
  const sac = optMap(params, 'shipping_address_collection');
  if (sac) {
    assertKnown(sac, ['allowed_countries'], 'shipping_address_collection');
    const countries = optStringArray(sac, 'allowed_countries', 'shipping_address_collection[allowed_countries]');
    if (!countries || countries.length === 0) throw missingParam('shipping_address_collection[allowed_countries]');
    shippingCollection = {
      allowed_countries: countries.map((c, i) => {
        if (!isCountry(c)) throw invalidParam(`shipping_address_collection[allowed_countries][${i}]`, `Invalid country: ${c}`);
        return c;
      }),
    };
  }
  const pid = optMap(params, 'payment_intent_data');
  if (pid) assertKnown(pid, PI_DATA_PARAMS, 'payment_intent_data');
  const pidShipping = pid ? optMap(pid, 'shipping', 'payment_intent_data[shipping]') : undefined;
  const captureMethod = pid ? optEnum(pid, 'capture_method', CAPTURE_METHODS, 'payment_intent_data[capture_method]') : undefined;

  const subscription = subscriptionSessionOptions(core, params, mode);
  const lineItems = buildLineItems(core, params, ctx, mode, origin ? { ...SESSION_LINE_ITEMS, acceptInactive: true } : SESSION_LINE_ITEMS);
  const currency = lineItems[0]?.currency ?? 'usd';
  if (lineItems.some((li) => li.currency !== currency)) {
    throw invalidRequest('All prices on a Checkout Session must have the same currency.', 'line_items');
  }
  if (params['currency'] !== undefined && reqCurrency(params, 'currency') !== currency) {
    throw invalidParam('currency', `The currency must match the line items' currency (${currency}).`);
  }
  const total = lineItems.reduce((sum, li) => sum + li.amount_total, 0);
  checkMinimumCharge(total, currency, 'line_items');
  // Without explicit types, like dynamic payment methods: card plus the bank debit that fits the currency.
  const paymentMethodTypes =
    mode === 'subscription' ? subscriptionPaymentMethods(params) : sessionPaymentMethods(params, currency, captureMethod === 'manual');
  const id = newSessionId();
  const session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: options.allowPromotionCodes,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: options.billingAddressCollection,
    cancel_url: cancelUrl,
    client_reference_id: optString(params, 'client_reference_id') || null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency,
    currency_conversion: null,
    custom_fields: options.customFields,
    custom_text: options.customText,
    customer: subscription.customer,
    customer_account: null,
    customer_creation: options.customerCreation ?? 'if_required',
    customer_details: null,
    customer_email: customerEmail,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: { enabled: false, invoice_data: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: null, metadata: {}, rendering_options: null } },
    livemode: false,
    locale: options.locale,
    managed_payments: null,
    metadata: applyMetadata({}, params),
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: origin?.paymentLink ?? null,
    payment_method_collection: mode === 'subscription' ? 'always' : 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: paymentMethodTypes,
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: options.phoneNumberCollection },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: shippingCollection,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: options.submitType,
    subscription: null,
    success_url: successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: `${core.options.publicUrl}/c/pay/${id}`,
    wallet_options: null,
  } satisfies Stripe.Checkout.Session;
  core.state.sessions[id] = session;
  core.state.lineItems[id] = lineItems;
  const shipping = pidShipping ? parseShipping(pidShipping, 'payment_intent_data[shipping]') : null;
  // Only a session with payment_intent_data or subscription_data has extras: readers treat a missing
  // record as the defaults, and one row fewer per create is what keeps checkout's call at its old rate.
  if (pid || subscription.data) {
    core.state.sessionExtras[id] = {
      paymentIntentData: {
        description: (pid && optString(pid, 'description')) || null,
        metadata: pid ? applyMetadata({}, pid) : {},
        shipping,
        receiptEmail: (pid && optString(pid, 'receipt_email')) || null,
        ...(captureMethod ? { captureMethod } : {}),
      },
      ...(subscription.data ? { subscriptionData: subscription.data } : {}),
    };
  }
  return session;
}

export interface CustomerInput {
  email: string | null;
  name: string | null;
  address: Stripe.Address | null;
  /** Shipping collected on the page (only when shipping_address_collection is set). */
  shipping: { name: string; address: Stripe.Address } | null;
  /** Collected on the page when phone_number_collection is enabled. */
  phone?: string | null;
  /** The session's custom fields with the buyer's values. */
  customFields?: Stripe.Checkout.Session.CustomField[];
}

/** Pays a payment-mode session with a PaymentIntent (reusing the one of an earlier declined attempt, as Checkout does). */
function chargeSession(
  core: Core,
  session: Stripe.Checkout.Session,
  pm: Stripe.PaymentMethod,
  opts: { extras: SessionExtras['paymentIntentData'] | undefined; shipping: Stripe.PaymentIntent.Shipping | null; asyncDelayMs: number },
  ctx: RequestContext,
): Stripe.PaymentIntent {
  const { extras, shipping, asyncDelayMs } = opts;
  const sessionId = session.id;
  let piId = typeof session.payment_intent === 'string' ? session.payment_intent : null;
  if (!piId || !core.state.paymentIntents[piId]) {
    piId = createPaymentIntent(
      core,
      {
        amount: session.amount_total ?? 0,
        currency: session.currency ?? 'usd',
        description: extras?.description ?? null,
        metadata: extras?.metadata ?? {},
        receiptEmail: extras?.receiptEmail ?? null,
        shipping,
        paymentMethodTypes: session.payment_method_types,
        ...(extras?.captureMethod ? { captureMethod: extras.captureMethod } : {}),
      },
      ctx,
    ).id;
    core.state.sessions[sessionId] = { ...session, payment_intent: piId };
  } else {
    const pi = core.state.paymentIntents[piId];
    if (pi) core.state.paymentIntents[piId] = { ...pi, shipping };
  }
  return confirmPayment(core, piId, pm, ctx, { delayMs: asyncDelayMs, sessionId });
}

/**
 * Pays an open session with a payment method: the hosted page and /v1/payment_pages/:id/confirm
 * both go through here. Declines throw a 402 StripeApiError and leave the session open.
 * A delayed method (SEPA) completes the session `unpaid`; it settles after `asyncDelayMs`.
 */
export function paySession(
  core: Core,
  sessionId: string,
  pm: Stripe.PaymentMethod,
  customer: CustomerInput,
  ctx: RequestContext,
  asyncDelayMs: number = ASYNC_SETTLE_MS,
): Stripe.Checkout.Session {
  const session = getSession(core, sessionId);
  if (session.status === 'expired') throw invalidRequest('This Checkout Session has expired.', undefined, 'checkout_session_expired');
  if (session.status === 'complete') throw invalidRequest('This Checkout Session is already complete.', undefined, 'checkout_session_complete');
  if (!session.payment_method_types.includes(pm.type)) {
    throw invalidRequest(`The PaymentMethod type \`${pm.type}\` is not allowed on this Checkout Session.`, 'payment_method');
  }
  const extras = core.state.sessionExtras[sessionId]?.paymentIntentData;
  const shipping: Stripe.PaymentIntent.Shipping | null = customer.shipping
    ? { ...customer.shipping, carrier: null, phone: null, tracking_number: null }
    : (extras?.shipping ?? null);
  const email = customer.email ?? session.customer_email;

  // Subscription mode: a customer, the subscription and its first invoice, paid; no PaymentIntent of its own.
  const billed = session.mode === 'subscription' ? subscribeFromSession(core, session, pm, { ...customer, email: email ?? null }, ctx) : null;
  const pi = billed ? null : chargeSession(core, session, pm, { extras, shipping, asyncDelayMs }, ctx);
  const billingAddress = customer.address ?? pm.billing_details.address;
  const before = core.state.sessions[sessionId] ?? session;
  const completed: Stripe.Checkout.Session = {
    ...before,
    status: 'complete',
    payment_status: billed || pi?.status === 'succeeded' ? 'paid' : 'unpaid',
    payment_intent: pi?.id ?? null,
    ...(billed ?? {}),
    url: null,
    custom_fields: customer.customFields ?? before.custom_fields,
    customer_details: {
      address: billingAddress,
      business_name: null,
      email: email ?? pm.billing_details.email,
      individual_name: null,
      name: customer.name ?? pm.billing_details.name,
      phone: customer.phone ?? pm.billing_details.phone,
      tax_exempt: 'none',
      tax_ids: [],
    },
    collected_information: {
      business_name: null,
      individual_name: null,
      shipping_details: customer.shipping ? { name: customer.shipping.name, address: customer.shipping.address } : null,
    },
  };
  core.state.sessions[sessionId] = completed;
  core.emit('checkout.session.completed', completed, ctx);
  return completed;
}

/** After a delayed payment settles: paid (or still unpaid) plus checkout.session.async_payment_*. */
export function sessionAfterSettlement(core: Core, sessionId: string, outcome: SettlementOutcome): void {
  const current = core.state.sessions[sessionId];
  if (!current) return;
  const ok = outcome === 'succeeded';
  const next: Stripe.Checkout.Session = { ...current, payment_status: ok ? 'paid' : 'unpaid' };
  core.state.sessions[sessionId] = next;
  core.emit(ok ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed', next, NO_REQUEST);
}

export function checkoutSessionRoutes(core: Core, resolvePm: (id: string) => Stripe.PaymentMethod): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/checkout/sessions',
      handler: (req) => expandFor(core, createSession(core, req.params, req.ctx), req.params),
    },
    ...readRoutes(core, {
      path: '/v1/checkout/sessions',
      retrieve: (id) => getSession(core, id),
      query: ['payment_intent', 'status'],
      list: (p) => {
        expireDueSessions(core);
        const pi = optString(p, 'payment_intent');
        const status = optString(p, 'status');
        // The shop looks sessions up by payment_intent for every payment event: use the index, not a scan.
        const candidates = pi ? sessionsForPaymentIntent(core, pi) : newestFirst(core.state.sessions);
        return candidates.filter((s) => (!pi || s.payment_intent === pi) && (!status || s.status === status));
      },
    }),
    {
      method: 'GET',
      pattern: '/v1/checkout/sessions/:id/line_items',
      handler: (req) => {
        const s = getSession(core, req.pathParams['id'] ?? '');
        return expandFor(core, sessionLineItemsList(core, s.id, req.params), req.params);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/checkout/sessions/:id/expire',
      handler: (req) => {
        assertKnown(req.params, ['expand']);
        const s = getSession(core, req.pathParams['id'] ?? '');
        if (s.status !== 'open') {
          throw invalidRequest(
            `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status ?? 'unknown'}".`,
            undefined,
            'checkout_session_unexpected_state',
          );
        }
        return expandFor(core, expireSession(core, s.id, req.ctx), req.params);
      },
    },
    // Endpoints the Stripe CLI's `trigger` fixtures use to "pay" a session like the hosted page would.
    {
      method: 'GET',
      pattern: '/v1/payment_pages/:id',
      handler: (req) => {
        const s = getSession(core, req.pathParams['id'] ?? '');
        return { ...s, object: 'checkout.session', line_items: sessionLineItemsList(core, s.id, {}) };
      },
    },
    {
      method: 'POST',
      pattern: '/v1/payment_pages/:id/confirm',
      handler: (req) => {
        const p = req.params;
        const s = getSession(core, req.pathParams['id'] ?? '');
        const pm = resolvePm(reqString(p, 'payment_method'));
        const expected = optInt(p, 'expected_amount');
        if (expected !== undefined && expected !== s.amount_total) {
          throw invalidParam('expected_amount', `The expected amount (${expected}) does not match the session total (${s.amount_total ?? 0}).`);
        }
        const email = optString(p, 'email') ?? null;
        return expandFor(core, paySession(core, s.id, pm, { email, name: null, address: null, shipping: null }, req.ctx), p);
      },
    },
  ];
}
