// The official Stripe CLI (devDependencies) against Local Stripe: listen, --print-secret, events resend, logs tail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { printSecret, type StripeCliTarget } from '@/scripts/lib/stripe-listen';
import { payOnHostedPage } from '../support/hosted-checkout';
import { removeDir, sdk, seededPrice, startEmulator, tempDir } from './helpers';
import { cliTarget, runCli, startListen, startVerifyingReceiver, until, type CliProcess, type VerifyingReceiver } from './stripecli-harness';

const PURCHASE_EVENTS = ['checkout.session.completed', 'payment_intent.succeeded', 'charge.succeeded'];

let dataDir: string;
let emulator: RunningStripeEmulator;
let stripe: Stripe;
let target: StripeCliTarget;
let receiver: VerifyingReceiver;
let listen: CliProcess;
let readySecret = '';

beforeAll(async () => {
  dataDir = tempDir();
  // Reconnects (and the duplicates they may cause) are the resilience tests' subject; counts here stay exact.
  emulator = await startEmulator({ dataDir, stripeCliReconnectDelaySeconds: 3600 });
  stripe = sdk(emulator);
  target = cliTarget(emulator);
  receiver = await startVerifyingReceiver(() => readySecret);
  listen = await startListen(target, receiver.url, [...PURCHASE_EVENTS, 'product.created']);
  readySecret = listen.output().match(/signing secret is (whsec_\w+)/)?.[1] ?? '';
}, 60_000);

afterAll(async () => {
  await listen?.stop();
  await receiver?.close();
  await emulator?.close();
  removeDir(dataDir);
});

