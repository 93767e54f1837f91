import 'server-only';
import { cacheLife, cacheTag, revalidateTag } from 'next/cache';
import { getServices } from '../../lib/composition';
import type { CatalogItem } from '../../lib/services/catalog/catalog';
import { CATALOG_CACHE_TAG, catalogCachePlan } from '../../lib/domain/catalog/catalog-cache-policy';

/**
 * The catalog the shop's pages show: Stripe's, cached under the `catalog` tag ('use cache'), so
 * steady-state page views make no Stripe call and revalidateCatalog() makes the next read fetch again.
 * A static page that reads it takes its tag and life, so it is re-rendered with the new catalog.
 */
export async function loadStorefrontCatalog(): Promise<CatalogItem[]> {
  'use cache';
  cacheTag(CATALOG_CACHE_TAG);
  const plan = catalogCachePlan(process.env.NEXT_PHASE);
  cacheLife(plan.life);
  return plan.source === 'stripe' ? getServices().loadCatalog() : [];
}

/**
 * Expires the cached catalog now (not stale-while-revalidate): the very next page view reads Stripe,
 * so a price change shows as soon as its webhook has been handled. Call it from a route handler
 * (updateTag is for Server Actions only).
 */
export function revalidateCatalog(): void {
  revalidateTag(CATALOG_CACHE_TAG, { expire: 0 });
}
