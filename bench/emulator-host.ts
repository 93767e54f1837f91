/**
 * One Local Stripe in a process of its own, so a bench can read that process's CPU from /proc:
 *
 *   tsx bench/emulator-host.ts <path/to/emulators/stripe/index.ts> <port, 0 for any> <dataDir>
 *
 * The path may be another copy of the emulator (e.g. an older commit unpacked under .data/). Prints
 * "ready <url>" once it listens and closes the emulator on SIGTERM.
 */
import path from 'node:path';

type Start = typeof import('../emulators/stripe').startStripeEmulator;

async function main(): Promise<void> {
  const [modulePath, port, dataDir] = process.argv.slice(2);
  if (!modulePath || port === undefined || !dataDir) throw new Error('usage: emulator-host.ts <index.ts> <port> <dataDir>');
  const { startStripeEmulator } = (await import(path.resolve(modulePath))) as { startStripeEmulator: Start };
  const emulator = await startStripeEmulator({ port: Number(port), dataDir });
  process.once('SIGTERM', () => {
    emulator.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
  process.stdout.write(`ready ${emulator.url}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
