import { removeStateFiles } from './state/store';
import { startStripeEmulator, type StripeEmulatorOptions } from './index';

/** `npm run emulator:stripe [-- --reset]`: runs Local Stripe until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const env = process.env;
  const port = Number(env['STRIPE_EMULATOR_PORT'] ?? 12111);
  const dataDir = env['STRIPE_EMULATOR_DATA_DIR'] ?? '.data/stripe';
  if (process.argv.includes('--reset')) removeStateFiles(dataDir);
  const webhookUrl = env['STRIPE_WEBHOOK_URL'];
  const webhookSecret = env['STRIPE_WEBHOOK_SECRET'];
  const retryScale = env['STRIPE_WEBHOOK_RETRY_SCALE'] ? Number(env['STRIPE_WEBHOOK_RETRY_SCALE']) : undefined;
  const asyncDelay = env['STRIPE_ASYNC_PAYMENT_DELAY_MS'] ? Number(env['STRIPE_ASYNC_PAYMENT_DELAY_MS']) : undefined;
  const verbose = env['STRIPE_EMULATOR_LOG'] === '1';
  const options: StripeEmulatorOptions = {
    port,
    dataDir,
    ...(env['STRIPE_EMULATOR_HOST'] ? { host: env['STRIPE_EMULATOR_HOST'] } : {}),
    ...(env['NEXT_PUBLIC_SITE_URL'] ? { siteUrl: env['NEXT_PUBLIC_SITE_URL'] } : {}),
    ...(webhookUrl && webhookSecret ? { webhookEndpoint: { url: webhookUrl, secret: webhookSecret } } : {}),
    ...(retryScale !== undefined && Number.isFinite(retryScale) ? { retryScale } : {}),
    ...(asyncDelay !== undefined && Number.isFinite(asyncDelay) && asyncDelay >= 0 ? { asyncPaymentDelayMs: asyncDelay } : {}),
    ...(verbose ? { log: (line: string) => console.log(`[stripe] ${line}`) } : {}),
  };
  if (webhookUrl && !webhookSecret) console.warn('STRIPE_WEBHOOK_URL is set but STRIPE_WEBHOOK_SECRET is not; no endpoint configured.');
  const emulator = await startStripeEmulator(options);
  console.log(`Local Stripe ready at http://localhost:${emulator.port}`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
