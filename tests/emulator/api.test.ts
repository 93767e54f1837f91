import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { API_KEY, removeDir, sdk, startEmulator, tempDir } from './helpers';

let emulator: RunningStripeEmulator;
let stripe: Stripe;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  emulator = await startEmulator({ dataDir: dir, siteUrl: 'http://shop.test' });
  stripe = sdk(emulator);
});
afterAll(async () => {
  await emulator.close();
  removeDir(dir);
});

describe('catalog', () => {
  it('lists the seeded catalog with products expanded', async () => {
    const prices = await stripe.prices.list({ active: true, expand: ['data.product'], limit: 100 });
    const names = prices.data.map((p) => (p.product as Stripe.Product).name);
    expect(names).toEqual(expect.arrayContaining(['Sunrise Breakfast Spread', 'Petite Dessert Table']));
    const taco = prices.data.find((p) => (p.product as Stripe.Product).id === 'prod_taco_bar');
    expect(taco?.unit_amount).toBe(32000);
    expect(taco?.currency).toBe('usd');
    const product = taco?.product as Stripe.Product;
    expect(product.metadata).toEqual({ serves: '15' });
    expect(product.images).toEqual(['http://shop.test/images/products/taco-bar.svg']);
  });

  it('expands into a copy: the stored price and its nested expansions are unchanged afterwards', async () => {
    const price = (await stripe.prices.list({ limit: 1 })).data[0];
    if (!price) throw new Error('no seeded price');
    const expanded = await stripe.prices.retrieve(price.id, { expand: ['product'] });
    expect(typeof expanded.product).toBe('object');
    const plain = await stripe.prices.retrieve(price.id);
    expect(plain.product).toBe((expanded.product as Stripe.Product).id);
    const session = await stripe.checkout.sessions.create({ mode: 'payment', success_url: 'http://shop.test/ok', line_items: [{ price: price.id, quantity: 1 }] });
    await stripe.checkout.sessions.listLineItems(session.id, { expand: ['data.price.product'] });
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data[0]?.price?.product).toBe(plain.product);
  });

  it('filters by active', async () => {
    const product = await stripe.products.create({ name: 'Retired platter', active: false });
    const active = await stripe.products.list({ active: true, limit: 100 });
    const inactive = await stripe.products.list({ active: false, limit: 100 });
    expect(active.data.map((p) => p.id)).not.toContain(product.id);
    expect(inactive.data.map((p) => p.id)).toContain(product.id);
  });

  it('paginates newest first with starting_after / ending_before', async () => {
    const first = await stripe.products.list({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const second = await stripe.products.list({ limit: 2, starting_after: first.data[1]?.id });
    expect(second.data[0]?.id).not.toBe(first.data[1]?.id);
    const back = await stripe.products.list({ limit: 2, ending_before: second.data[0]?.id });
    expect(back.data.map((p) => p.id)).toEqual(first.data.map((p) => p.id));
    const all: string[] = [];
    for await (const p of stripe.products.list({ limit: 3 })) all.push(p.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('prod_breakfast_spread');
  });

  it('creates and updates products and prices, emitting events', async () => {
    const product = await stripe.products.create({ id: 'prod_test_soup', name: 'Soup', metadata: { serves: '4' } });
    expect(product.id).toBe('prod_test_soup');
    const price = await stripe.prices.create({ product: product.id, unit_amount: 1234, currency: 'usd', nickname: 'Pot' });
    expect(price.unit_amount).toBe(1234);
    const updated = await stripe.products.update(product.id, { name: 'Tomato Soup' });
    expect(updated.name).toBe('Tomato Soup');
    await stripe.prices.update(price.id, { active: false, metadata: { a: 'b' } });
    const events = await stripe.events.list({ limit: 10 });
    const types = events.data.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['product.created', 'product.updated', 'price.created', 'price.updated']));
    const priceUpdated = events.data.find((e) => e.type === 'price.updated');
    expect(priceUpdated?.data.previous_attributes).toMatchObject({ active: true });
    expect(priceUpdated?.api_version).toBe('2026-10-28.endive');
    await expect(stripe.prices.update(price.id, { unit_amount: 5 } as Stripe.PriceUpdateParams)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'unit_amount',
    });
  });

  it('returns 404 resource_missing for unknown ids', async () => {
    const err = await stripe.prices.retrieve('price_nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: 'resource_missing', message: "No such price: 'price_nope'" });
  });

  it('rejects unknown parameters', async () => {
    const err = await stripe.products.create({ name: 'x', bogus: 'y' } as Stripe.ProductCreateParams).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ message: 'Received unknown parameter: bogus', param: 'bogus' });
  });
});

