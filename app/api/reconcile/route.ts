import { getServices, getWebhookDeps } from '@/lib/composition';
import { answeringErrors, refusedMethods } from '@/lib/http/api-route';
import { handleReconcileRequest } from '@/lib/http/reconcile/handle-reconcile-request';

export const dynamic = 'force-dynamic';

export const POST = answeringErrors(
  () => getServices().logger,
  (request) => {
    const deps = getWebhookDeps();
    return handleReconcileRequest({ ...deps, reconcileSecret: deps.config.reconcileSecret }, request);
  },
);

export const { GET, PUT, PATCH, DELETE } = refusedMethods('POST');
