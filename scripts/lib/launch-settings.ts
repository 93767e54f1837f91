import { validateEnvironment } from '../../lib/config/config';
import type { ProfileDecision } from '../../lib/config/profile';

/** What the launcher decides before it starts anything: the profile the server will run, and where it listens. */
export interface LaunchSettings {
  decision: ProfileDecision;
  /** The address Next and the emulators bind to. */
  host: string;
  /** How the launcher itself reaches them (a wildcard bind is reached on loopback); URL-ready. */
  reachableHost: string;
  /** Lines to print loudly before starting. */
  warnings: string[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Decides with the environment the server will see (NODE_ENV as `next dev` / `next start` set it), so the
 * launcher and the server can never disagree. Throws ConfigError naming every bad variable.
 */
export function launchSettings(source: Record<string, string | undefined>, nextCommand: 'dev' | 'start', cwd = process.cwd()): LaunchSettings {
  const serverEnv = { ...source, NODE_ENV: nextCommand === 'start' ? 'production' : 'development' };
  const { decision } = validateEnvironment(serverEnv, cwd);
  const host = source.HOST?.trim() || '127.0.0.1';
  const warnings: string[] = [];
  if (!LOOPBACK.has(host) && decision.devSurfaces) {
    warnings.push(
      `WARNING: HOST=${host} makes the shop reachable from other machines, but the ${decision.profile} profile has no real ` +
        'authentication: /dev/mailbox shows every temporary password. Unset HOST unless this network is yours alone.',
    );
  }
  return { decision, host, reachableHost: reachable(host), warnings };
}

function reachable(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
