import { defineFunction, secret } from '@aws-amplify/backend';
import { requiredSesSender } from './ses-sender';

/** The sender of customer email; the worker's SES permission is limited to it. */
export const SES_FROM_ADDRESS = requiredSesSender(process.env.SES_FROM_ADDRESS);

/**
 * Runs follow-up jobs (provision the buyer, email them) after the webhook has answered Stripe: triggered by
 * the FollowUp table's DynamoDB stream (wired in amplify/backend.ts), with the same job code as the local worker.
 */
export const followUpWorker = defineFunction({
  name: 'follow-up-worker',
  entry: './handler.ts',
  // Long enough to wait out the longest backoff (60 s in the cloud policy) and still run the job.
  timeoutSeconds: 180,
  memoryMB: 512,
  // Beside the data stack it reads from (its stream) and writes to.
  resourceGroupName: 'data',
  // The same settings the Next.js server reads, taken from the deploying shell (or the Amplify build's env).
  environment: {
    SES_FROM_ADDRESS,
    SITE_URL: process.env.NEXT_PUBLIC_SITE_URL ?? 'http://localhost:3000',
    // The fulfilment hand-off only when the deploying shell sets its URL: then FULFILMENT_WEBHOOK_SECRET must be
    // an Amplify secret (`npx ampx sandbox secret set FULFILMENT_WEBHOOK_SECRET`), equal to the server's.
    ...(process.env.FULFILMENT_WEBHOOK_URL
      ? { FULFILMENT_WEBHOOK_URL: process.env.FULFILMENT_WEBHOOK_URL, FULFILMENT_WEBHOOK_SECRET: secret('FULFILMENT_WEBHOOK_SECRET') }
      : {}),
  },
});
