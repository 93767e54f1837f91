/**
 * `npm test`: type check, lint, import boundaries, unit + integration tests (vitest), then the end-to-end suites
 * (Playwright against a production build, then against the Amplify twin), then mutation testing of the
 * domain core. Stops at the first failing stage and ends with one
 * summary line counting every test that ran.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

interface Stage {
  title: string;
  command: string[];
  /** Reads passed/failed counts from the runner's JSON report, when it has one. */
  report?: () => { passed: number; failed: number };
  /** Runs before the command (e.g. to stage an input file). */
  prepare?: () => void;
}

/** What the boundary check cruises: every source root (tests are left out: they may import anything). */
const BOUNDARY_ROOTS = ['lib', 'app', 'components', 'common', 'emulators', 'scripts', 'amplify', 'bench', 'proxy.ts', 'instrumentation.ts'];
const VITEST_REPORT = 'test-results/vitest-report.json';
const E2E_REPORT = 'test-results/e2e-report.json';
const E2E_TWIN_REPORT = 'test-results/e2e-twin-report.json';
const MUTATION_BASELINE = 'tests/mutation/stryker-incremental.json';
/** Stryker rewrites its incremental file: it works on a copy so `npm test` leaves the committed baseline alone. */
const MUTATION_WORKING_BASELINE = 'test-results/stryker-incremental.json';

function readVitestReport() {
  const report = JSON.parse(fs.readFileSync(VITEST_REPORT, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  return { passed: report.numPassedTests, failed: report.numFailedTests };
}

function readPlaywrightReport(file = E2E_REPORT) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number } };
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected };
}

const stages: Stage[] = [
  { title: 'Type check (tsc)', command: ['tsc', '--noEmit'] },
  { title: 'Type check of the Amplify backend', command: ['tsc', '-p', 'amplify', '--noEmit'] },
  { title: 'Lint (eslint)', command: ['eslint', '.', '--max-warnings=0'] },
  // The import rules between roles (.dependency-cruiser.cjs): prints only the violations, fails on any.
  { title: 'Boundaries (dependency-cruiser)', command: ['depcruise', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...BOUNDARY_ROOTS] },
  {
    title: 'Unit and integration tests (vitest)',
    command: ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_REPORT}`],
    report: readVitestReport,
  },
  { title: 'End-to-end tests (Playwright, production build)', command: ['playwright', 'test'], report: () => readPlaywrightReport() },
  // The same build in the twin profile: the cloud code paths on Amplify's own resolvers (needs Java 17).
  {
    title: 'End-to-end tests against the Amplify twin (Playwright)',
    command: ['playwright', 'test', '-c', 'playwright.twin.config.ts'],
    report: () => readPlaywrightReport(E2E_TWIN_REPORT),
  },
  // Mutation score of the domain core (stryker.config.mjs): fails below 85% and prints the survivors. Incremental
  // from the committed baseline, so only mutants whose code or tests changed are run again.
  {
    title: 'Mutation testing of the domain core (Stryker, incremental)',
    command: ['stryker', 'run', '--incrementalFile', MUTATION_WORKING_BASELINE],
    prepare: () => fs.copyFileSync(MUTATION_BASELINE, MUTATION_WORKING_BASELINE),
  },
];

fs.rmSync('test-results', { recursive: true, force: true });
fs.mkdirSync('test-results', { recursive: true });
const totals = { passed: 0, failed: 0 };
let exitCode = 0;

for (const [index, stage] of stages.entries()) {
  process.stdout.write(`\n==> [${index + 1}/${stages.length}] ${stage.title}\n`);
  const started = Date.now();
  stage.prepare?.();
  const [bin, ...args] = stage.command;
  const result = spawnSync('npx', ['--no-install', bin!, ...args], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.CI ? '0' : (process.env.FORCE_COLOR ?? '1') },
  });
  if (stage.report) {
    try {
      const counts = stage.report();
      totals.passed += counts.passed;
      totals.failed += counts.failed;
    } catch {
      // The runner died before writing its report; its exit code tells the story.
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(`\n${stage.title} failed after ${seconds} s (exit ${result.status ?? result.signal}).\n`);
    exitCode = result.status || 1;
    break;
  }
  process.stdout.write(`<== ${stage.title} passed in ${seconds} s\n`);
}

process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(exitCode || (totals.failed > 0 ? 1 : 0));
