/**
 * Runs once when the Next.js server starts, before it takes requests: in the cloud the Stripe secrets
 * come from SSM Parameter Store (see lib/config/secrets-at-start.ts), never from .env.production; then
 * the follow-up worker (account provisioning, emails after payment) starts, and runs after the webhook
 * has answered Stripe, for as long as the server lives.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadSecretsAtStart } = await import('./lib/config/secrets-at-start');
  const issues = await loadSecretsAtStart();
  // Names and fixes only: the messages never carry a secret value.
  if (issues.length > 0) console.error(`Secrets could not be loaded:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);

  const { startFollowUpWorker } = await import('./lib/composition');
  const worker = startFollowUpWorker();
  if (!worker) return;
  // Let in-flight jobs finish (or hand them back) before the process goes away.
  const stop = () => void worker.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
