/**
 * Next.js calls register() once when a server process starts: the place to start background work that
 * lives as long as the server. Here, the follow-up worker (account provisioning, emails after payment),
 * which runs after the webhook has answered Stripe.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startFollowUpWorker } = await import('./lib/composition');
  const worker = startFollowUpWorker();
  if (!worker) return;
  // Let in-flight jobs finish (or hand them back) before the process goes away.
  const stop = () => void worker.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
