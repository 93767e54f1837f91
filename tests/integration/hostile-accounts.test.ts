import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  SignUpCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerOf } from '@/lib/domain/accounts/account';
import { accountStanding, IneligibleAccountError } from '@/lib/domain/accounts/account-standing';
import { CognitoAccountProvisioner, InvitationPendingError } from '@/lib/adapters/cognito/cognito-provisioner';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { cognitoLocalClient, startCognitoLocal, type RunningCognitoLocal } from '@/emulators/cognito/start-cognito-local';
import { freePort } from '../support/free-port';
import { payOnHostedPage } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

/**
 * Orders attach only to confirmed accounts with a verified email (or the shop's own pending invitation).
 * cognito-local's statuses: SignUp → UNCONFIRMED; ConfirmSignUp/AdminConfirmSignUp → CONFIRMED;
 * AdminCreateUser → FORCE_CHANGE_PASSWORD.
 */
let cognito: RunningCognitoLocal;
let mailbox: LocalMailbox;
let provisioner: CognitoAccountProvisioner;
let shop: TestShop;

beforeAll(async () => {
  cognito = await startCognitoLocal({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-')), port: await freePort() });
  mailbox = LocalMailbox.open(':memory:');
  provisioner = new CognitoAccountProvisioner(cognitoLocalClient(cognito.endpoint), cognito.userPoolId, { by: 'mailer', mailer: mailbox, siteUrl: 'http://shop.test' });
  shop = await startTestShop({ mailbox, accounts: provisioner });
}, 60_000);
afterAll(async () => {
  await shop?.close();
  await cognito?.stop();
});

const client = () => cognitoLocalClient(cognito.endpoint);

async function signUpWithoutConfirming(email: string): Promise<string> {
  const result = await client().send(
    new SignUpCommand({ ClientId: cognito.clientId, Username: email, Password: 'Squatter-Password-1!', UserAttributes: [{ Name: 'email', Value: email }] }),
  );
  return result.UserSub!;
}

async function getUser(email: string) {
  return client()
    .send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: email }))
    .catch((error: unknown) => (error instanceof UserNotFoundException ? null : Promise.reject(error)));
}

describe('accountStanding (Cognito user statuses)', () => {
  it.each([
    ['CONFIRMED', true, 'attach'],
    ['CONFIRMED', false, 'refuse'],
    ['FORCE_CHANGE_PASSWORD', true, 'attach'],
    ['FORCE_CHANGE_PASSWORD', false, 'refuse'],
    ['RESET_REQUIRED', true, 'attach'],
    ['EXTERNAL_PROVIDER', true, 'attach'],
    ['UNCONFIRMED', false, 'replace'],
    ['UNCONFIRMED', true, 'replace'],
    ['ARCHIVED', true, 'refuse'],
    ['COMPROMISED', true, 'refuse'],
    ['UNKNOWN', true, 'refuse'],
    [undefined, true, 'refuse'],
  ] as const)('%s with a verified email: %s → %s', (status, verified, expected) => {
    expect(accountStanding(status, verified)).toBe(expected);
  });
});

