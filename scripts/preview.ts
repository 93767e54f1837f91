/**
 * `npm run preview`: a production build (`next build`, skipped with --no-build) served by `next start`
 * with the local emulators. The end-to-end tests run the shop this way.
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { loadEnvFiles } from './lib/env-files';
import { launchSettings } from './lib/launch-settings';
import { explainNextLine } from './lib/next-output';
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
/** `next build`, its output passed through line by line with the deliberate experiment explained (next-output.ts). */
function build(): Promise<number> {
  process.stdout.write('Building the shop (next build)…\n');
  const child = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    stdio: ['inherit', 'pipe', 'pipe'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  for (const [input, output] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
    readline.createInterface({ input }).on('line', (line) => output.write(`${explainNextLine(line)}\n`));
  }
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

(process.argv.includes('--no-build') ? Promise.resolve(0) : build())
  .then((status) => {
    if (status !== 0) process.exit(status);
    return (process.argv.includes('--twin') ? startTwinStack : startLocalStack)({
      nextCommand: 'start',
      port: Number(process.env.PORT || 3000),
      fresh: process.argv.includes('--fresh'),
      stripeListen: stripeListenChoice(process.argv),
    });
  })
  .then(stopOnSignals, failStart);
