import { jsonResponse } from '../http/json-response';
import type { AppConfig } from './config';
import type { Profile } from './profile';

export type DependencyState = 'ok' | 'unreachable' | 'not checked';

/** What /api/health answers: names and states only, never a value from the configuration. */
export interface Readiness {
  ok: boolean;
  profile: Profile | null;
  configuration: { ok: boolean; issues: string[] };
  dependencies: Record<string, DependencyState>;
}

export interface ReadinessDeps {
  /** Every configuration problem of the process (empty when valid). */
  configurationIssues: () => string[];
  config: () => AppConfig;
  /** Builds the server's adapters (opens the store); throws what the first real request would meet. */
  services: () => unknown;
  /** True when anything answers HTTP at the URL within the timeout. */
  reachable: (url: string) => Promise<boolean>;
}

/**
 * The services a request would need, probed where that is free: the emulators and the twin.
 * Real Stripe and AWS are not probed on every health check (each probe would be a billed or
 * rate-limited call, and their availability is theirs to report).
 */
export function dependencyProbes(config: AppConfig): Array<{ name: string; url: string | null }> {
  return [
    { name: 'stripe', url: config.stripe.kind === 'local' ? config.stripe.apiBase : null },
    { name: 'auth', url: config.auth?.endpoint ?? null },
    { name: 'data', url: config.profile === 'twin' ? (config.amplifyData?.url ?? null) : null },
  ];
}

export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const issues = deps.configurationIssues();
  if (issues.length > 0) return { ok: false, profile: null, configuration: { ok: false, issues }, dependencies: {} };

  const config = deps.config();
  const dependencies: Record<string, DependencyState> = {};
  try {
    deps.services();
    dependencies.services = 'ok';
  } catch {
    dependencies.services = 'unreachable';
  }
  const probes = dependencyProbes(config);
  const states = await Promise.all(
    probes.map(async ({ name, url }): Promise<[string, DependencyState]> => [name, url ? ((await deps.reachable(url)) ? 'ok' : 'unreachable') : 'not checked']),
  );
  for (const [name, state] of states) dependencies[name] = state;
  const ok = Object.values(dependencies).every((state) => state !== 'unreachable');
  return { ok, profile: config.profile, configuration: { ok: true, issues: [] }, dependencies };
}

/** Any HTTP answer counts: a 401 or 404 still proves the server is there. */
export async function answersHttp(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    return true;
  } catch {
    return false;
  }
}

/**
 * /api/health's answer: 200 with the readiness when ready; 503 with the same fields plus the one error
 * shape every API refusal uses (`error: { code, message }`), so a script can branch on either.
 */
export function readinessResponse(readiness: Readiness): Response {
  if (readiness.ok) return jsonResponse(200, readiness);
  const message = readiness.configuration.ok ? 'A dependency does not answer' : 'The configuration is not valid';
  return jsonResponse(503, { ...readiness, error: { code: 'not_ready', message } });
}
