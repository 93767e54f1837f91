import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { removeDir, sdk, startEmulator, tempDir } from './helpers';

// Before its SQLite state, Local Stripe kept state.json plus journal-<gen>.ndjson: such a dir is imported once.
const dirs: string[] = [];
let running: RunningStripeEmulator | null = null;

afterEach(async () => {
  await running?.close();
  running = null;
  for (const d of dirs.splice(0)) removeDir(d);
});

const product = (id: string, name: string): Record<string, unknown> => ({
  id, object: 'product', active: true, created: 1_900_000_000, default_price: null, description: null, images: [],
  livemode: false, marketing_features: [], metadata: {}, name, package_dimensions: null, shippable: null,
  statement_descriptor: null, tax_code: null, type: 'service', unit_label: null, updated: 1_900_000_000, url: null,
});

/** A data dir as the snapshot + journal persistence left it, with a torn last journal line (a crash). */
function legacyDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFileSync(join(dir, 'state.json'), JSON.stringify({
    version: 1,
    $journal: 3,
    products: { prod_legacy: product('prod_legacy', 'Legacy Lunch'), prod_gone: product('prod_gone', 'Removed later') },
    prices: {},
  }));
  const price = { id: 'price_legacy', object: 'price', active: true, currency: 'usd', product: 'prod_legacy', type: 'one_time', unit_amount: 1200, lookup_key: null, metadata: {} };
  writeFileSync(join(dir, 'journal-3.ndjson'), `${JSON.stringify({ c: 'prices', id: 'price_legacy', v: price })}\n${JSON.stringify({ c: 'products', id: 'prod_gone', d: 1 })}\n`);
  writeFileSync(join(dir, 'journal-4.ndjson'), `${JSON.stringify({ c: 'products', id: 'prod_legacy', v: product('prod_legacy', 'Legacy Lunch (renamed)') })}\n{"c":"prod`);
  return dir;
}

async function status(stripe: Stripe, id: string): Promise<number> {
  return stripe.products.retrieve(id).then(() => 200, (e: unknown) => (e as Stripe.errors.StripeError).statusCode ?? 0);
}

describe('a data dir from before the SQLite state', () => {
  it('is imported once (snapshot, then journals in order) instead of re-seeding, and kept renamed', async () => {
    const dir = legacyDir();
    running = await startEmulator({ dataDir: dir });
    let stripe = sdk(running);
    expect((await stripe.products.retrieve('prod_legacy')).name).toBe('Legacy Lunch (renamed)');
    expect((await stripe.prices.retrieve('price_legacy')).unit_amount).toBe(1200);
    expect(await status(stripe, 'prod_gone')).toBe(404);
    expect(await status(stripe, 'prod_taco_bar')).toBe(404);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
    expect(existsSync(join(dir, 'state.json.imported'))).toBe(true);
    expect(existsSync(join(dir, 'journal-4.ndjson.imported'))).toBe(true);

    await stripe.products.update('prod_legacy', { name: 'Edited after import' });
    await running.close();
    running = await startEmulator({ dataDir: dir });
    stripe = sdk(running);
    expect((await stripe.products.retrieve('prod_legacy')).name).toBe('Edited after import');
  });

  it('does not replace state the database already has', async () => {
    const dir = tempDir();
    dirs.push(dir);
    running = await startEmulator({ dataDir: dir });
    await running.close();
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ version: 1, products: { prod_legacy: product('prod_legacy', 'Legacy Lunch') } }));
    running = await startEmulator({ dataDir: dir });
    const stripe = sdk(running);
    expect(await status(stripe, 'prod_taco_bar')).toBe(200);
    expect(await status(stripe, 'prod_legacy')).toBe(404);
    expect(existsSync(join(dir, 'state.json.superseded'))).toBe(true);
  });
});
