import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * Stryker's test run (stryker.config.mjs): only the unit tests, which cover the domain core without
 * servers, so each mutant is judged in seconds. Not merged with vitest.config.mts: merging would
 * concatenate the include lists and bring the integration suites back.
 */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
