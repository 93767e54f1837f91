import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { API_KEY, cardForm, postForm, removeDir, sdk, seededPrice, startEmulator, startReceiver, tempDir, type Receiver } from './helpers';

const SECRET = 'whsec_test_emulator_suite_secret';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: { dataDir?: string } = {}): Promise<{ emulator: RunningStripeEmulator; stripe: Stripe; receiver: Receiver }> {
  const receiver = await startReceiver();
  const emulator = await startEmulator({ webhookEndpoint: { url: receiver.url, secret: SECRET }, ...options });
  cleanups.push(() => receiver.close(), () => emulator.close());
  return { emulator, stripe: sdk(emulator), receiver };
}

async function paidSession(emulator: RunningStripeEmulator, stripe: Stripe): Promise<Stripe.Checkout.Session> {
  const price = await seededPrice(stripe, 'prod_grazing_board');
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: 'http://shop.test/thanks?session_id={CHECKOUT_SESSION_ID}',
  });
  const res = await postForm(`${emulator.url}/c/pay/${session.id}`, cardForm('4242424242424242'));
  expect(res.status).toBe(303);
  return stripe.checkout.sessions.retrieve(session.id);
}

describe('webhook delivery', () => {
  it('delivers signed events that constructEvent verifies', async () => {
    const { emulator, stripe, receiver } = await setup();
    const session = await paidSession(emulator, stripe);
    await emulator.waitForDeliveries(5000);
    const types = receiver.events().map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['charge.succeeded', 'payment_intent.succeeded', 'checkout.session.completed']));
    for (const r of receiver.received) {
      const event = Stripe.webhooks.constructEvent(r.body, r.signature, SECRET);
      expect(event.id).toMatch(/^evt_/);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
      expect(r.body).toBe(JSON.stringify(JSON.parse(r.body), null, 2));
    }
    const completed = receiver.events().find((e) => e.type === 'checkout.session.completed');
    expect((completed?.data.object as Stripe.Checkout.Session).id).toBe(session.id);
    expect(() => Stripe.webhooks.constructEvent(receiver.received[0]?.body ?? '', receiver.received[0]?.signature ?? '', 'whsec_wrong')).toThrow();
    // The order of creation: charge.succeeded, payment_intent.succeeded, checkout.session.completed.
    const listed = (await stripe.events.list({ limit: 5 })).data.map((e) => e.type).reverse();
    expect(listed.slice(-3)).toEqual(['charge.succeeded', 'payment_intent.succeeded', 'checkout.session.completed']);
  });

  it('retries after failures until a 2xx, then pending_webhooks is 0', async () => {
    const { emulator, stripe, receiver } = await setup();
    receiver.statuses.push(500, 503);
    const product = await stripe.products.create({ name: 'Retry me' });
    await emulator.waitForDeliveries(10_000);
    const attempts = receiver.events().filter((e) => e.type === 'product.created' && (e.data.object as Stripe.Product).id === product.id);
    expect(attempts).toHaveLength(3);
    for (const r of receiver.received) expect(Stripe.webhooks.constructEvent(r.body, r.signature, SECRET).type).toBe('product.created');
    const event = await stripe.events.retrieve(attempts[0]?.id ?? '');
    expect(event.pending_webhooks).toBe(0);
    expect((await stripe.events.list({ delivery_success: true })).data.map((e) => e.id)).toContain(event.id);
  });

  it('counts pending webhooks and filters delivery_success=false while failing', async () => {
    const { emulator, stripe, receiver } = await setup();
    for (let i = 0; i < 20; i++) receiver.statuses.push(500);
    const product = await stripe.products.create({ name: 'Failing' });
    await receiver.waitFor((events) => events.length >= 2);
    const [event] = (await stripe.events.list({ type: 'product.created', limit: 1 })).data;
    expect((event?.data.object as Stripe.Product).id).toBe(product.id);
    expect(event?.pending_webhooks).toBe(1);
    expect((await stripe.events.list({ delivery_success: false })).data.map((e) => e.id)).toContain(event?.id);
    expect(emulator.apiRequestCount()).toBeGreaterThan(0);
  });

  it('keeps pending deliveries across a restart', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    // retryScale 1: the first failure schedules the retry minutes out, so this instance cannot send it.
    const first = await startEmulator({ dataDir: dir, retryScale: 1, webhookEndpoint: { url: receiver.url, secret: SECRET } });
    receiver.statuses.push(500);
    await sdk(first).products.create({ name: 'Survivor' });
    await receiver.waitFor((events) => events.length === 1);
    await first.close();
    // A day later by the restarted instance's clock: the stored retry is overdue and only it can send it.
    const second = await startEmulator({ dataDir: dir, retryScale: 1, clock: () => Date.now() + 86_400_000, webhookEndpoint: { url: receiver.url, secret: SECRET } });
    cleanups.push(() => second.close());
    await receiver.waitFor((events) => events.length === 2);
    await second.waitForDeliveries(5000);
    const [original, retry] = receiver.events();
    expect([original?.type, retry?.type]).toEqual(['product.created', 'product.created']);
    expect(retry?.id).toBe(original?.id);
    expect((await sdk(second).events.retrieve(original?.id ?? '')).pending_webhooks).toBe(0);
    // The configured endpoint is not duplicated across restarts.
    expect((await sdk(second).webhookEndpoints.list()).data).toHaveLength(1);
  });
});

