import { getCheckoutDeps } from '@/lib/composition';
import { handleCheckoutRequest } from '@/lib/checkout/handle-checkout-request';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleCheckoutRequest(getCheckoutDeps(), request);
}
