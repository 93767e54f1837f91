import { getWebhookDeps } from '@/lib/composition';
import { handleWebhookRequest } from '@/lib/webhooks/handle-webhook-request';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleWebhookRequest(getWebhookDeps(), request);
}
