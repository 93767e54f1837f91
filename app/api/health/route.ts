import { getServices } from '@/lib/composition';
import { configurationIssues, getConfig } from '@/lib/config/config';
import { answersHttp, checkReadiness, readinessResponse } from '@/lib/config/readiness';
import { answeringErrors, refusedMethods } from '@/lib/http/api-route';

export const dynamic = 'force-dynamic';

/**
 * Readiness for the launcher and load balancers: 200 only when the configuration is valid and the
 * dependencies it can check answer; 503 otherwise, naming what is wrong (never a secret value).
 */
export const GET = answeringErrors(
  () => getServices().logger,
  async () => readinessResponse(await checkReadiness({ configurationIssues, config: getConfig, services: getServices, reachable: (url) => answersHttp(url) })),
);

export const { POST, PUT, PATCH, DELETE } = refusedMethods('GET');
