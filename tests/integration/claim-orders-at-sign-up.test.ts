import {
  AdminConfirmSignUpCommand,
  AdminUpdateUserAttributesCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cognitoLocalClient, startCognitoLocal, type RunningCognitoLocal } from '@/emulators/cognito/start-cognito-local';
import { CognitoAccountProvisioner } from '@/lib/adapters/cognito/cognito-provisioner';
import { LocalIdTokenVerifier } from '@/lib/adapters/cognito/local-token-verifier';
import type { SignedInUser } from '@/lib/domain/auth/signed-in-user';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { claimEarlierOrders, listCustomerOrders } from '@/lib/domain/orders/customer-orders';
import { freePort } from '../support/free-port';
import { payOnHostedPage } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

/**
 * Orders paid as a guest become the buyer's, end to end: real purchases through Local Stripe and the webhook,
 * accounts in cognito-local, the ID token verified as the server verifies it, the claim the sign-in runs
 * (claimEarlierOrders) and the orders listed by the same function /orders renders (listCustomerOrders).
 */
let cognito: RunningCognitoLocal;
let shop: TestShop;
let mailbox: LocalMailbox;
/** While true the shop cannot reach the user pool, so paid orders stay unowned and their jobs keep retrying. */
let poolDownForShop = false;

beforeAll(async () => {
  cognito = await startCognitoLocal({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-')), port: await freePort() });
  mailbox = LocalMailbox.open(':memory:');
  const real = new CognitoAccountProvisioner(
    cognitoLocalClient(cognito.endpoint),
    cognito.userPoolId,
    { by: 'mailer', mailer: mailbox, siteUrl: 'http://shop.test' },
    // As the local composition: cognito-local leaves email_verified unset after a confirmed sign-up.
    { pool: { confirmedSignUpLeavesEmailUnverified: true } },
  );
  shop = await startTestShop({
    mailbox,
    // Jobs keep retrying however long the pool is down in a test (a parked job would end the drain early).
    retryPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: Number.MAX_SAFE_INTEGER },
    accounts: { provision: (buyer) => (poolDownForShop ? Promise.reject(new Error('user pool unreachable (injected)')) : real.provision(buyer)) },
  });
}, 60_000);

afterAll(async () => {
  await shop?.close();
  await cognito?.stop();
});

const client = () => cognitoLocalClient(cognito.endpoint);

async function pay(email: string, index: number): Promise<string> {
  const catalog = await shop.checkoutDeps.loadCatalog();
  const item = catalog[index % catalog.length]!;
  const result = await createCheckout(shop.checkoutDeps, { lines: [{ priceId: item.priceId, quantity: 1 }], deliveryDate: daysFromNow(3) });
  if (!result.ok) throw new Error(result.error.message);
  expect((await payOnHostedPage(result.url, '4242424242424242', { email })).status).toBe(303);
  return result.sessionId;
}

/** Signs in with USER_PASSWORD_AUTH (answering the new-password challenge of an invitation) and verifies the ID token. */
async function signIn(email: string, password: string): Promise<SignedInUser> {
  const started = await client().send(
    new InitiateAuthCommand({ ClientId: cognito.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }),
  );
  let idToken = started.AuthenticationResult?.IdToken;
  if (!idToken && started.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
    const answered = await client().send(
      new RespondToAuthChallengeCommand({
        ClientId: cognito.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: started.Session,
        ChallengeResponses: { USERNAME: email, NEW_PASSWORD: 'Picnic-Basket-2030!' },
      }),
    );
    idToken = answered.AuthenticationResult?.IdToken;
  }
  const user = await new LocalIdTokenVerifier(cognito.endpoint, cognito.userPoolId, cognito.clientId).verify(idToken ?? '');
  if (!user) throw new Error(`no verified session for ${email}`);
  return user;
}

/** Buys as each email in turn while the shop cannot provision, so every order is left unowned. */
async function guestOrders(purchases: [email: string, count: number][]): Promise<Record<string, string[]>> {
  poolDownForShop = true;
  const orders: Record<string, string[]> = {};
  for (const [index, [email, count]] of purchases.entries()) {
    for (let n = 0; n < count; n++) (orders[email] ??= []).push(await pay(email, index + n));
  }
  await shop.emulator.waitForDeliveries(30_000);
  for (const id of Object.values(orders).flat()) expect(await shop.store.getOrder(id)).toMatchObject({ status: 'paid', owner: null });
  return orders;
}

describe('claiming earlier orders (cognito-local)', () => {
  it('two guest orders, then a self sign-up with the same email: both are the new customer’s, nobody else’s', async () => {
    const email = 'guest-twice@example.com';
    const orders = await guestOrders([[email, 2], ['someone-else@example.com', 1]]);

    // The buyer signs up and confirms the emailed code (Cognito then marks the email verified; cognito-local does not).
    await client().send(new SignUpCommand({ ClientId: cognito.clientId, Username: email, Password: 'Garden-Party-2030!', UserAttributes: [{ Name: 'email', Value: email }] }));
    await client().send(new AdminConfirmSignUpCommand({ UserPoolId: cognito.userPoolId, Username: email }));
    await client().send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: cognito.userPoolId, Username: email, UserAttributes: [
        // cognito-local wants the email alongside its verified flag.
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ] }),
    );
    const customer = await signIn(email, 'Garden-Party-2030!');
    expect(customer.emailVerified).toBe(true);

    // Signing in claims both guest orders by the verified email (once); /orders then shows them, not the other buyer's.
    expect(await listCustomerOrders(shop.store, customer)).toEqual([]);
    expect(await claimEarlierOrders(shop.store, customer)).toBe(2);
    expect((await listCustomerOrders(shop.store, customer)).map((order) => order.id).sort()).toEqual([...orders[email]!].sort());
    expect((await shop.store.getOrder(orders['someone-else@example.com']![0]!))?.owner).toBeNull();

    // The pool is back: the queued jobs attach the orders to the same account, invite only the other buyer.
    poolDownForShop = false;
    await shop.drainFollowUps();
    for (const id of orders[email]!) expect((await shop.store.getOrder(id))?.owner).toBe(customer.owner);
    expect((await listCustomerOrders(shop.store, customer)).map((order) => order.id).sort()).toEqual([...orders[email]!].sort());
    const invited = (await mailbox.list()).filter((mail) => mail.key.startsWith('invitation:')).map((mail) => mail.to);
    expect(invited.filter((to) => to === email || to === 'someone-else@example.com')).toEqual(['someone-else@example.com']);
  });

  it('two guest orders, then the shop’s invitation: the buyer signs in and sees both, nobody else’s', async () => {
    const email = 'invited-twice@example.com';
    const orders = await guestOrders([[email, 2], ['bystander@example.com', 1]]);
    poolDownForShop = false;
    await shop.drainFollowUps();

    const invitation = (await mailbox.list()).filter((mail) => mail.to === email && mail.key.startsWith('invitation:'));
    expect(invitation).toHaveLength(1);
    const temporaryPassword = /Temporary password: (\S+)/.exec(invitation[0]!.text)?.[1];
    const customer = await signIn(email, temporaryPassword!);
    expect((await listCustomerOrders(shop.store, customer)).map((order) => order.id).sort()).toEqual([...orders[email]!].sort());
    const bystander = await shop.store.getOrder(orders['bystander@example.com']![0]!);
    expect(bystander?.owner).not.toBeNull();
    expect(bystander?.owner).not.toBe(customer.owner);
  });
});
