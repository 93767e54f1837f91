import { currentUser } from '@/lib/auth/current-user';
import { getServices } from '@/lib/composition';
import { handlePlanPortalRequest } from '@/lib/plans/handle-plan-requests';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  return handlePlanPortalRequest(getServices(), request, await currentUser());
}
