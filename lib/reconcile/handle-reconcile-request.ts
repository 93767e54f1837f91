import { timingSafeEqual } from 'node:crypto';
import { reconcile, type ReconcileDeps } from './reconcile';

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
  if (!deps.reconcileSecret) return new Response(null, { status: 404 });
  if (request.method !== 'POST') return Response.json({ error: 'Method not allowed' }, { status: 405, headers: { Allow: 'POST' } });
  const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!token || !sameSecret(token, deps.reconcileSecret)) return Response.json({ error: 'Unauthorized' }, { status: 401 });
  try {
    return Response.json(await reconcile(deps), { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return Response.json({ error: 'Reconciliation failed; see the server logs' }, { status: 502 });
  }
}
