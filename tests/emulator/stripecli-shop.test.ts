// The shop's real webhook handler behind the official `stripe listen`, as `npm run dev -- --stripe-listen` wires it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { SHOP_WEBHOOK_EVENTS, disableDirectDelivery, printSecret, type StripeCliTarget } from '@/scripts/lib/stripe-listen';
import { payOnHostedPage } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';
import { cliTarget, removeCliConfigs, runCli, startListen, until, type CliProcess } from './stripecli-harness';

let shop: TestShop;
let target: StripeCliTarget;
let listen: CliProcess;

beforeAll(async () => {
  shop = await startTestShop();
  target = { ...cliTarget(shop.emulator), apiKey: 'sk_test_integration_suite' };
  // Only the CLI delivers: the endpoint the test shop registered is switched off, and the shop
  // verifies with the secret `--print-secret` reports.
  await disableDirectDelivery(target, shop.webhookUrl);
  shop.webhookDeps.webhookSecret = await printSecret(target);
  listen = await startListen(target, shop.webhookUrl, [...SHOP_WEBHOOK_EVENTS]);
}, 60_000);

afterAll(async () => {
  await listen?.stop();
  await shop?.close();
  removeCliConfigs();
});

async function completedEventFor(sessionId: string): Promise<Stripe.Event | undefined> {
  const events = await shop.stripe.events.list({ type: 'checkout.session.completed', limit: 100 });
  return events.data.find((e) => (e.data.object as Stripe.Checkout.Session).id === sessionId);
}

describe('the shop behind stripe listen', () => {
  it('records a paid order from a hosted-page purchase, and a resend is a recorded duplicate', async () => {
    const price = (await shop.stripe.prices.list({ product: 'prod_taco_bar', active: true })).data[0];
    const result = await createCheckout(shop.checkoutDeps, { lines: [{ priceId: price?.id ?? '', quantity: 2 }], deliveryDate: daysFromNow(3) });
    if (!result.ok) throw new Error(result.error.message);
    expect((await payOnHostedPage(result.url, '4242424242424242')).status).toBe(303);

    await until('the order is paid through the CLI', async () => (await shop.store.getOrder(result.sessionId))?.status === 'paid');
    const event = await completedEventFor(result.sessionId);
    if (!event) throw new Error('no checkout.session.completed event');
    // The order can turn paid from payment_intent.succeeded first: wait for this event's own record.
    await until('the completed event is processed', async () => (await shop.store.getEvent(event.id))?.status === 'processed');
    await until('the attempt is recorded', () => shop.emulator.stripeCli.deliveryAttempts(event.id).length === 1);
    expect(shop.emulator.stripeCli.deliveryAttempts(event.id)[0]).toMatchObject({ status: 200, forwardUrl: shop.webhookUrl });
    // Nothing went directly: the only delivery of the event was through the CLI.
    expect((await shop.stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);

    const resend = runCli(target, ['events', 'resend', event.id]);
    expect(await resend.exited, resend.output()).toBe(0);
    await until('the resent copy is answered', () => shop.emulator.stripeCli.deliveryAttempts(event.id).length === 2);
    const second = shop.emulator.stripeCli.deliveryAttempts(event.id)[1];
    expect(second?.status).toBe(200);
    expect(JSON.parse(second?.body ?? '{}')).toEqual({ received: true, duplicate: true });
    const order = await shop.store.getOrder(result.sessionId);
    expect(order?.history.filter((change) => change.status === 'paid')).toHaveLength(1);
  });
});
