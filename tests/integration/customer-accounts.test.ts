import { AdminGetUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoAccountProvisioner } from '@/lib/adapters/cognito/cognito-provisioner';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { cognitoLocalClient, startCognitoLocal, type RunningCognitoLocal } from '@/emulators/cognito/start-cognito-local';
import { freePort } from '../support/free-port';
import { payOnHostedPage } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

let cognito: RunningCognitoLocal;
let shop: TestShop;
let mailbox: LocalMailbox;
let provisionFailuresLeft = 0;

beforeAll(async () => {
  cognito = await startCognitoLocal({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-')), port: await freePort() });
  mailbox = LocalMailbox.open(':memory:');
  const real = new CognitoAccountProvisioner(cognitoLocalClient(cognito.endpoint), cognito.userPoolId, {
    by: 'mailer',
    mailer: mailbox,
    siteUrl: 'http://shop.test',
  });
  shop = await startTestShop({
    mailbox,
    accounts: {
      provision(buyer) {
        if (provisionFailuresLeft > 0) {
          provisionFailuresLeft--;
          return Promise.reject(new Error('cognito unavailable (injected)'));
        }
        return real.provision(buyer);
      },
    },
  });
}, 60_000);

afterAll(async () => {
  await shop?.close();
  await cognito?.stop();
});

async function pay(email: string, productId: string): Promise<string> {
  const catalog = await shop.checkoutDeps.loadCatalog();
  const priceId = catalog.find((item) => item.productId === productId)?.priceId;
  if (!priceId) throw new Error(`no price for ${productId}`);
  const result = await createCheckout(shop.checkoutDeps, { lines: [{ priceId, quantity: 1 }], deliveryDate: daysFromNow(3) });
  if (!result.ok) throw new Error(result.error.message);
  const paid = await payOnHostedPage(result.url, '4242424242424242', { email });
  expect(paid.status).toBe(303);
  return result.sessionId;
}

async function usersWithEmail(email: string) {
  const listed = await cognitoLocalClient(cognito.endpoint).send(new ListUsersCommand({ UserPoolId: cognito.userPoolId }));
  return (listed.Users ?? []).filter((user) => user.Attributes?.some((attribute) => attribute.Name === 'email' && attribute.Value === email));
}

describe('customer accounts after payment (cognito-local)', () => {
  it('provisions one user and sends one invitation under 20 concurrent copies of the paid event', async () => {
    const email = 'grace@example.com';
    // Stop Local Stripe from delivering on its own: we deliver the copies ourselves, all at once.
    const endpoints = await shop.stripe.webhookEndpoints.list();
    for (const endpoint of endpoints.data) await shop.stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    const sessionId = await pay(email, 'prod_grazing_board');
    const event = (await shop.stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data[0]!;
    expect((event.data.object as Stripe.Checkout.Session).id).toBe(sessionId);
    const payload = JSON.stringify(event, null, 2);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(shop.webhookUrl, {
          method: 'POST',
          body: payload,
          headers: { 'Content-Type': 'application/json', 'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: shop.webhookSecret }) },
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    for (const endpoint of endpoints.data) await shop.stripe.webhookEndpoints.update(endpoint.id, { disabled: false });
    await shop.drainFollowUps();

    const users = await usersWithEmail(email);
    expect(users).toHaveLength(1);
    const user = users[0]!;
    expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    const mails = (await mailbox.list()).filter((mail) => mail.to === email);
    // One invitation and one receipt, whatever the number of copies.
    expect(mails.map((mail) => mail.key).sort()).toEqual([`invitation:${user.Username}`, `receipt:${sessionId}`].sort());
    const invitations = mails.filter((mail) => mail.subject === 'Your Harvest Table Catering account');
    expect(invitations[0]!.text).toMatch(/Temporary password: Tmp-\S+/);

    const sub = user.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    const order = await shop.store.getOrder(sessionId);
    expect(order?.owner).toBe(`${sub}::${user.Username}`);
    expect(await shop.store.getFollowUp(`order-paid:${sessionId}`)).toMatchObject({ status: 'done' });
  });

  it('attaches a returning buyer’s order to their account: one invitation, and a receipt for every order', async () => {
    const email = 'linus@example.com';
    const first = await pay(email, 'prod_taco_bar');
    await shop.emulator.waitForDeliveries(10_000);
    await shop.drainFollowUps();
    const second = await pay(email, 'prod_dessert_table');
    await shop.emulator.waitForDeliveries(10_000);
    await shop.drainFollowUps();

    expect(await usersWithEmail(email)).toHaveLength(1);
    const [firstOrder, secondOrder] = [await shop.store.getOrder(first), await shop.store.getOrder(second)];
    expect(firstOrder?.owner).toBeTruthy();
    expect(secondOrder?.owner).toBe(firstOrder?.owner);
    const mail = (await mailbox.list()).filter((message) => message.to === email).map((message) => message.key);
    expect(mail.sort()).toEqual([`invitation:${firstOrder!.owner!.split('::')[1]}`, `receipt:${first}`, `receipt:${second}`].sort());
    expect((await shop.store.listOrdersByOwner(firstOrder!.owner!)).map((order) => order.id).sort()).toEqual([first, second].sort());
  });

  it('a provisioning failure is the queue’s to retry, not Stripe’s: the webhook succeeds first time and the retry provisions once', async () => {
    const email = 'katherine@example.com';
    provisionFailuresLeft = 1;
    const sessionId = await pay(email, 'prod_mezze_platter');
    await shop.emulator.waitForDeliveries(15_000);
    await shop.drainFollowUps();
    expect(provisionFailuresLeft).toBe(0);

    const order = await shop.store.getOrder(sessionId);
    expect(order?.status).toBe('paid');
    expect(order?.owner).toBeTruthy();
    expect(await usersWithEmail(email)).toHaveLength(1);
    const job = await shop.store.getFollowUp(`order-paid:${sessionId}`);
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
    const completed = (await shop.stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data[0]!;
    expect(completed.pending_webhooks).toBe(0);
    // Recorded at the first delivery: no 500 made Stripe come back.
    expect(await shop.store.getEvent(completed.id)).toMatchObject({ status: 'processed', attempts: 1 });
    // The invitation and the receipt, once each, despite the retry.
    expect((await mailbox.list()).filter((mail) => mail.to === email)).toHaveLength(2);
  });

  it('reuses an account that already exists in the pool (UsernameExists path)', async () => {
    const provisioner = new CognitoAccountProvisioner(cognitoLocalClient(cognito.endpoint), cognito.userPoolId, {
      by: 'mailer',
      mailer: mailbox,
      siteUrl: 'http://shop.test',
    });
    const first = await provisioner.provision({ email: 'Ada.Byron@Example.com', name: 'Ada' });
    const again = await provisioner.provision({ email: 'ada.byron@example.com', name: 'Ada' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ account: first.account, created: false });
    const user = await cognitoLocalClient(cognito.endpoint).send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: 'ada.byron@example.com' }));
    expect(user.Username).toBe(first.account.username);
  });
});
