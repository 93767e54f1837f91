import Stripe from 'stripe';
import { expect, test } from './fixtures';

const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 12112);
const stripe = new Stripe('sk_test_local_emulator_key', { host: '127.0.0.1', port: stripePort, protocol: 'http' });
// A product and field no other end-to-end test reads: they rely on names and prices only.
const PRODUCT_ID = 'prod_mezze_platter';

interface EmulatorStats {
  apiRequests: number;
  /** Per "METHOD /path" counts, when Local Stripe reports them; other workers' checkouts do not touch GET /v1/prices. */
  apiRequestsByRoute?: Record<string, number>;
}

async function catalogRequests(): Promise<number> {
  const stats = (await (await fetch(`http://127.0.0.1:${stripePort}/_emulator/stats`)).json()) as EmulatorStats;
  return stats.apiRequestsByRoute?.['GET /v1/prices'] ?? stats.apiRequests;
}

test.describe('cached catalog', () => {
  test.describe.configure({ mode: 'serial' });

  test('100 views of / make no Stripe call after the first, and a product change shows within two seconds of Stripe', async ({ request }) => {
    const first = await request.get('/');
    expect(first.ok()).toBe(true);

    const before = await catalogRequests();
    for (let view = 0; view < 100; view++) {
      const response = await request.get('/');
      expect(response.ok()).toBe(true);
      // Served from Next's cache: no render ran, so no Stripe call could have.
      expect(response.headers()['x-nextjs-cache']).toBe('HIT');
    }
    expect(await catalogRequests()).toBe(before);

    const original = await stripe.products.retrieve(PRODUCT_ID);
    const marker = `Fresh from Stripe ${Date.now()}`;
    try {
      await stripe.products.update(PRODUCT_ID, { description: marker });
      const changedAt = Date.now();
      await expect.poll(async () => (await (await request.get('/')).text()).includes(marker), { timeout: 2_000, intervals: [50] }).toBe(true);
      expect(Date.now() - changedAt).toBeLessThan(2_000);
    } finally {
      await stripe.products.update(PRODUCT_ID, { description: original.description ?? '' });
    }
  });
});
