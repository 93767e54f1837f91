/** `npm run dev`: Local Stripe + `next dev` on http://localhost:3000, one command. */
import { loadEnvFiles } from './lib/env-files';
import { startLocalStack, stopOnSignals } from './lib/local-stack';
import { startTwinStack } from './lib/twin-stack';

loadEnvFiles();
(process.argv.includes('--twin') ? startTwinStack : startLocalStack)({ nextCommand: 'dev', port: Number(process.env.PORT ?? 3000), fresh: process.argv.includes('--fresh') }).then(
  stopOnSignals,
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
