import { getCheckoutDeps, getServices } from '@/lib/composition';
import { handleCheckoutRequest } from '@/lib/http/checkout/handle-checkout-request';
import { answeringErrors, refusedMethods } from '@/lib/http/api-route';

export const dynamic = 'force-dynamic';

export const POST = answeringErrors(
  () => getServices().logger,
  (request) => handleCheckoutRequest(getCheckoutDeps(), request),
);

export const { GET, PUT, PATCH, DELETE } = refusedMethods('POST');
