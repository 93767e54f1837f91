import { getCheckoutDeps, getServices } from '@/lib/composition';
import { answeringErrors, refusedMethods } from '@/lib/http/api-route';
import { handlePlanCheckoutRequest } from '@/lib/http/plans/handle-plan-requests';

export const dynamic = 'force-dynamic';

export const POST = answeringErrors(
  () => getServices().logger,
  (request) => handlePlanCheckoutRequest(getCheckoutDeps(), request),
);

export const { GET, PUT, PATCH, DELETE } = refusedMethods('POST');
