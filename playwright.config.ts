import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';
import { shopWebServer } from './tests/support/playwright-web-server';

/**
 * End-to-end tests drive a real Chromium against a production build served with the local emulators.
 * The system Chromium is used when there is one (CHROMIUM_PATH, else /usr/bin/chromium): machines
 * without internet cannot download Playwright's own browser.
 */
const systemChromium = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: shopWebServer({
    command: 'npx tsx scripts/preview.ts --fresh',
    port,
    env: {
      STRIPE_EMULATOR_PORT: String(Number(process.env.E2E_STRIPE_PORT ?? 12112)),
      COGNITO_LOCAL_PORT: String(Number(process.env.E2E_COGNITO_PORT ?? 9230)),
      LOCAL_DATA_DIR: '.data/e2e',
    },
  }),
});
