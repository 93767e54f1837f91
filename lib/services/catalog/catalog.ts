import type Stripe from 'stripe';
import { isStripeInvalidRequest } from '../stripe/stripe-errors';

/** One purchasable catering package: a Stripe price joined with its product. */
export interface CatalogItem {
  priceId: string;
  productId: string;
  name: string;
  description: string | null;
  image: string | null;
  unitAmount: number;
  currency: string;
  serves: number | null;
}

/**
 * Lists every active one-time price whose product is active, from Stripe.
 * Prices are the source of amounts: the browser never supplies one.
 */
export async function fetchCatalog(stripe: Stripe): Promise<CatalogItem[]> {
  const items: CatalogItem[] = [];
  for await (const price of stripe.prices.list({ active: true, type: 'one_time', expand: ['data.product'], limit: 100 })) {
    const item = toCatalogItem(price);
    if (item) items.push(item);
  }
  return items.sort((a, b) => a.name.localeCompare(b.name));
}

export function toCatalogItem(price: Stripe.Price): CatalogItem | null {
  const product = price.product;
  if (typeof product === 'string' || product.deleted || !product.active) return null;
  // Only what the catalog page lists may be bought: active, one-time, fixed-amount prices of active products.
  if (!price.active || price.type !== 'one_time' || price.unit_amount == null) return null;
  const serves = Number.parseInt(product.metadata.serves ?? '', 10);
  return {
    priceId: price.id,
    productId: product.id,
    name: product.name,
    description: product.description ?? null,
    image: product.images[0] ?? null,
    unitAmount: price.unit_amount,
    currency: price.currency,
    serves: Number.isFinite(serves) ? serves : null,
  };
}

export function findByProduct(catalog: readonly CatalogItem[], productId: string): CatalogItem | undefined {
  return catalog.find((item) => item.productId === productId);
}

/**
 * Looks up just these prices (as the catalog would show them); unknown, inactive or non-catalog
 * prices are absent from the result. Checkout uses it so a cart is priced by Stripe, now.
 */
export async function fetchCatalogItems(stripe: Stripe, priceIds: readonly string[]): Promise<Map<string, CatalogItem>> {
  const found = await Promise.all(
    priceIds.map(async (priceId) => {
      try {
        const item = toCatalogItem(await stripe.prices.retrieve(priceId, { expand: ['product'] }));
        return item && item.priceId === priceId ? item : null;
      } catch (error) {
        if (isStripeInvalidRequest(error, { status: 404 })) return null;
        throw error;
      }
    }),
  );
  return new Map(found.filter((item): item is CatalogItem => item !== null).map((item) => [item.priceId, item]));
}
