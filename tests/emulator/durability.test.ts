import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { freePort } from '../support/free-port';
import { API_KEY, removeDir, tempDir } from './helpers';

const CLI = path.join(__dirname, '../../emulators/stripe/cli.ts');

/** Polls a condition (no fixed pauses); the cap only keeps a broken run from hanging. */
async function until(condition: () => Promise<boolean> | boolean, what: string, capMs = 60_000): Promise<void> {
  const deadline = Date.now() + capMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/_emulator/health`)).ok;
  } catch {
    return false;
  }
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) removeDir(d);
});

/** Local Stripe as its own process (what `npm run dev` runs), so it can really be killed. */
async function startProcess(dataDir: string, port: number, webhookUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
    env: {
      ...process.env,
      STRIPE_EMULATOR_PORT: String(port),
      STRIPE_EMULATOR_DATA_DIR: dataDir,
      STRIPE_WEBHOOK_URL: webhookUrl,
      STRIPE_WEBHOOK_SECRET: 'whsec_durability_test',
      STRIPE_WEBHOOK_RETRY_SCALE: '100', // failed deliveries stay pending for the whole test
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  await until(() => healthy(port), 'Local Stripe to start');
  return child;
}

describe('durable state: kill -9 under load, then restart', () => {
  it('keeps every acknowledged write, whole, and nothing half-written', { timeout: 180_000 }, async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const port = await freePort();
    const nobody = `http://127.0.0.1:${await freePort()}/webhooks`; // nothing listens: deliveries stay pending
    const child = await startProcess(dataDir, port, nobody);
    const stripe = new Stripe(API_KEY, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
    const seeded = (await stripe.prices.list({ limit: 1 })).data[0]?.id ?? '';

    const acked = { prices: [] as Stripe.Price[], sessions: [] as string[], products: [] as Stripe.Product[] };
    let killed = false;
    const worker = async (w: number): Promise<void> => {
      // Each worker updates its own product: its acknowledgements are in the order the writes happened
      // (two workers' concurrent updates may be answered in either order).
      let mine: Stripe.Product | undefined;
      for (let i = 0; !killed; i++) {
        try {
          if (i % 3 === 0) {
            // Product, price and two events in one request.
            acked.prices.push(await stripe.prices.create({ currency: 'usd', unit_amount: 1000 + i, product_data: { name: `w${w}-${i}` } }));
          } else if (i % 3 === 1) {
            const s = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: seeded, quantity: 1 + (i % 5) }], success_url: 'http://shop.test/ok' });
            acked.sessions.push(s.id);
          } else {
            mine ??= await stripe.products.create({ name: `base-${w}` });
            mine = await stripe.products.update(mine.id, { metadata: { n: String(i) } });
            acked.products.push(mine);
          }
        } catch {
          return; // the process is gone: requests in flight were never acknowledged
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    await until(() => acked.prices.length + acked.sessions.length + acked.products.length >= 150, 'enough acknowledged writes');
    killed = true;
    child.kill('SIGKILL'); // while requests are still in flight
    await load;
    await until(() => child.signalCode !== null, 'the process to die');

    await startProcess(dataDir, port, nobody);
    for (const price of acked.prices) {
      const again = await stripe.prices.retrieve(price.id, { expand: ['product'] });
      expect(again.unit_amount).toBe(price.unit_amount);
      expect((again.product as Stripe.Product).id).toBe(price.product);
    }
    for (const id of acked.sessions) {
      const items = await stripe.checkout.sessions.listLineItems(id);
      expect(items.data).toHaveLength(1);
    }
    // The last acknowledged update of each product is what is stored.
    const latest = new Map(acked.products.map((p) => [p.id, p.metadata['n']]));
    for (const [id, n] of latest) expect((await stripe.products.retrieve(id)).metadata['n']).toBe(n);

    // Nothing half-written: every stored session has its line items, every stored price its product,
    // every event its pending delivery bookkeeping.
    for await (const s of stripe.checkout.sessions.list({ limit: 100 })) {
      expect((await stripe.checkout.sessions.listLineItems(s.id)).data.length).toBeGreaterThan(0);
    }
    for await (const p of stripe.prices.list({ limit: 100 })) expect((await stripe.products.retrieve(String(p.product))).id).toBe(p.product);
    const created = new Set<string>();
    for await (const e of stripe.events.list({ type: 'price.created', limit: 100 })) created.add((e.data.object as Stripe.Price).id);
    for (const price of acked.prices) expect(created.has(price.id)).toBe(true);
    const stats = (await (await fetch(`http://127.0.0.1:${port}/_emulator/stats`)).json()) as { pendingDeliveries: number };
    expect(stats.pendingDeliveries).toBeGreaterThanOrEqual(acked.prices.length * 2); // retries survive too
  });
});
