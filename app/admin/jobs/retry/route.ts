import { getKitchenDeps } from '@/lib/kitchen/kitchen-deps';
import { handleJobRetry } from '@/lib/kitchen/handle-job-retry';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleJobRetry(getKitchenDeps(), request);
}
