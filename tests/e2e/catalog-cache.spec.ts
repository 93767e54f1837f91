import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { expect, test } from './fixtures';

const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 12112);
const stripe = new Stripe('sk_test_local_emulator_key', { host: '127.0.0.1', port: stripePort, protocol: 'http' });
// A product and field no other end-to-end test reads: they rely on names and prices only.
const PRODUCT_ID = 'prod_mezze_platter';
/**
 * The catalog read and nothing else: checkouts retrieve single prices (GET /v1/prices/:id) and no other
 * test changes products or prices, so other workers running meanwhile cannot move this count.
 */
const CATALOG_ROUTE = 'GET /v1/prices';

interface EmulatorStats {
  apiRequestsByRoute: Record<string, number>;
}

/** Exact count of catalog reads Local Stripe has served; the route must have been counted already. */
async function catalogReads(): Promise<number> {
  const stats = (await (await fetch(`http://127.0.0.1:${stripePort}/_emulator/stats`)).json()) as EmulatorStats;
  const count = stats.apiRequestsByRoute[CATALOG_ROUTE];
  if (typeof count !== 'number') throw new Error(`Local Stripe's stats have no "${CATALOG_ROUTE}" count: ${JSON.stringify(stats.apiRequestsByRoute)}`);
  return count;
}

test.describe('cached catalog', () => {
  test.describe.configure({ mode: 'serial' });

  test('100 views of / make no Stripe call after the first, and a product change shows after its webhook', async ({ request }) => {
    const first = await request.get('/');
    expect(first.ok()).toBe(true);

    const before = await catalogReads();
    for (let view = 0; view < 100; view++) {
      const response = await request.get('/');
      expect(response.ok()).toBe(true);
      // Served from Next's cache: no render ran, so no Stripe call could have.
      expect(response.headers()['x-nextjs-cache']).toBe('HIT');
    }
    expect(await catalogReads()).toBe(before);

    const original = await stripe.products.retrieve(PRODUCT_ID);
    const marker = `Fresh from Stripe ${randomUUID()}`;
    try {
      await stripe.products.update(PRODUCT_ID, { description: marker });
      // The webhook revalidates the catalog; wait for that outcome (the cap is only a safety net on a busy machine).
      await expect.poll(async () => (await (await request.get('/')).text()).includes(marker), { timeout: 60_000 }).toBe(true);
      expect(await catalogReads()).toBeGreaterThan(before);
    } finally {
      await stripe.products.update(PRODUCT_ID, { description: original.description ?? '' });
    }
  });
});
