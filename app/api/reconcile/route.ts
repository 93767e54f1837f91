import { getWebhookDeps } from '@/lib/composition';
import { handleReconcileRequest } from '@/lib/reconcile/handle-reconcile-request';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  const deps = getWebhookDeps();
  return handleReconcileRequest({ ...deps, reconcileSecret: deps.config.reconcileSecret }, request);
}