describe('auth and protocol', () => {
  it('answers 401 without a key, and with a bad key', async () => {
    const none = await fetch(`${emulator.url}/v1/products`);
    expect(none.status).toBe(401);
    const body = (await none.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^You did not provide an API key/);
    const bad = await fetch(`${emulator.url}/v1/products`, { headers: { Authorization: 'Bearer pk_live_nope' } });
    expect(bad.status).toBe(401);
    const basic = await fetch(`${emulator.url}/v1/products`, {
      headers: { Authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}` },
    });
    expect(basic.status).toBe(200);
    expect(basic.headers.get('request-id')).toMatch(/^req_/);
    expect(basic.headers.get('stripe-version')).toBeTruthy();
  });

  it('surfaces SDK authentication errors', async () => {
    const bad = new Stripe('sk_test_x', { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0 });
    await expect(bad.products.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('replays idempotent POSTs and rejects reused keys with other params', async () => {
    const before = (await stripe.products.list({ limit: 100 })).data.length;
    const a = await stripe.products.create({ name: 'Idem' }, { idempotencyKey: 'idem-1' });
    const b = await stripe.products.create({ name: 'Idem' }, { idempotencyKey: 'idem-1' });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await stripe.products.list({ limit: 100 })).data.length).toBe(before + 1);
    await expect(stripe.products.create({ name: 'Other' }, { idempotencyKey: 'idem-1' })).rejects.toBeInstanceOf(
      Stripe.errors.StripeIdempotencyError,
    );
  });

  it('serves the dev controls', async () => {
    expect(await (await fetch(`${emulator.url}/_emulator/health`)).json()).toEqual({ ok: true });
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { apiRequests: number };
    expect(stats.apiRequests).toBe(emulator.apiRequestCount());
    expect(stats.apiRequests).toBeGreaterThan(5);
  });

  it('never crashes on malformed input', async () => {
    const res = await fetch(`${emulator.url}/v1/checkout/sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'line_items=%E0%A4%A&mode[x]=1&&=',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    expect((await fetch(`${emulator.url}/_emulator/health`)).status).toBe(200);
  });
});

describe('persistence', () => {
  it('keeps state across a restart with the same dataDir', async () => {
    const d = tempDir();
    try {
      const first = await startEmulator({ dataDir: d });
      const s1 = sdk(first);
      const product = await s1.products.create({ name: 'Persisted quiche' });
      const session = await s1.checkout.sessions.create({
        mode: 'payment',
        success_url: 'http://shop.test/ok?session_id={CHECKOUT_SESSION_ID}',
        line_items: [{ price: (await s1.prices.list({ product: 'prod_mezze_platter' })).data[0]?.id ?? '', quantity: 1 }],
      });
      await first.close();
      const second = await startEmulator({ dataDir: d });
      const s2 = sdk(second);
      expect((await s2.products.retrieve(product.id)).name).toBe('Persisted quiche');
      expect((await s2.checkout.sessions.retrieve(session.id)).amount_total).toBe(24500);
      // Not re-seeded: still exactly one mezze platter price.
      expect((await s2.prices.list({ product: 'prod_mezze_platter' })).data).toHaveLength(1);
      await second.close();
    } finally {
      removeDir(d);
    }
  });
});
