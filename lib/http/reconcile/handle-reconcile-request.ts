import { timingSafeEqual } from 'node:crypto';
import { errorResponse, jsonResponse, methodNotAllowed, notFound } from '../json-response';
import { reconcile, type ReconcileDeps } from '../../services/reconcile/reconcile';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * POST /api/reconcile for a scheduler (e.g. EventBridge every 15 minutes), authorized by
 * `Authorization: Bearer <RECONCILE_SECRET>`. Without a configured secret the route does not exist.
 */
export async function handleReconcileRequest(deps: ReconcileDeps & { reconcileSecret: string | null }, request: Request): Promise<Response> {
  if (!deps.reconcileSecret) return notFound();
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!token || !sameSecret(token, deps.reconcileSecret)) {
    return errorResponse(401, { code: 'unauthorized', message: 'Send Authorization: Bearer <RECONCILE_SECRET>' }, { 'WWW-Authenticate': 'Bearer' });
  }
  try {
    return jsonResponse(200, await reconcile(deps));
  } catch (err) {
    deps.logger.error({ err }, 'reconciliation failed');
    return errorResponse(502, { code: 'reconcile_failed', message: 'Reconciliation failed; see the server logs' });
  }
}
