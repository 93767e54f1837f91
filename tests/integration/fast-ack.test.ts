import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { cognitoLocalClient, startCognitoLocal, type RunningCognitoLocal } from '@/emulators/cognito/start-cognito-local';
import { CognitoAccountProvisioner } from '@/lib/adapters/cognito/cognito-provisioner';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { countingStore } from '../support/counting-store';
import { freePort } from '../support/free-port';
import { payOnHostedPage } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

let shop: TestShop | undefined;
let cognito: RunningCognitoLocal | undefined;

afterEach(async () => {
  await shop?.close();
  shop = undefined;
});
afterAll(async () => {
  await cognito?.stop();
});

/** Pays for one package with Local Stripe's own deliveries switched off; returns the paid event to deliver by hand. */
async function paidEventWithoutDelivery(target: TestShop, email: string): Promise<Stripe.Event> {
  const endpoints = await target.stripe.webhookEndpoints.list();
  for (const endpoint of endpoints.data) await target.stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
  const catalog = await target.checkoutDeps.loadCatalog();
  const checkout = await createCheckout(target.checkoutDeps, { lines: [{ priceId: catalog[0]!.priceId, quantity: 1 }], deliveryDate: daysFromNow(3) });
  if (!checkout.ok) throw new Error(checkout.error.message);
  expect((await payOnHostedPage(checkout.url, '4242424242424242', { email })).status).toBe(303);
  const events = await target.stripe.events.list({ type: 'checkout.session.completed', limit: 10 });
  const event = events.data.find((candidate) => (candidate.data.object as Stripe.Checkout.Session).id === checkout.sessionId);
  if (!event) throw new Error('no checkout.session.completed event');
  return event;
}

function deliver(target: TestShop, event: Stripe.Event): Promise<Response> {
  const payload = JSON.stringify(event, null, 2);
  return fetch(target.webhookUrl, {
    method: 'POST',
    body: payload,
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: target.webhookSecret }) },
  });
}

describe('fast acknowledgement: follow-ups run after the response', () => {
  it('answers 200 while Cognito is down; the account appears once Cognito is back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-fastack-'));
    const port = await freePort();
    cognito = await startCognitoLocal({ dataDir, port });
    const { userPoolId, endpoint } = cognito;
    const mailbox = LocalMailbox.open(':memory:');
    const accounts = new CognitoAccountProvisioner(cognitoLocalClient(endpoint), userPoolId, { by: 'mailer', mailer: mailbox, siteUrl: 'http://shop.test' });
    // Never parked during this test: however long cognito-local takes to come back, the job keeps retrying.
    shop = await startTestShop({ accounts, mailbox, retryPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 1_000_000 } });
    const event = await paidEventWithoutDelivery(shop, 'hopper@example.com');
    const sessionId = (event.data.object as Stripe.Checkout.Session).id;
    const key = `order-paid:${sessionId}`;

    await cognito.stop();
    cognito = undefined;
    const response = await deliver(shop, event);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    expect(await shop.store.getOrder(sessionId)).toMatchObject({ status: 'paid', owner: null });

    // The worker tries, fails against the stopped pool and schedules retries.
    const target = shop;
    await vi.waitFor(async () => expect((await target.store.getFollowUp(key))?.lastError).toBeTruthy(), { timeout: 30_000, interval: 20 });
    expect(await target.store.getFollowUp(key)).toMatchObject({ status: 'pending' });

    cognito = await startCognitoLocal({ dataDir, port });
    expect(cognito.userPoolId).toBe(userPoolId);
    await target.drainFollowUps();
    expect(await target.store.getFollowUp(key)).toMatchObject({ status: 'done' });
    const users = await cognitoLocalClient(cognito.endpoint).send(new ListUsersCommand({ UserPoolId: userPoolId }));
    const hopper = (users.Users ?? []).filter((user) => user.Attributes?.some((attribute) => attribute.Name === 'email' && attribute.Value === 'hopper@example.com'));
    expect(hopper).toHaveLength(1);
    expect((await target.store.getOrder(sessionId))?.owner).toMatch(/::/);
    // The invitation (once Cognito is back) and the receipt every paid buyer gets, each exactly once.
    const orderNumber = (await target.store.getOrder(sessionId))?.orderNumber;
    expect(orderNumber).toMatch(/^HT-/);
    expect((await mailbox.list()).filter((mail) => mail.to === 'hopper@example.com').map((mail) => mail.subject).sort()).toEqual([
      `Order ${orderNumber} confirmed — Harvest Table Catering`,
      'Your Harvest Table Catering account',
    ]);
    expect(await target.store.getEvent(event.id)).toMatchObject({ status: 'processed', attempts: 1 });
  }, 120_000);

  it('a duplicate delivery writes nothing to the store', async () => {
    const counting = countingStore(SqliteOrderStore.open(':memory:'));
    shop = await startTestShop({ store: counting.store });
    const event = await paidEventWithoutDelivery(shop, 'lamarr@example.com');
    expect((await deliver(shop, event)).status).toBe(200);
    await shop.drainFollowUps();
    const writesAfterFirst = counting.writes();
    expect(writesAfterFirst).toBeGreaterThan(0);

    const copies = await Promise.all(Array.from({ length: 5 }, () => deliver(shop!, event)));
    expect(copies.map((copy) => copy.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await Promise.all(copies.map((copy) => copy.json()))).toEqual(Array(5).fill({ received: true, duplicate: true }));
    await shop.drainFollowUps();
    expect(counting.writes()).toBe(writesAfterFirst);
  }, 60_000);
});
