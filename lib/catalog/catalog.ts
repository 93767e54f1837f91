import type Stripe from 'stripe';

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
  if (!price.active || price.unit_amount == null) return null;
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

export function indexByPrice(catalog: readonly CatalogItem[]): Map<string, CatalogItem> {
  return new Map(catalog.map((item) => [item.priceId, item]));
}
