import type { PlaywrightTestConfig } from '@playwright/test';

type WebServer = Extract<NonNullable<PlaywrightTestConfig['webServer']>, { command: string }>;

/**
 * The shop as both Playwright suites serve it: a launcher command on its own port, ready when /api/health
 * answers, stopped with SIGTERM, with the settings every e2e run shares plus the suite's own variables.
 */
export function shopWebServer(options: { command: string; port: number; env: Record<string, string> }): WebServer {
  return {
    command: options.command,
    url: `http://127.0.0.1:${options.port}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    // SIGTERM, not Playwright's default SIGKILL: the launcher then stops its children (each in its own process
    // group) and frees their ports; a SIGKILL would orphan them.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(options.port),
      NEXT_PUBLIC_SITE_URL: `http://localhost:${options.port}`,
      LOG_LEVEL: 'warn',
      CHECKOUT_RATE_LIMIT_PER_MINUTE: '100',
      NEXT_TELEMETRY_DISABLED: '1',
      ...options.env,
    },
  };
}
