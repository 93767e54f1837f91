/** `npm run dev`: Local Stripe + `next dev` on http://localhost:3000, one command (`-- --stripe-listen`: webhooks via the Stripe CLI). */
import { loadEnvFiles } from './lib/env-files';
import { startLocalStack, stopOnSignals } from './lib/local-stack';
import { failStart } from './lib/start-failure';
import { stripeListenChoice } from './lib/stripe-listen';
import { startTwinStack } from './lib/twin-stack';

loadEnvFiles();
(process.argv.includes('--twin') ? startTwinStack : startLocalStack)({
  nextCommand: 'dev',
  port: Number(process.env.PORT || 3000),
  fresh: process.argv.includes('--fresh'),
  stripeListen: stripeListenChoice(process.argv),
}).then(stopOnSignals, failStart);
