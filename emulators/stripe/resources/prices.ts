import type Stripe from 'stripe';
import StripeSdk from 'stripe';
import type { Core, RequestContext } from '../core';
import { invalidParam, invalidRequest, notFound } from '../errors';
import { newId, nowSeconds } from '../ids';
import type { ParamMap } from '../server/form';
import { newestFirst, paginate } from '../server/list';
import {
  applyMetadata, assertKnown, optBool, optInt, optMap, optString, optStringArray, reqCurrency,
} from '../server/params';
import { previousAttributes, type Route } from '../server/route';
import { readField, search } from '../server/search';
import { parseRecurring } from '../billing/recurring';
import { expandFor } from './expansion';
import { createProduct, getProduct } from './products';

const CREATE_PARAMS = [
  'currency', 'product', 'product_data', 'unit_amount', 'unit_amount_decimal', 'nickname', 'metadata',
  'active', 'lookup_key', 'tax_behavior', 'expand', 'billing_scheme', 'transfer_lookup_key', 'recurring',
] as const;
const UPDATE_PARAMS = ['active', 'metadata', 'nickname', 'lookup_key', 'tax_behavior', 'expand', 'transfer_lookup_key'] as const;
const TAX_BEHAVIORS = ['exclusive', 'inclusive', 'unspecified'] as const;

export function getPrice(core: Core, id: string, param = 'id'): Stripe.Price {
  const p = core.state.prices[id];
  if (!p) throw notFound('price', id, param);
  return p;
}

function taxBehavior(params: ParamMap, label: string): Stripe.Price.TaxBehavior | undefined {
  const v = optString(params, 'tax_behavior', label);
  if (v === undefined) return undefined;
  const found = TAX_BEHAVIORS.find((t) => t === v);
  if (!found) throw invalidParam(label, `Invalid tax_behavior: must be one of exclusive, inclusive, or unspecified`);
  return found;
}

/**
 * A lookup_key names one price: taken → 400, unless `transfer_lookup_key=true` moves it here
 * (the other price loses it, with a price.updated event).
 */
function claimLookupKey(core: Core, key: string | null, priceId: string, params: ParamMap, label: string, ctx: RequestContext): void {
  if (key === null) return;
  const holder = Object.values(core.state.prices).find((p) => p.lookup_key === key && p.id !== priceId);
  if (!holder) return;
  if (!optBool(params, 'transfer_lookup_key')) {
    throw invalidParam(label, `A price (\`${holder.id}\`) already uses that lookup key.`, 'lookup_key_in_use');
  }
  const released: Stripe.Price = { ...holder, lookup_key: null };
  core.state.prices[holder.id] = released;
  core.emit('price.updated', released, ctx, { lookup_key: key });
}

export function validCurrency(params: ParamMap, label: string): string {
  return reqCurrency(params, 'currency', label);
}

/**
 * Creates a price. `labelPrefix` names nested params in errors (e.g. `line_items[0][price_data]`).
 * `inline` prices (price_data) are created inactive, as Stripe does.
 */
