import type Stripe from 'stripe';
import type { Core, RequestContext } from '../core';
import { StripeApiError, invalidRequest, notFound } from '../errors';
import { newId } from '../ids';
import { cardInfo } from '../payments/test-cards';
import type { ParamMap } from '../server/form';
import { newestFirst, paginate } from '../server/list';
import { applyMetadata, assertKnown, optMap, optString, refuseEmpty, reqString } from '../server/params';
import { previousAttributes, type Route } from '../server/route';
import { readField, search } from '../server/search';
import { billingNow, idOf } from '../billing/clock';
import { endSubscription } from '../billing/subscriptions';
import { expandFor } from './expansion';
import { readRoutes } from './read-routes';

const CREATE_PARAMS = [
  'email', 'name', 'description', 'metadata', 'phone', 'address', 'shipping', 'payment_method', 'invoice_settings', 'test_clock', 'expand',
  'preferred_locales',
] as const;
const UPDATE_PARAMS = ['email', 'name', 'description', 'metadata', 'phone', 'address', 'shipping', 'invoice_settings', 'expand', 'preferred_locales'] as const;
const ADDRESS_PARAMS = ['line1', 'line2', 'city', 'state', 'postal_code', 'country'] as const;

export function getCustomer(core: Core, id: string, param = 'id'): Stripe.Customer {
  const c = core.state.customers[id];
  if (!c) throw notFound('customer', id, param);
  return c;
}

function parseAddress(raw: ParamMap, label: string): Stripe.Address {
  assertKnown(raw, ADDRESS_PARAMS, label);
  const s = (k: string): string | null => optString(raw, k, `${label}[${k}]`) || null;
  return { line1: s('line1'), line2: s('line2'), city: s('city'), state: s('state'), postal_code: s('postal_code'), country: s('country') };
}

function parseShipping(raw: ParamMap, label: string): Stripe.Customer.Shipping {
  assertKnown(raw, ['name', 'address', 'phone'], label);
  const address = optMap(raw, 'address', `${label}[address]`);
  return {
    name: reqString(raw, 'name', `${label}[name]`),
    address: address ? parseAddress(address, `${label}[address]`) : undefined,
    phone: optString(raw, 'phone', `${label}[phone]`) || null,
  };
}

/** `address`/`shipping` may be `''` (unset) on update. */
function optional<T>(params: ParamMap, key: string, parse: (m: ParamMap, label: string) => T, current: T | null): T | null {
  if (params[key] === undefined) return current;
  if (params[key] === '') return null;
  const m = optMap(params, key);
  return m ? parse(m, key) : current;
}

/**
 * Attaches a PaymentMethod to a customer. A card that Stripe would decline is refused here (its
 * check on attach), except 4000 0000 0000 0341, which attaches and then fails every charge.
 */
export function attachPaymentMethod(core: Core, pm: Stripe.PaymentMethod, customerId: string, ctx: RequestContext): Stripe.PaymentMethod {
  const owner = idOf(pm.customer);
  if (owner === customerId) return pm;
  if (owner) throw invalidRequest(`The payment method you provided has already been attached to a customer.`, 'payment_method', 'payment_method_already_attached');
  const info = pm.type === 'card' ? cardInfo(core.state.cardSecrets[pm.id]?.number ?? '') : null;
  if (info?.decline && !info.attaches) {
    throw new StripeApiError(402, { type: 'card_error', code: info.decline.code, decline_code: info.decline.declineCode, message: info.decline.message, param: '' });
  }
  const attached: Stripe.PaymentMethod = { ...pm, customer: customerId };
  core.state.paymentMethods[pm.id] = attached;
  core.emit('payment_method.attached', attached, ctx);
  return attached;
}

