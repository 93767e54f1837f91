export const dynamic = 'force-dynamic';

/** Liveness for the dev scripts and load balancers; touches nothing. */
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
