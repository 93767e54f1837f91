import StripeSdk from 'stripe';
import type Stripe from 'stripe';
import type { Core } from '../core';
import { nowSeconds } from '../ids';

interface SeedItem {
  id: string;
  slug: string;
  name: string;
  description: string;
  serves: string;
  amount: number;
}

export const CATALOG: readonly SeedItem[] = [
  { id: 'prod_breakfast_spread', slug: 'breakfast-spread', name: 'Sunrise Breakfast Spread', description: 'Pastries, seasonal fruit, yogurt parfaits, coffee and juice.', serves: '10', amount: 18900 },
  { id: 'prod_mezze_platter', slug: 'mezze-platter', name: 'Mediterranean Mezze Platter', description: 'Hummus, baba ghanoush, falafel, olives and warm pita.', serves: '12', amount: 24500 },
  { id: 'prod_sandwich_boxes', slug: 'sandwich-boxes', name: 'Artisan Sandwich Box Lunch', description: 'Ten boxed lunches, each with a sandwich, salad and cookie.', serves: '10', amount: 16500 },
  { id: 'prod_taco_bar', slug: 'taco-bar', name: 'Build-Your-Own Taco Bar', description: 'Carnitas, chicken tinga, grilled vegetables, salsas and tortillas.', serves: '15', amount: 32000 },
  { id: 'prod_grazing_board', slug: 'grazing-board', name: 'Grand Grazing Board', description: 'Cheeses, charcuterie, fruit, nuts and crackers.', serves: '20', amount: 28900 },
  { id: 'prod_dessert_table', slug: 'dessert-table', name: 'Petite Dessert Table', description: 'Macarons, tartlets, brownies and mini cheesecakes.', serves: '25', amount: 21000 },
];

/** Seeds the catering catalog directly into state (no events: nothing is listening yet). */
export function seedCatalog(core: Core): void {
  const now = nowSeconds();
  CATALOG.forEach((item, i) => {
    // Distinct `created` keeps a stable order; insertion order drives list order anyway.
    const created = now - (CATALOG.length - i);
    // Stable ids and lookup keys: nothing (tests, bookmarks, carts in a browser) depends on random ids.
    const priceId = `price_${item.id.replace(/^prod_/, '')}`;
    const product = {
      id: item.id,
      object: 'product',
      active: true,
      created,
      default_price: priceId,
      description: item.description,
      images: [`${core.options.siteUrl}/images/products/${item.slug}.svg`],
      livemode: false,
      marketing_features: [],
      metadata: { serves: item.serves },
      name: item.name,
      package_dimensions: null,
      shippable: null,
      statement_descriptor: null,
      tax_code: null,
      tax_details: null,
      type: 'service',
      unit_label: null,
      updated: created,
      url: null,
    } satisfies Stripe.Product;
    const price = seededPrice({ id: priceId, product: item.id, lookupKey: item.slug, amount: item.amount, created, nickname: null, recurring: null });
    core.state.products[product.id] = product;
    core.state.prices[price.id] = price;
  });
}

/** A seeded USD price (one-time, or a plan with `recurring`), stable id and lookup key. */
export function seededPrice(p: { id: string; product: string; lookupKey: string; amount: number; created: number; nickname: string | null; recurring: Stripe.Price.Recurring | null }): Stripe.Price {
  return {
    id: p.id,
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: p.created,
    currency: 'usd',
    custom_unit_amount: null,
    livemode: false,
    lookup_key: p.lookupKey,
    metadata: {},
    nickname: p.nickname,
    product: p.product,
    recurring: p.recurring,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: p.recurring ? 'recurring' : 'one_time',
    unit_amount: p.amount,
    unit_amount_decimal: StripeSdk.Decimal.from(String(p.amount)),
  };
}
