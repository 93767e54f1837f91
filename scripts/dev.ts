/** `npm run dev`: Local Stripe + `next dev` on http://localhost:3000, one command (`-- --stripe-listen`: webhooks via the Stripe CLI). */
import { loadEnvFiles } from './lib/env-files';
import { startLocalStack, stopOnSignals } from './lib/local-stack';

loadEnvFiles();
startLocalStack({ nextCommand: 'dev', port: Number(process.env.PORT ?? 3000), fresh: process.argv.includes('--fresh'), stripeListen: process.argv.includes('--stripe-listen') }).then(
  stopOnSignals,
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