/** `invoice_settings[default_payment_method]` must name a PaymentMethod attached to this customer. */
function invoiceSettings(
  core: Core,
  params: ParamMap,
  customerId: string,
  current: Stripe.Customer.InvoiceSettings,
  resolvePm: (id: string) => Stripe.PaymentMethod,
): Stripe.Customer.InvoiceSettings {
  const raw = optMap(params, 'invoice_settings');
  if (!raw) return current;
  assertKnown(raw, ['default_payment_method', 'footer', 'custom_fields', 'rendering_options'], 'invoice_settings');
  const label = 'invoice_settings[default_payment_method]';
  const asked = optString(raw, 'default_payment_method', label);
  let defaultPm = idOf(current.default_payment_method);
  if (asked === '') defaultPm = null;
  else if (asked !== undefined) {
    const pm = core.state.paymentMethods[asked];
    if (!pm || idOf(pm.customer) !== customerId) {
      // A magic test id (pm_card_visa) names a fresh card: attach it, as Stripe's test mode allows.
      const fresh = pm ? null : resolveMagic(resolvePm, asked);
      if (!fresh) throw invalidRequest(`The customer does not have a payment method with the ID ${asked}. The payment method must be attached to the customer.`, label, 'resource_missing');
      defaultPm = attachPaymentMethod(core, fresh, customerId, { requestId: null, idempotencyKey: null }).id;
    } else defaultPm = pm.id;
  }
  const footer = raw['footer'] !== undefined ? optString(raw, 'footer', 'invoice_settings[footer]') || null : current.footer;
  return { ...current, default_payment_method: defaultPm, footer };
}

function resolveMagic(resolvePm: (id: string) => Stripe.PaymentMethod, id: string): Stripe.PaymentMethod | null {
  if (!/^pm_card_/.test(id)) return null;
  try {
    return resolvePm(id);
  } catch {
    return null;
  }
}

export function createCustomer(
  core: Core,
  params: ParamMap,
  ctx: RequestContext,
  resolvePm: (id: string) => Stripe.PaymentMethod,
): Stripe.Customer {
  assertKnown(params, CREATE_PARAMS);
  refuseEmpty(params, ['test_clock', 'payment_method']);
  const clockId = optString(params, 'test_clock') ?? null;
  if (clockId && !core.state.testClocks[clockId]) throw notFound('test_helpers.test_clock', clockId, 'test_clock');
  const id = newId('cus', 14);
  const email = optString(params, 'email') || null;
  if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) throw invalidRequest(`Invalid email address: ${email}`, 'email', 'email_invalid');
  const base = {
    id,
    object: 'customer',
    address: optional(params, 'address', parseAddress, null),
    balance: 0,
    created: clockId ? (core.state.testClocks[clockId]?.frozen_time ?? core.nowSeconds()) : core.nowSeconds(),
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: optString(params, 'description') || null,
    discount: null,
    email,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: applyMetadata({}, params),
    name: optString(params, 'name') || null,
    next_invoice_sequence: 1,
    phone: optString(params, 'phone') || null,
    preferred_locales: [],
    shipping: optional(params, 'shipping', parseShipping, null),
    tax_exempt: 'none',
    test_clock: clockId,
  } satisfies Stripe.Customer;
  core.state.customers[id] = base;
  // `payment_method` attaches one PaymentMethod at creation; invoice_settings may then name it.
  const pmId = optString(params, 'payment_method');
  const attached = pmId ? attachPaymentMethod(core, resolvePm(pmId), id, ctx) : null;
  const settingsParams = attached ? withAttachedDefault(params, pmId ?? '', attached.id) : params;
  const customer: Stripe.Customer = { ...base, invoice_settings: invoiceSettings(core, settingsParams, id, base.invoice_settings, resolvePm) };
  core.state.customers[id] = customer;
  core.emit('customer.created', customer, ctx);
  return customer;
}

/** The Stripe CLI passes the same magic id (`pm_card_visa`) for payment_method and the default: one card. */
function withAttachedDefault(params: ParamMap, asked: string, attachedId: string): ParamMap {
  const raw = optMap(params, 'invoice_settings');
  if (!raw || raw['default_payment_method'] !== asked) return params;
  return { ...params, invoice_settings: { ...raw, default_payment_method: attachedId } };
}

