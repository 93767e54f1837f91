import { defineFunction, secret } from '@aws-amplify/backend';

/**
 * Runs reconciliation on a schedule (an EventBridge rule Amplify creates from `schedule`): it calls the
 * shop's POST /api/reconcile with the shared secret, so the catch-up runs with the shop's own code and
 * configuration. Reconcile saves its cursor per window, so a call cut short still makes progress.
 * SHOP_URL is read when the backend is synthesized (e.g. the branch's URL in the Amplify build);
 * RECONCILE_SECRET is an Amplify secret (`npx ampx sandbox secret set RECONCILE_SECRET`) and must equal the shop's.
 */
export const reconcileSchedule = defineFunction({
  name: 'reconcile-schedule',
  entry: './handler.ts',
  schedule: 'every 15m',
  timeoutSeconds: 120,
  environment: {
    SHOP_URL: process.env.SHOP_URL ?? '',
    RECONCILE_SECRET: secret('RECONCILE_SECRET'),
  },
});
