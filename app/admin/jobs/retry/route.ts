import { getKitchenDeps } from '@/app/_server/kitchen-deps';
import { handleJobRetry } from '@/lib/http/kitchen/handle-job-retry';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleJobRetry(getKitchenDeps(), request);
}