export function updateCustomer(
  core: Core,
  id: string,
  params: ParamMap,
  ctx: RequestContext,
  resolvePm: (id: string) => Stripe.PaymentMethod,
): Stripe.Customer {
  const existing = getCustomer(core, id);
  assertKnown(params, UPDATE_PARAMS);
  const str = (k: string, current: string | null | undefined): string | null => (params[k] !== undefined ? optString(params, k) || null : (current ?? null));
  const updated: Stripe.Customer = {
    ...existing,
    email: str('email', existing.email),
    name: str('name', existing.name),
    description: str('description', existing.description),
    phone: str('phone', existing.phone),
    metadata: applyMetadata(existing.metadata, params),
    address: optional(params, 'address', parseAddress, existing.address ?? null),
    shipping: optional(params, 'shipping', parseShipping, existing.shipping),
    invoice_settings: invoiceSettings(core, params, id, existing.invoice_settings, resolvePm),
  };
  const prev = previousAttributes(existing, updated);
  core.state.customers[id] = updated;
  if (Object.keys(prev).length > 0) core.emit('customer.updated', updated, ctx, prev);
  return updated;
}

export function customerRoutes(core: Core, resolvePm: (id: string) => Stripe.PaymentMethod): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/customers',
      handler: (req) => expandFor(core, createCustomer(core, req.params, req.ctx, resolvePm), req.params),
    },
    {
      method: 'GET',
      pattern: '/v1/customers/search',
      query: ['query', 'page'],
      handler: (req) => expandFor(core, search(newestFirst(core.state.customers), req.params, '/v1/customers/search', ['email', 'name', 'phone'], readField), req.params),
    },
    ...readRoutes(core, {
      path: '/v1/customers',
      retrieve: (id) => getCustomer(core, id),
      query: ['email', 'test_clock', 'created'],
      list: (p) => {
        const email = optString(p, 'email');
        const clock = optString(p, 'test_clock');
        return newestFirst(core.state.customers).filter((c) => (!email || c.email === email) && (!clock || idOf(c.test_clock) === clock));
      },
    }),
    {
      method: 'POST',
      pattern: '/v1/customers/:id',
      handler: (req) => expandFor(core, updateCustomer(core, req.pathParams['id'] ?? '', req.params, req.ctx, resolvePm), req.params),
    },
    {
      method: 'DELETE',
      pattern: '/v1/customers/:id',
      handler: (req) => {
        const existing = getCustomer(core, req.pathParams['id'] ?? '');
        // Deleting a customer cancels its subscriptions at once, as Stripe does.
        const now = billingNow(core, existing.id);
        for (const sub of Object.values(core.state.subscriptions)) {
          if (sub.customer === existing.id && sub.status !== 'canceled' && sub.status !== 'incomplete_expired') endSubscription(core, sub.id, now, req.ctx);
        }
        delete core.state.customers[existing.id];
        core.emit('customer.deleted', existing, req.ctx);
        return { id: existing.id, object: 'customer', deleted: true } satisfies Stripe.DeletedCustomer;
      },
    },
    {
      method: 'GET',
      pattern: '/v1/customers/:id/payment_methods',
      query: ['type', 'allow_redisplay'],
      handler: (req) => {
        const customer = getCustomer(core, req.pathParams['id'] ?? '');
        const type = optString(req.params, 'type');
        const items = newestFirst(core.state.paymentMethods).filter((pm) => idOf(pm.customer) === customer.id && (!type || pm.type === type));
        return expandFor(core, paginate(items, req.params, `/v1/customers/${customer.id}/payment_methods`), req.params);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/payment_methods/:id/attach',
      handler: (req) => {
        assertKnown(req.params, ['customer', 'expand']);
        const customer = getCustomer(core, reqString(req.params, 'customer'), 'customer');
        const pm = resolvePm(req.pathParams['id'] ?? '');
        return expandFor(core, attachPaymentMethod(core, pm, customer.id, req.ctx), req.params);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/payment_methods/:id/detach',
      handler: (req) => {
        assertKnown(req.params, ['expand']);
        const pm = resolvePm(req.pathParams['id'] ?? '');
        const owner = idOf(pm.customer);
        if (!owner) throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', undefined, 'payment_method_unexpected_state');
        const detached: Stripe.PaymentMethod = { ...pm, customer: null };
        core.state.paymentMethods[pm.id] = detached;
        const customer = core.state.customers[owner];
        if (customer && idOf(customer.invoice_settings.default_payment_method) === pm.id) {
          core.state.customers[owner] = { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: null } };
        }
        core.emit('payment_method.detached', detached, req.ctx, { customer: owner });
        return expandFor(core, detached, req.params);
      },
    },
  ];
}

