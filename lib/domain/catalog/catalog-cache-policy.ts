/**
 * When the cached catalog goes stale: pure rules, no framework.
 * The catalog is built from Stripe products and prices, so any product.* or price.* event may change it.
 */
export const CATALOG_CACHE_TAG = 'catalog';

const CATALOG_EVENT_PREFIXES = ['product.', 'price.'] as const;

export function isCatalogEvent(eventType: string): boolean {
  return CATALOG_EVENT_PREFIXES.some((prefix) => eventType.startsWith(prefix));
}

/** Seconds, in the shape of Next's cacheLife(): Infinity means never by time. */
export interface CatalogCacheLife {
  revalidate: number;
  expire: number;
}

export interface CatalogCachePlan {
  /** Whether to read Stripe, or stand in an empty catalog because Stripe may be unreachable. */
  source: 'stripe' | 'build-placeholder';
  life: CatalogCacheLife;
}

/** Next sets this in every process of `next build`. */
export const BUILD_PHASE = 'phase-production-build';

/**
 * `next build` prerenders the catalog page, but the shop's Stripe (Local Stripe on a laptop or in CI)
 * is not running then. The build renders an empty placeholder that expires after a second: the page
 * takes the shortest life of what it read, so its first request renders afresh instead of showing it.
 * At run time only a webhook (revalidateTag) ends the catalog's life.
 */
export function catalogCachePlan(nextPhase: string | undefined): CatalogCachePlan {
  return nextPhase === BUILD_PHASE
    ? { source: 'build-placeholder', life: { revalidate: 1, expire: 1 } }
    : { source: 'stripe', life: { revalidate: Infinity, expire: Infinity } };
}
