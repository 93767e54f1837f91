// @ts-check
/**
 * Mutation testing of the domain core (`npm run test:mutation`): Stryker breaks one line at a time and
 * runs the unit tests; a mutant that no test notices is a survivor. Writes reports/mutation/index.html,
 * prints the survivors, and exits non-zero when the score is below `thresholds.break`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.mts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'lib/domain/orders/order-state.ts',
    'lib/domain/orders/checkout-outcome.ts',
    'lib/domain/orders/customer-orders.ts',
    'lib/services/webhooks/event-facts.ts',
    'lib/domain/webhooks/**/*.ts',
    'lib/domain/checkout/checkout-request.ts',
    'lib/domain/checkout/delivery-date.ts',
    'lib/services/followups/**/*.ts',
    'lib/domain/followups/**/*.ts',
    'lib/services/reconcile/reconcile.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'html', 'json', 'progress'],
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  // The baseline is committed: a run re-tests only the mutants whose code or covering tests changed since it
  // was written (CI then takes minutes, not the ~25 of a full run here). `npm run test:mutation` refreshes it.
  incremental: true,
  incrementalFile: 'tests/mutation/stryker-incremental.json',
  // Build output and local data are not needed by the unit tests; copying them into the sandbox is slow.
  ignorePatterns: ['.next', '.data', 'test-results', 'bench/results', '.amplify', 'playwright-report', 'coverage'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

export default config;
