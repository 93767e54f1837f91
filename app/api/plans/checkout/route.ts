import { getCheckoutDeps } from '@/lib/composition';
import { handlePlanCheckoutRequest } from '@/lib/plans/handle-plan-requests';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handlePlanCheckoutRequest(getCheckoutDeps(), request);
}
