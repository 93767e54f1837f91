import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { toCatalogItem } from '@/lib/services/catalog/catalog';

/** Checkout prices a cart only with prices the catalog page would list (lib/services/catalog/catalog.ts). */
function price(overrides: Partial<Stripe.Price> = {}, product: Partial<Stripe.Product> = {}): Stripe.Price {
  return {
    id: 'price_1',
    object: 'price',
    active: true,
    type: 'one_time',
    unit_amount: 12_000,
    currency: 'usd',
    product: { id: 'prod_1', object: 'product', active: true, name: 'Taco bar', description: null, images: [], metadata: {}, ...product } as Stripe.Product,
    ...overrides,
  } as Stripe.Price;
}

describe('toCatalogItem', () => {
  it('accepts an active one-time price of an active product', () => {
    expect(toCatalogItem(price())).toMatchObject({ priceId: 'price_1', productId: 'prod_1', unitAmount: 12_000 });
  });

  it.each([
    ['an inactive price', price({ active: false })],
    ['a recurring price', price({ type: 'recurring' })],
    ['a price with no fixed amount', price({ unit_amount: null })],
    ['a price of an archived product', price({}, { active: false })],
    ['a price of a deleted product', price({ product: { id: 'prod_1', object: 'product', deleted: true } as Stripe.DeletedProduct })],
    ['a price whose product was not expanded', price({ product: 'prod_1' })],
  ])('refuses %s', (_name, candidate) => {
    expect(toCatalogItem(candidate)).toBeNull();
  });
});
