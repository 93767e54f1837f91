import type Stripe from 'stripe';
import { revalidateCatalog } from '@/lib/catalog/cached-catalog';
import { isCatalogEvent } from '@/lib/catalog/catalog-cache-policy';
import { getWebhookDeps } from '@/lib/composition';
import { handleWebhookRequest } from '@/lib/webhooks/handle-webhook-request';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// A product or price changed in Stripe: the next page view reads the catalog afresh.
function revalidateOnCatalogChange(event: Stripe.Event): void {
  if (isCatalogEvent(event.type)) revalidateCatalog();
}

export function POST(request: Request): Promise<Response> {
  return handleWebhookRequest({ ...getWebhookDeps(), onEventApplied: revalidateOnCatalogChange }, request);
}
