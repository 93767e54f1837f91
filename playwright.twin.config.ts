import { defineConfig } from '@playwright/test';
import base from './playwright.config';
import { shopWebServer } from './tests/support/playwright-web-server';

/**
 * The cloud code paths end to end against the Amplify twin: the production build (made by the main e2e run,
 * or `next build`) served in the twin profile by `npm run preview -- --twin --no-build`, on its own ports.
 */
const port = Number(process.env.E2E_TWIN_PORT ?? 3300);
const baseURL = `http://localhost:${port}`;
const twinPort = (name: string, fallback: number) => String(Number(process.env[name] ?? fallback));

export default defineConfig({
  ...base,
  testDir: 'tests/e2e-twin',
  workers: 1,
  timeout: 120_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-twin-report.json' }]],
  use: { ...base.use, baseURL },
  webServer: shopWebServer({
    command: 'npx tsx scripts/preview.ts --twin --no-build --fresh',
    port,
    env: {
      STRIPE_EMULATOR_PORT: twinPort('E2E_TWIN_STRIPE_PORT', 12212),
      TWIN_APPSYNC_PORT: twinPort('E2E_TWIN_APPSYNC_PORT', 20102),
      TWIN_SIMULATOR_PORT: twinPort('E2E_TWIN_SIMULATOR_PORT', 20103),
      TWIN_SIMULATOR_WS_PORT: twinPort('E2E_TWIN_SIMULATOR_WS_PORT', 20104),
      TWIN_DYNAMODB_PORT: twinPort('E2E_TWIN_DYNAMODB_PORT', 8100),
      TWIN_COGNITO_PORT: twinPort('E2E_TWIN_COGNITO_PORT', 9429),
      TWIN_LAMBDA_PORT: twinPort('E2E_TWIN_LAMBDA_PORT', 20105),
      LOCAL_DATA_DIR: '.data/e2e-twin',
    },
  }),
});
