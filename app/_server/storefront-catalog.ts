import 'server-only';
import { getServices } from '../../lib/composition';
import type { CatalogItem } from '../../lib/services/catalog/catalog';
import { cachedCatalogLoader } from './cached-catalog';

let cached: (() => Promise<CatalogItem[]>) | undefined;

/** The catalog the shop's pages show: Stripe's, through the webhook-revalidated data cache. */
export function loadStorefrontCatalog(): Promise<CatalogItem[]> {
  cached ??= cachedCatalogLoader(() => getServices().loadCatalog());
  return cached();
}
