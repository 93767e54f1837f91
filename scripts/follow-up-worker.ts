/**
 * `npm run worker`: the local follow-up worker (account invitations, emails, capacity and hand-off jobs after a
 * payment) in its own process. The launcher starts it beside the shop with FOLLOW_UP_WORKER=sibling, so this work
 * never shares the webhook's CPU; SIGTERM or Ctrl-C lets running jobs finish (or hands them back) before it exits.
 */
import { loadEnvFiles } from './lib/env-files';

loadEnvFiles();

async function main(): Promise<void> {
  // Imported after the env files are loaded: composition reads the configuration on first use.
  const { startSiblingFollowUpWorker } = await import('../lib/composition');
  const running = startSiblingFollowUpWorker();
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`The follow-up worker did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(`Follow-up worker ready (pid ${process.pid})\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
