import { getKitchenDeps } from '@/lib/kitchen/kitchen-deps';
import { handleDeliveriesCsv } from '@/lib/kitchen/handle-deliveries-csv';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return handleDeliveriesCsv(getKitchenDeps(), request);
}