describe('provisioning against squatters (cognito-local)', () => {
  it('an unconfirmed squatter who signed up first gets nothing: the buyer gets a fresh invitation', async () => {
    const email = 'victim@example.com';
    const squatterSub = await signUpWithoutConfirming(email);
    expect((await getUser(email))?.UserStatus).toBe('UNCONFIRMED');

    const result = await provisioner.provision({ email, name: 'Victim' });

    expect(result.created).toBe(true);
    expect(result.account.sub).not.toBe(squatterSub);
    const user = await getUser(email);
    expect(user?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(user?.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value).toBe(result.account.sub);
    expect((await mailbox.list()).filter((mail) => mail.to === email).map((mail) => mail.subject)).toEqual(['Your Harvest Table Catering account']);
  });

  it('a paid order never lands with the squatter (the whole webhook path)', async () => {
    const email = 'buyer-squatted@example.com';
    const squatterSub = await signUpWithoutConfirming(email);
    const catalog = await shop.checkoutDeps.loadCatalog();
    const checkout = await createCheckout(shop.checkoutDeps, { lines: [{ priceId: catalog[0]!.priceId, quantity: 1 }], deliveryDate: daysFromNow(3) });
    if (!checkout.ok) throw new Error(checkout.error.message);
    expect((await payOnHostedPage(checkout.url, '4242424242424242', { email })).status).toBe(303);
    await shop.emulator.waitForDeliveries(15_000);
    // The webhook only commits the follow-ups; the worker provisions the account after the response.
    await shop.drainFollowUps();

    const order = await shop.store.getOrder(checkout.sessionId);
    expect(order?.status).toBe('paid');
    expect(order?.owner).toBeTruthy();
    expect(order?.owner?.startsWith(`${squatterSub}::`)).toBe(false);
    expect(await shop.store.getFollowUp(`order-paid:${checkout.sessionId}`)).toMatchObject({ status: 'done' });
  });

  it('a confirmed account with a verified email gets the order (and no invitation)', async () => {
    const email = 'confirmed@example.com';
    const sub = await signUpWithoutConfirming(email);
    await client().send(new AdminConfirmSignUpCommand({ UserPoolId: cognito.userPoolId, Username: email }));
    await client().send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: cognito.userPoolId, Username: email, UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }] }),
    );
    const result = await provisioner.provision({ email, name: null });
    expect(result).toEqual({ account: expect.objectContaining({ sub }), created: false });
    expect(ownerOf(result.account)).toBe(`${sub}::${result.account.username}`);
  });

  it('a confirmed account whose email was never verified gets nothing, and is not deleted', async () => {
    const email = 'unverified@example.com';
    const sub = await signUpWithoutConfirming(email);
    await client().send(new AdminConfirmSignUpCommand({ UserPoolId: cognito.userPoolId, Username: email }));
    await expect(provisioner.provision({ email, name: null })).rejects.toBeInstanceOf(IneligibleAccountError);
    expect((await getUser(email))?.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value).toBe(sub);
  });

  it('on cognito-local (local and twin profiles), a sign-up confirmed with its code counts as verified; an explicit "false" never does', async () => {
    // cognito-local leaves email_verified unset after ConfirmSignUp, where Cognito sets it: the composition
    // tells the provisioner so for the local pools only (UserPoolQuirks).
    const local = new CognitoAccountProvisioner(cognitoLocalClient(cognito.endpoint), cognito.userPoolId, { by: 'mailer', mailer: mailbox, siteUrl: 'http://shop.test' }, {
      pool: { confirmedSignUpLeavesEmailUnverified: true },
    });
    const confirmed = 'signed-up-locally@example.com';
    const sub = await signUpWithoutConfirming(confirmed);
    await client().send(new AdminConfirmSignUpCommand({ UserPoolId: cognito.userPoolId, Username: confirmed }));
    expect(await local.provision({ email: confirmed, name: null })).toEqual({ account: expect.objectContaining({ sub }), created: false });
    await expect(provisioner.provision({ email: confirmed, name: null })).rejects.toBeInstanceOf(IneligibleAccountError);

    const denied = 'explicitly-unverified@example.com';
    await signUpWithoutConfirming(denied);
    await client().send(new AdminConfirmSignUpCommand({ UserPoolId: cognito.userPoolId, Username: denied }));
    await client().send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: cognito.userPoolId, Username: denied, UserAttributes: [{ Name: 'email', Value: denied }, { Name: 'email_verified', Value: 'false' }] }),
    );
    await expect(local.provision({ email: denied, name: null })).rejects.toBeInstanceOf(IneligibleAccountError);
  });

  it("the shop's own pending invitation counts", async () => {
    const email = 'invited@example.com';
    const created = await client().send(
      new AdminCreateUserCommand({
        UserPoolId: cognito.userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        TemporaryPassword: 'Tmp-Password-1!',
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
      }),
    );
    const sub = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    // Its invitation is not out yet: while its creator may still be sending it, the job is retried later.
    await expect(provisioner.provision({ email, name: null })).rejects.toBeInstanceOf(InvitationPendingError);
    // Once stale, the same account is reused and invited: no second account.
    const later = new CognitoAccountProvisioner(cognitoLocalClient(cognito.endpoint), cognito.userPoolId, { by: 'mailer', mailer: mailbox, siteUrl: 'http://shop.test' }, {
      now: () => new Date(Date.now() + 3 * 60 * 1000),
    });
    const result = await later.provision({ email, name: null });
    expect(result.account.sub).toBe(sub);
    expect(await mailbox.has(`invitation:${result.account.username}`)).toBe(true);
  });
});
