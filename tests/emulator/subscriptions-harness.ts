/** Shared setup for the subscription tests: an emulator with a webhook receiver, and test-clock helpers. */
import { afterAll, beforeAll } from 'vitest';
import type Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { removeDir, sdk, startEmulator, startReceiver, tempDir, type Receiver } from './helpers';

export interface BillingSuite {
  emulator: RunningStripeEmulator;
  stripe: Stripe;
  receiver: Receiver;
}

/** Starts Local Stripe (own data dir, a webhook endpoint to a receiver) for the calling file's tests. */
export function billingSuite(): BillingSuite {
  const suite = {} as BillingSuite;
  let dir = '';
  beforeAll(async () => {
    dir = tempDir();
    suite.receiver = await startReceiver();
    suite.emulator = await startEmulator({ dataDir: dir, webhookEndpoint: { url: suite.receiver.url, secret: 'whsec_billing_suite' } });
    suite.stripe = sdk(suite.emulator);
  });
  afterAll(async () => {
    await suite.emulator?.close();
    await suite.receiver?.close();
    removeDir(dir);
  });
  return suite;
}

/** Advances a test clock and polls it until Stripe reports it `ready` (the SDK user's loop). */
export async function advanceClock(stripe: Stripe, clockId: string, to: number): Promise<Stripe.TestHelpers.TestClock> {
  const started = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to });
  if (started.status !== 'advancing' && started.status !== 'ready') throw new Error(`advance answered ${started.status}`);
  const deadline = Date.now() + 10_000; // safety net only
  for (;;) {
    const clock = await stripe.testHelpers.testClocks.retrieve(clockId);
    if (clock.status === 'ready') return clock;
    if (Date.now() > deadline) throw new Error(`clock ${clockId} still ${clock.status}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