describe('webhook endpoints API', () => {
  it('creates (secret only on create), updates, lists and deletes', async () => {
    const emulator = await startEmulator();
    cleanups.push(() => emulator.close());
    const stripe = sdk(emulator);
    const created = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', enabled_events: ['checkout.session.completed'] });
    expect(created.secret).toMatch(/^whsec_/);
    const got = await stripe.webhookEndpoints.retrieve(created.id);
    expect(got.secret).toBeUndefined();
    const updated = await stripe.webhookEndpoints.update(created.id, { disabled: true, enabled_events: ['*'] });
    expect(updated.status).toBe('disabled');
    expect(updated.enabled_events).toEqual(['*']);
    expect((await stripe.webhookEndpoints.list()).data).toHaveLength(1);
    const deleted = await stripe.webhookEndpoints.del(created.id);
    expect(deleted).toMatchObject({ id: created.id, deleted: true });
  });
});

describe('refunds and events', () => {
  it('refunds partially then fully and refuses over-refunds', async () => {
    const { emulator, stripe, receiver } = await setup();
    const session = await paidSession(emulator, stripe);
    const piId = session.payment_intent as string;
    const partial = await stripe.refunds.create({ payment_intent: piId, amount: 900 });
    expect(partial.amount).toBe(900);
    const pi = await stripe.paymentIntents.retrieve(piId);
    let charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.amount_refunded).toBe(900);
    expect(charge.refunded).toBe(false);
    await expect(stripe.refunds.create({ charge: charge.id, amount: 28900 })).rejects.toMatchObject({ param: 'amount' });
    const rest = await stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(28000);
    charge = await stripe.charges.retrieve(charge.id);
    expect(charge.refunded).toBe(true);
    await emulator.waitForDeliveries(5000);
    const types = receiver.events().map((e) => e.type);
    expect(types.filter((t) => t === 'refund.created')).toHaveLength(2);
    expect(types.filter((t) => t === 'charge.refunded')).toHaveLength(2);
  });

  it('filters events by type, types[] and created', async () => {
    const { stripe } = await setup();
    await stripe.products.create({ name: 'Filter A' });
    await stripe.prices.create({ product: 'prod_taco_bar', unit_amount: 10, currency: 'usd' });
    const byType = await stripe.events.list({ type: 'price.created' });
    expect(byType.data.every((e) => e.type === 'price.created')).toBe(true);
    expect(byType.data.length).toBeGreaterThan(0);
    const byTypes = await stripe.events.list({ types: ['product.created', 'price.created'] });
    expect(new Set(byTypes.data.map((e) => e.type))).toEqual(new Set(['product.created', 'price.created']));
    const now = Math.floor(Date.now() / 1000);
    expect((await stripe.events.list({ created: { gte: now - 60 } })).data.length).toBeGreaterThanOrEqual(2);
    expect((await stripe.events.list({ created: { lt: now - 3600 } })).data).toHaveLength(0);
    const wildcard = await stripe.events.list({ type: 'product.*' });
    expect(wildcard.data.every((e) => e.type.startsWith('product.'))).toBe(true);
  });
});

function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(process.cwd(), 'node_modules/.bin/stripe'), args, {
      env: { ...process.env, STRIPE_CLI_TELEMETRY_OPTOUT: '1' },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('Stripe CLI', () => {
  it.each([
    ['checkout.session.completed', 'checkout.session.completed'],
    ['checkout.session.expired', 'checkout.session.expired'],
    ['charge.refunded', 'charge.refunded'],
    ['payment_intent.payment_failed', 'payment_intent.payment_failed'],
    ['checkout.session.async_payment_succeeded', 'checkout.session.async_payment_succeeded'],
    ['checkout.session.async_payment_failed', 'checkout.session.async_payment_failed'],
  ])('stripe trigger %s works against the emulator', async (trigger, expected) => {
    const { emulator, receiver } = await setup();
    // The CLI rejects `localhost` as an API base; the IP form works.
    const { code, output } = await runCli(['trigger', trigger, '--api-base', `http://127.0.0.1:${emulator.port}`, '--api-key', API_KEY]);
    expect(code, output).toBe(0);
    await receiver.waitFor((events) => events.some((e) => e.type === expected), 5000);
  });
});
