/**
 * When the cached catalog goes stale: pure rules, no framework.
 * The catalog is built from Stripe products and prices, so any product.* or price.* event may change it.
 */
export const CATALOG_CACHE_TAG = 'catalog';

const CATALOG_EVENT_PREFIXES = ['product.', 'price.'] as const;

export function isCatalogEvent(eventType: string): boolean {
  return CATALOG_EVENT_PREFIXES.some((prefix) => eventType.startsWith(prefix));
}

/**
 * The cache key of one server process's catalog. Next keeps its data cache on disk across restarts,
 * but Local Stripe reseeds with new price ids on a fresh start: a key per process never serves ids
 * from another run. A restart costs one Stripe call.
 */
export function catalogCacheKey(processId: string): string[] {
  return [CATALOG_CACHE_TAG, processId];
}

export interface CatalogCachePlan {
  /** Whether to read Stripe, or stand in an empty catalog because Stripe may be unreachable. */
  source: 'stripe' | 'build-placeholder';
  /** Seconds before the cached result goes stale by time; false: only a webhook revalidates it. */
  revalidateSeconds: number | false;
}

/** Next sets this in every process of `next build`. */
export const BUILD_PHASE = 'phase-production-build';

/**
 * `next build` prerenders the catalog page, but the shop's Stripe (Local Stripe on a laptop or in CI)
 * is not running then. The build renders an empty placeholder marked stale after a second, so its
 * prerendered page is never shown: with next.config's expireTime the first request renders afresh.
 */
export function catalogCachePlan(nextPhase: string | undefined): CatalogCachePlan {
  return nextPhase === BUILD_PHASE ? { source: 'build-placeholder', revalidateSeconds: 1 } : { source: 'stripe', revalidateSeconds: false };
}
