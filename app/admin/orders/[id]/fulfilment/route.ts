import { getKitchenDeps } from '@/app/_server/kitchen-deps';
import { handleFulfilmentPost } from '@/lib/http/kitchen/handle-fulfilment-post';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return handleFulfilmentPost(getKitchenDeps(), request, id);
}
