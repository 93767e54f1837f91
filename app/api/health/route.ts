import { getServices } from '@/lib/composition';
import { configurationIssues, getConfig } from '@/lib/config/config';
import { answersHttp, checkReadiness } from '@/lib/config/readiness';

export const dynamic = 'force-dynamic';

/**
 * Readiness for the launcher and load balancers: 200 only when the configuration is valid and the
 * dependencies it can check answer; 503 otherwise, naming what is wrong (never a secret value).
 */
export async function GET(): Promise<Response> {
  const readiness = await checkReadiness({ configurationIssues, config: getConfig, services: getServices, reachable: (url) => answersHttp(url) });
  return Response.json(readiness, { status: readiness.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
