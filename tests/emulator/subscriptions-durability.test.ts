// Subscriptions survive a restart, and one without a test clock renews in real time (the emulator's sweep).
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { removeDir, sdk, startEmulator, tempDir } from './helpers';

const DAY_MS = 86_400_000;
const running: RunningStripeEmulator[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const e of running.splice(0)) await e.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

describe('subscriptions across restarts', () => {
  it('keeps customers, subscriptions and invoices, and renews a subscription whose period ended while stopped', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const first = await startEmulator({ dataDir: dir });
    running.push(first);
    const stripe = sdk(first);
    const customer = await stripe.customers.create({ email: 'restart@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_breakfast_spread_weekly' }] });
    const periodEnd = sub.items.data[0]?.current_period_end ?? 0;
    await first.close();
    running.splice(0);

    // Eight days later (the emulator's clock option moves its due times): the start-up sweep renews it.
    const later = await startEmulator({ dataDir: dir, clock: () => Date.now() + 8 * DAY_MS });
    running.push(later);
    const again = sdk(later);
    expect(await again.customers.retrieve(customer.id)).toMatchObject({ id: customer.id, email: 'restart@example.com' });
    const renewed = await again.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe('active');
    expect(renewed.items.data[0]?.current_period_start).toBe(periodEnd);
    const invoices = await again.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => [i.billing_reason, i.status])).toEqual([
      ['subscription_cycle', 'paid'],
      ['subscription_create', 'paid'],
    ]);
  });
});
