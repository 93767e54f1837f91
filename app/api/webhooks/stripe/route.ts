import type Stripe from 'stripe';
import { revalidateCatalog } from '@/app/_server/cached-catalog';
import { isCatalogEvent } from '@/lib/domain/catalog/catalog-cache-policy';
import { getServices, getWebhookDeps } from '@/lib/composition';
import { answeringErrors, refusedMethods } from '@/lib/http/api-route';
import { handleWebhookRequest } from '@/lib/http/webhooks/handle-webhook-request';

export const dynamic = 'force-dynamic';

// A product or price changed in Stripe: the next page view reads the catalog afresh.
function revalidateOnCatalogChange(event: Stripe.Event): void {
  if (isCatalogEvent(event.type)) revalidateCatalog();
}

// A throw outside the handler's own catch is a 500 in the same shape: Stripe retries it, as it should.
export const POST = answeringErrors(
  () => getServices().logger,
  (request) => handleWebhookRequest({ ...getWebhookDeps(), onEventApplied: revalidateOnCatalogChange }, request),
);

export const { GET, PUT, PATCH, DELETE } = refusedMethods('POST');
