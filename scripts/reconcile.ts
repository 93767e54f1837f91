/**
 * `npm run reconcile`: recovers orders whose webhooks never arrived, with the shop's own configuration
 * (.env.local / .env, local or cloud). Safe to run any time, as often as you like.
 */
import { loadEnvFiles } from './lib/env-files';

loadEnvFiles();

async function main(): Promise<void> {
  // Imported after the env files are loaded: composition reads the configuration on first use.
  const { getWebhookDeps } = await import('../lib/composition');
  const { reconcile } = await import('../lib/services/reconcile/reconcile');
  const deps = getWebhookDeps();
  process.stdout.write(`Reconciling with ${deps.config.stripe.kind === 'local' ? `Local Stripe at ${deps.config.stripe.apiBase}` : 'Stripe'}…\n`);
  const report = await reconcile(deps, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(
    `Done: ${report.listed} events listed, ${report.alreadyRecorded} already recorded, ${report.recovered} recovered, ` +
      `${report.failed} parked; follow-ups: ${report.followUpsDone} done, ${report.followUpsFailed} failed.\n`,
  );
  if (report.parked.length > 0) process.stdout.write(`Parked (recorded as failed, the cursor moved on): ${report.parked.join(', ')}\n`);
  if (report.stopped) process.stdout.write(`Stopped early: ${report.stopped}\n`);
  await deps.store.close();
  process.exit(report.failed + report.followUpsFailed > 0 || report.stopped ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
