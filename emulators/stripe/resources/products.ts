import type Stripe from 'stripe';
import type { Core } from '../core';
import { invalidRequest, notFound } from '../errors';
import { newId } from '../ids';
import type { ParamMap } from '../server/form';
import { newestFirst } from '../server/list';
import { applyMetadata, assertKnown, optBool, optMap, optString, optStringArray, reqString } from '../server/params';
import { previousAttributes, type Route } from '../server/route';
import { readField, search } from '../server/search';
import type { RequestContext } from '../core';
import { expandFor } from './expansion';
import { readRoutes } from './read-routes';

const CREATE_PARAMS = [
  'name', 'active', 'description', 'id', 'images', 'metadata', 'shippable', 'statement_descriptor',
  'tax_code', 'unit_label', 'url', 'default_price_data', 'expand', 'type',
] as const;
const UPDATE_PARAMS = [
  'name', 'active', 'description', 'images', 'metadata', 'shippable', 'statement_descriptor',
  'tax_code', 'unit_label', 'url', 'default_price', 'expand',
] as const;

export function getProduct(core: Core, id: string, param = 'id'): Stripe.Product {
  const p = core.state.products[id];
  if (!p) throw notFound('product', id, param);
  return p;
}

/** Creates a product's `default_price_data` price (resources/prices.ts; passed in so the two modules don't import each other). */
export type DefaultPriceFactory = (core: Core, params: ParamMap, ctx: RequestContext, label: string) => Stripe.Price;

export function createProduct(core: Core, params: ParamMap, ctx: RequestContext, createDefaultPrice?: DefaultPriceFactory): Stripe.Product {
  assertKnown(params, CREATE_PARAMS);
  const name = reqString(params, 'name');
  const id = optString(params, 'id') ?? undefined;
  if (id !== undefined) {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw invalidRequest('Invalid product id', 'id', 'parameter_invalid_string');
    if (core.state.products[id]) {
      throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists');
    }
  }
  const now = core.nowSeconds();
  const product = {
    id: id ?? newProductId(),
    object: 'product',
    active: optBool(params, 'active') ?? true,
    created: now,
    default_price: null,
    description: optString(params, 'description') || null,
    images: optStringArray(params, 'images') ?? [],
    livemode: false,
    marketing_features: [],
    metadata: applyMetadata({}, params),
    name,
    package_dimensions: null,
    shippable: optBool(params, 'shippable') ?? null,
    statement_descriptor: optString(params, 'statement_descriptor') ?? null,
    tax_code: optString(params, 'tax_code') ?? null,
    tax_details: null,
    type: 'service',
    unit_label: optString(params, 'unit_label') ?? null,
    updated: now,
    url: optString(params, 'url') ?? null,
  } satisfies Stripe.Product;
  core.state.products[product.id] = product;
  core.emit('product.created', product, ctx);
  const dpd = optMap(params, 'default_price_data');
  if (dpd && createDefaultPrice) {
    const price = createDefaultPrice(core, { ...dpd, product: product.id }, ctx, 'default_price_data');
    const before: Stripe.Product = structuredClone(product);
    const updated: Stripe.Product = { ...product, default_price: price.id };
    core.state.products[product.id] = updated;
    core.emit('product.updated', updated, ctx, previousAttributes(before, updated));
    return updated;
  }
  return product;
}

function newProductId(): string {
  // Real product ids are 14 chars after the prefix.
  return newId('prod', 14);
}

export function productRoutes(core: Core, createDefaultPrice: DefaultPriceFactory): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/products',
      handler: (req) => expandFor(core, createProduct(core, req.params, req.ctx, createDefaultPrice), req.params),
    },
    {
      method: 'GET',
      pattern: '/v1/products/search',
      query: ['query', 'page'],
      handler: (req) =>
        expandFor(core, search(newestFirst(core.state.products), req.params, '/v1/products/search', ['active', 'name', 'description', 'shippable', 'url'], readField), req.params),
    },
    ...readRoutes(core, {
      path: '/v1/products',
      retrieve: (id) => getProduct(core, id),
      query: ['active', 'ids'],
      list: (p) => {
        const active = optBool(p, 'active');
        const ids = optStringArray(p, 'ids');
        return newestFirst(core.state.products).filter((x) => (active === undefined || x.active === active) && (!ids || ids.includes(x.id)));
      },
    }),
    {
      method: 'POST',
      pattern: '/v1/products/:id',
      handler: (req) => {
        const existing = getProduct(core, req.pathParams['id'] ?? '');
        const p = req.params;
        assertKnown(p, UPDATE_PARAMS);
        const defaultPrice = optString(p, 'default_price');
        if (defaultPrice) {
          const price = core.state.prices[defaultPrice];
          if (!price || price.product !== existing.id) throw notFound('price', defaultPrice, 'default_price');
        }
        const updated: Stripe.Product = {
          ...existing,
          name: p['name'] !== undefined ? reqString(p, 'name') : existing.name,
          active: optBool(p, 'active') ?? existing.active,
          description: p['description'] !== undefined ? optString(p, 'description') || null : existing.description,
          images: p['images'] === '' ? [] : (optStringArray(p, 'images') ?? existing.images),
          metadata: applyMetadata(existing.metadata, p),
          shippable: optBool(p, 'shippable') ?? existing.shippable,
          statement_descriptor: p['statement_descriptor'] !== undefined ? optString(p, 'statement_descriptor') || null : (existing.statement_descriptor ?? null),
          tax_code: p['tax_code'] !== undefined ? optString(p, 'tax_code') || null : (existing.tax_code ?? null),
          unit_label: p['unit_label'] !== undefined ? optString(p, 'unit_label') || null : (existing.unit_label ?? null),
          url: p['url'] !== undefined ? optString(p, 'url') || null : existing.url,
          default_price: defaultPrice ?? existing.default_price ?? null,
          updated: core.nowSeconds(),
        };
        const prev = previousAttributes(existing, updated);
        core.state.products[updated.id] = updated;
        if (Object.keys(prev).some((k) => k !== 'updated')) core.emit('product.updated', updated, req.ctx, prev);
        return expandFor(core, updated, p);
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/products/:id',
      handler: (req) => {
        const existing = getProduct(core, req.pathParams['id'] ?? '');
        if (Object.values(core.state.prices).some((pr) => pr.product === existing.id)) {
          throw invalidRequest('This product cannot be deleted because it has one or more user-created prices.', 'id');
        }
        delete core.state.products[existing.id];
        core.emit('product.deleted', existing, req.ctx);
        return { id: existing.id, object: 'product', deleted: true } satisfies Stripe.DeletedProduct;
      },
    },
  ];
}
