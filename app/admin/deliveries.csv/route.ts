import { getKitchenDeps } from '@/app/_server/kitchen-deps';
import { handleDeliveriesCsv } from '@/lib/http/kitchen/handle-deliveries-csv';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return handleDeliveriesCsv(getKitchenDeps(), request);
}