export function createPrice(
  core: Core,
  params: ParamMap,
  ctx: RequestContext,
  labelPrefix?: string,
  inline = false,
): Stripe.Price {
  const label = (k: string): string => (labelPrefix ? `${labelPrefix}[${k}]` : k);
  assertKnown(params, CREATE_PARAMS, labelPrefix);
  const currency = validCurrency(params, label('currency'));
  let productId = optString(params, 'product', label('product'));
  const productData = optMap(params, 'product_data', label('product_data'));
  if (productId && productData) {
    throw invalidRequest('You may only specify one of these parameters: product, product_data.', label('product'));
  }
  if (productId) getProduct(core, productId, label('product'));
  else if (productData) {
    assertKnown(productData, ['name', 'active', 'description', 'images', 'metadata', 'id', 'statement_descriptor', 'tax_code', 'unit_label'], label('product_data'));
    productId = createProduct(core, { ...productData, ...(inline ? { active: 'false' } : {}) }, ctx).id;
  } else throw invalidRequest('Missing required param: product.', label('product'), 'parameter_missing');

  let unitAmount = optInt(params, 'unit_amount', label('unit_amount'), { min: 0, max: 99999999 });
  const decimal = optString(params, 'unit_amount_decimal', label('unit_amount_decimal'));
  if (unitAmount === undefined && decimal !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(decimal)) throw invalidParam(label('unit_amount_decimal'), `Invalid decimal: ${decimal}`);
    unitAmount = Math.round(Number(decimal));
  }
  if (unitAmount === undefined) {
    throw invalidRequest('Missing required param: unit_amount.', label('unit_amount'), 'parameter_missing');
  }
  const recurring = parseRecurring(params, label);
  const id = newId('price');
  const lookupKey = optString(params, 'lookup_key', label('lookup_key')) || null;
  claimLookupKey(core, lookupKey, id, params, label('lookup_key'), ctx);
  const price = {
    id,
    object: 'price',
    active: inline ? false : (optBool(params, 'active', label('active')) ?? true),
    billing_scheme: 'per_unit',
    created: nowSeconds(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey,
    metadata: applyMetadata({}, params),
    nickname: optString(params, 'nickname', label('nickname')) ?? null,
    product: productId,
    recurring,
    tax_behavior: taxBehavior(params, label('tax_behavior')) ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: unitAmount,
    unit_amount_decimal: StripeSdk.Decimal.from(String(unitAmount)),
  } satisfies Stripe.Price;
  core.state.prices[price.id] = price;
  core.emit('price.created', price, ctx);
  return price;
}

export function priceRoutes(core: Core): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/prices',
      handler: (req) => expandFor(core, createPrice(core, req.params, req.ctx), req.params),
    },
    {
      method: 'GET',
      pattern: '/v1/prices/search',
      query: ['query', 'page'],
      handler: (req) =>
        expandFor(core, search(newestFirst(core.state.prices), req.params, '/v1/prices/search', ['active', 'currency', 'lookup_key', 'product', 'type'], readField), req.params),
    },
    {
      method: 'GET',
      pattern: '/v1/prices/:id',
      handler: (req) => expandFor(core, getPrice(core, req.pathParams['id'] ?? ''), req.params),
    },
    {
      method: 'POST',
      pattern: '/v1/prices/:id',
      handler: (req) => {
        const existing = getPrice(core, req.pathParams['id'] ?? '');
        const p = req.params;
        assertKnown(p, UPDATE_PARAMS);
        const updated: Stripe.Price = {
          ...existing,
          active: optBool(p, 'active') ?? existing.active,
          metadata: applyMetadata(existing.metadata, p),
          nickname: p['nickname'] !== undefined ? optString(p, 'nickname') || null : existing.nickname,
          lookup_key: p['lookup_key'] !== undefined ? optString(p, 'lookup_key') || null : existing.lookup_key,
          tax_behavior: taxBehavior(p, 'tax_behavior') ?? existing.tax_behavior,
        };
        if (updated.lookup_key !== existing.lookup_key) claimLookupKey(core, updated.lookup_key, existing.id, p, 'lookup_key', req.ctx);
        const prev = previousAttributes(existing, updated);
        core.state.prices[updated.id] = updated;
        if (Object.keys(prev).length > 0) core.emit('price.updated', updated, req.ctx, prev);
        return expandFor(core, updated, p);
      },
    },
    {
      method: 'GET',
      pattern: '/v1/prices',
      query: ['active', 'product', 'currency', 'type', 'lookup_keys'],
      handler: (req) => {
        const p = req.params;
        const active = optBool(p, 'active');
        const product = optString(p, 'product');
        const currency = optString(p, 'currency')?.toLowerCase();
        const type = optString(p, 'type');
        const lookupKeys = optStringArray(p, 'lookup_keys');
        const items = newestFirst(core.state.prices).filter(
          (x) =>
            (active === undefined || x.active === active) &&
            (product === undefined || x.product === product) &&
            (currency === undefined || x.currency === currency) &&
            (type === undefined || x.type === type) &&
            (!lookupKeys || (x.lookup_key !== null && lookupKeys.includes(x.lookup_key))),
        );
        return expandFor(core, paginate(items, p, '/v1/prices'), p);
      },
    },
  ];
}
