import { ConfigError } from '../../lib/config/config-error';

/** Reads a 503 from /api/health; throws the configuration problems it names (dependency problems may still clear). */
export async function throwIfMisconfigured(response: Response): Promise<void> {
  if (response.status !== 503) return;
  const body = (await response.json().catch(() => null)) as { configuration?: { ok?: boolean; issues?: unknown } } | null;
  const issues = body?.configuration?.issues;
  if (body?.configuration?.ok === false && Array.isArray(issues) && issues.length > 0) {
    throw new ConfigError(issues.map(String));
  }
}
