import { currentUser } from '@/app/_server/current-user';
import { getServices } from '@/lib/composition';
import { answeringErrors, refusedMethods } from '@/lib/http/api-route';
import { handlePlanPortalRequest } from '@/lib/http/plans/handle-plan-requests';

export const dynamic = 'force-dynamic';

export const POST = answeringErrors(
  () => getServices().logger,
  async (request) => handlePlanPortalRequest(getServices(), request, await currentUser()),
);

export const { GET, PUT, PATCH, DELETE } = refusedMethods('POST');