describe('stripe listen against Local Stripe', () => {
  it('prints Ready with the signing secret', () => {
    expect(listen.output()).toMatch(/Ready! You are using Stripe API Version \[2026-10-28\.endive\]\. Your webhook signing secret is whsec_/);
    expect(readySecret).toBe(emulator.stripeCli.secret);
  });

  it('--print-secret prints the secret deliveries are signed with, and it survives a restart', async () => {
    expect(await printSecret(target)).toBe(readySecret);
    const again = await startEmulator({ dataDir });
    try {
      expect(again.stripeCli.secret).toBe(readySecret);
    } finally {
      await again.close();
    }
  });

  it("forwards a hosted-page purchase's events, each passing constructEvent, and settles them", async () => {
    const price = await seededPrice(stripe, 'prod_breakfast_spread');
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'http://shop.test/thanks?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://shop.test/cart',
    });
    const paid = await payOnHostedPage(`${emulator.url}/c/pay/${session.id}`, '4242424242424242');
    expect(paid.status).toBe(303);
    const completed = (): Stripe.Event | undefined =>
      receiver.applied.find((e) => e.type === 'checkout.session.completed' && (e.data.object as Stripe.Checkout.Session).id === session.id);
    await until('checkout.session.completed through the CLI', () => completed() !== undefined);
    const types = (): Set<string> => new Set(receiver.applied.map((e) => e.type));
    await until('the payment events', () => PURCHASE_EVENTS.every((t) => types().has(t)));
    expect(receiver.rejected).toBe(0);
    expect((completed()?.data.object as Stripe.Checkout.Session).payment_status).toBe('paid');
    // The CLI's webhook_response is the delivery attempt: nothing stays pending or undelivered.
    const eventId = completed()?.id ?? '';
    await until('pending_webhooks back to 0', async () => (await stripe.events.retrieve(eventId)).pending_webhooks === 0);
    const undelivered = await stripe.events.list({ delivery_success: false, limit: 100 });
    expect(undelivered.data.map((e) => e.id)).not.toContain(eventId);
    expect(listen.output()).toContain(`<--  [200] POST ${receiver.url} [${eventId}]`);
  });

  it('forwards what stripe trigger creates', async () => {
    const trigger = runCli(target, ['trigger', 'checkout.session.completed']);
    expect(await trigger.exited, trigger.output()).toBe(0);
    const latest = (await stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data[0];
    expect(latest?.request?.id).toMatch(/^req_/); // created by the CLI's API calls, not by the hosted page
    await until('the triggered checkout.session.completed', () => receiver.deliveries.has(latest?.id ?? ''));
    expect(receiver.rejected).toBe(0);
  });

  it('listen --latest gets the copy for the latest API version, once', async () => {
    const latestUrl = `${receiver.url}?listener=latest`;
    const latest = runCli(target, ['listen', '--skip-update', '--latest', '--forward-to', latestUrl, '--events', 'product.created']);
    try {
      await latest.waitForOutput(/Ready!/);
      const product = await stripe.products.create({ name: 'For the latest listener' });
      const event = (await stripe.events.list({ type: 'product.created', limit: 1 })).data[0];
      expect((event?.data.object as Stripe.Product | undefined)?.id).toBe(product.id);
      // One copy to each listener: the default one and the --latest one.
      await until('both listeners answered', () => emulator.stripeCli.deliveryAttempts(event?.id ?? '').length === 2);
      expect(emulator.stripeCli.deliveryAttempts(event?.id ?? '').map((a) => a.forwardUrl).sort()).toEqual([receiver.url, latestUrl].sort());
      expect(receiver.deliveries.get(event?.id ?? '')).toBe(2);
    } finally {
      await latest.stop();
    }
  });

  it('stripe events resend delivers the event again, freshly signed', async () => {
    const product = await stripe.products.create({ name: 'Resend me' });
    const created = (): Stripe.Event | undefined =>
      receiver.applied.find((e) => e.type === 'product.created' && (e.data.object as Stripe.Product).id === product.id);
    await until('product.created through the CLI', () => created() !== undefined);
    const eventId = created()?.id ?? '';
    expect(receiver.deliveries.get(eventId)).toBe(1);
    const resend = runCli(target, ['events', 'resend', eventId]);
    expect(await resend.exited, resend.output()).toBe(0);
    expect(resend.output()).toContain(eventId);
    await until('the resent copy', () => receiver.deliveries.get(eventId) === 2);
    expect(receiver.rejected).toBe(0);
  });

  it('stripe events resend of an unknown event fails like Stripe', async () => {
    const resend = runCli(target, ['events', 'resend', 'evt_does_not_exist']);
    await resend.exited; // the CLI prints API errors and exits 0
    expect(resend.output()).toContain("No such event: 'evt_does_not_exist'");
    expect(resend.output()).toContain('resource_missing');
  });

  it('stripe logs tail shows a failed API request with its error', async () => {
    const tail = runCli(target, ['logs', 'tail']);
    try {
      await tail.waitForOutput(/Ready! You're now waiting to receive API request logs/);
      await expect(stripe.prices.retrieve('price_missing_for_tail')).rejects.toThrow(/No such price/);
      await tail.waitForOutput(/\[404\] GET \/v1\/prices\/price_missing_for_tail \[req_\w+\]/);
      await tail.waitForOutput(/Message: No such price: 'price_missing_for_tail'/);
      // The CLI's own session calls are not shown.
      expect(tail.output()).not.toContain('/v1/stripecli/sessions');
    } finally {
      await tail.stop();
    }
  });

  it('stripe logs tail applies filters on the server', async () => {
    const tail = runCli(target, ['logs', 'tail', '--filter-status-code-type', '4XX']);
    try {
      await tail.waitForOutput(/Ready!/);
      await stripe.products.list({ limit: 1 });
      await expect(stripe.products.retrieve('prod_missing_for_filter')).rejects.toThrow();
      await tail.waitForOutput(/\[404\] GET \/v1\/products\/prod_missing_for_filter/);
      expect(tail.output()).not.toMatch(/\[200\] GET \/v1\/products/);
    } finally {
      await tail.stop();
    }
  });
});
