/**
 * `npm run preview`: a production build (`next build`, skipped with --no-build) served by `next start`
 * with the local emulators. The end-to-end tests run the shop this way.
 */
import { spawnSync } from 'node:child_process';
import { loadEnvFiles } from './lib/env-files';
import { launchSettings } from './lib/launch-settings';
import { startLocalStack, stopOnSignals } from './lib/local-stack';
import { failStart } from './lib/start-failure';
import { stripeListenChoice } from './lib/stripe-listen';
import { startTwinStack } from './lib/twin-stack';

loadEnvFiles();
// A production build on your own machine, with the local emulators: the one place local is allowed in production.
process.env.ALLOW_LOCAL_PROFILE_IN_PRODUCTION ??= '1';
// Refuse a bad configuration before a build that takes minutes.
try {
  launchSettings(process.env, 'start');
} catch (error) {
  failStart(error);
}
if (!process.argv.includes('--no-build')) {
  process.stdout.write('Building the shop (next build)…\n');
  const build = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
(process.argv.includes('--twin') ? startTwinStack : startLocalStack)({
  nextCommand: 'start',
  port: Number(process.env.PORT || 3000),
  fresh: process.argv.includes('--fresh'),
  stripeListen: stripeListenChoice(process.argv),
}).then(stopOnSignals, failStart);
