import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import Stripe from 'stripe';
import { CATALOG } from '../../emulators/stripe/seed/catalog';
import { freePort } from '../support/free-port';
import { expect, test } from './fixtures';

const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 12112);
const stripeAt = (port: number) => new Stripe('sk_test_local_emulator_key', { host: '127.0.0.1', port, protocol: 'http' });
const stripe = stripeAt(stripePort);
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

interface OwnShop {
  url: string;
  stop(): Promise<void>;
}

/**
 * The built shop served again by its launcher (`preview --no-build --fresh`: Local Stripe reseeded) on ports of
 * its own, beside the suite's server; ready when /api/health answers. Its output is kept for a failure message.
 */
async function startOwnShop(ports: { shop: number; stripe: number; cognito: number }): Promise<OwnShop> {
  const url = `http://localhost:${ports.shop}`;
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/preview.ts', '--no-build', '--fresh'], {
    env: {
      ...process.env,
      PORT: String(ports.shop),
      NEXT_PUBLIC_SITE_URL: url,
      STRIPE_EMULATOR_PORT: String(ports.stripe),
      COGNITO_LOCAL_PORT: String(ports.cognito),
      LOCAL_DATA_DIR: '.data/e2e-restart',
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // The launcher stops its children and frees their ports on SIGTERM, then exits.
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await expect
      .poll(
        async () => {
          if (child.exitCode !== null) throw new Error(`the launcher exited (${child.exitCode}):\n${output}`);
          return fetch(`${url}/api/health`).then((response) => response.ok, () => false);
        },
        { timeout: 120_000 },
      )
      .toBe(true);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

test.describe('cached catalog across a restart', () => {
  test("a restart against a reseeded Local Stripe shows Stripe's catalog, never the last run's page", async () => {
    // Two starts of the whole stack on a busy machine; every wait inside is for a condition.
    test.setTimeout(300_000);
    const ports = { shop: await freePort(), stripe: await freePort(), cognito: await freePort() };
    const seeded = CATALOG.find((item) => item.id === PRODUCT_ID)!.description;
    const marker = `Only in the first run ${randomUUID()}`;

    let shop = await startOwnShop(ports);
    try {
      await stripeAt(ports.stripe).products.update(PRODUCT_ID, { description: marker });
      await expect.poll(async () => (await (await fetch(shop.url)).text()).includes(marker), { timeout: 60_000 }).toBe(true);
    } finally {
      await shop.stop();
    }

    // --fresh reseeds Local Stripe: the marker exists nowhere but in whatever the first run cached.
    shop = await startOwnShop(ports);
    try {
      const html = await (await fetch(shop.url)).text();
      expect(html.includes(marker), "the first run's description").toBe(false);
      expect(html.includes(seeded), "Local Stripe's seeded description").toBe(true);
    } finally {
      await shop.stop();
    }
  });
});
