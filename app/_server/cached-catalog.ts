import 'server-only';
import { randomUUID } from 'node:crypto';
import { revalidateTag, unstable_cache } from 'next/cache';
import type { CatalogItem } from '../../lib/services/catalog/catalog';
import { CATALOG_CACHE_TAG, catalogCacheKey, catalogCachePlan } from '../../lib/domain/catalog/catalog-cache-policy';

type CatalogLoader = () => Promise<CatalogItem[]>;

// One id per process, shared by every route bundle (a module may be instantiated once per bundle).
const holder = globalThis as typeof globalThis & { __catalogProcessId?: string };
holder.__catalogProcessId ??= randomUUID();

const noCatalogYet: CatalogLoader = () => Promise.resolve([]);

/**
 * Wraps a catalog loader in Next's data cache under the `catalog` tag: steady-state page views make
 * no Stripe call, and revalidateCatalog() makes the next read fetch again. Pages that read it are
 * tagged too, so a static page is re-rendered with the new catalog.
 */
export function cachedCatalogLoader(load: CatalogLoader): CatalogLoader {
  const plan = catalogCachePlan(process.env.NEXT_PHASE);
  const source = plan.source === 'stripe' ? load : noCatalogYet;
  return unstable_cache(source, catalogCacheKey(holder.__catalogProcessId ?? ''), {
    tags: [CATALOG_CACHE_TAG],
    revalidate: plan.revalidateSeconds,
  });
}

/**
 * Expires the cached catalog now (not stale-while-revalidate): the very next page view reads Stripe,
 * so a price change shows as soon as its webhook has been handled. Call it from a route handler.
 */
export function revalidateCatalog(): void {
  revalidateTag(CATALOG_CACHE_TAG, { expire: 0 });
}
