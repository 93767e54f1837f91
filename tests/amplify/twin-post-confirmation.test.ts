import { AdminGetUserCommand, ConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CodeDelivery } from '@/emulators/cognito/code-deliveries';
import { isOwnedBy } from '@/lib/domain/orders/customer-orders';
import { applyFact } from '@/lib/domain/orders/order-state';
import type { OrderTransition } from '@/lib/domain/orders/event-ledger';
import { AmplifyOrderStore } from '@/lib/adapters/amplify/amplify-order-store';
import { completedPaid, sessionSnapshot } from '../support/order-facts';
import { clearTables, iamTransport } from './support/twin-clients';
import { startTwinForTests } from '../support/twin-for-tests';

/**
 * Cognito's PostConfirmation trigger in the twin: cognito-local invokes the twin's Lambda host, which runs the
 * bundled post-confirmation function from the cloud assembly (its cold start reads the data endpoint from SSM
 * and the model schema from S3, as in the cloud) and it links the guest's orders over AppSync. No app runs
 * here, so whatever links the orders is the trigger.
 */
const deliveries: CodeDelivery[] = [];
const running = startTwinForTests({ onDelivery: (delivery) => deliveries.push(delivery) });

beforeEach(() => clearTables(running.db, running.twin));

function serverStore(): AmplifyOrderStore {
  return new AmplifyOrderStore({ graphql: iamTransport(running.twin), dynamo: running.db, tables: running.twin.tables });
}

function paidOrder(sessionId: string, email: string): OrderTransition {
  const fact = { ...completedPaid, session: sessionSnapshot({ sessionId, customer: { email, name: 'Ada Lovelace' } }) };
  return { orderId: sessionId, apply: (current) => applyFact(current, fact, { eventId: `evt_${sessionId}`, created: 100 }) };
}

async function placeGuestOrder(sessionId: string, email: string): Promise<void> {
  const event = { id: `evt_${sessionId}`, type: 'checkout.session.completed', objectId: sessionId, apiVersion: null, created: 100, receivedAt: '2030-01-01T00:00:00.000Z' };
  expect(await serverStore().applyEvent(event, paidOrder(sessionId, email), 'now')).toBe('applied');
}

async function storedOwner(orderId: string): Promise<string | null> {
  const { Item } = await running.db.send(new GetCommand({ TableName: running.twin.tables.order, Key: { id: orderId }, ConsistentRead: true }));
  if (!Item) throw new Error(`no order ${orderId}`);
  return (Item['owner'] as string | undefined) ?? null;
}

/** Polls the captured deliveries (cognito-local prints the code as it answers SignUp). */
async function verificationCode(email: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const delivery = deliveries.find((candidate) => candidate.destination === email);
    if (delivery) return delivery.code;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no verification code was delivered to ${email}`);
}

async function signUp(email: string): Promise<{ sub: string; username: string }> {
  const signedUp = await running.twin.cognito.client.send(new SignUpCommand({ ClientId: running.twin.clientId, Username: email, Password: 'Garden-Party-2030!', UserAttributes: [{ Name: 'email', Value: email }] }));
  const code = await verificationCode(email);
  await running.twin.cognito.client.send(new ConfirmSignUpCommand({ ClientId: running.twin.clientId, Username: email, ConfirmationCode: code }));
  const user = await running.twin.cognito.client.send(new AdminGetUserCommand({ UserPoolId: running.twin.userPoolId, Username: email }));
  return { sub: signedUp.UserSub ?? '', username: user.Username ?? '' };
}

describe('the post-confirmation trigger in the twin', () => {
  it('links the guest orders paid with that email when a self sign-up is confirmed, and leaves others alone', async () => {
    await placeGuestOrder('cs_guest_1', 'grace@example.com');
    await placeGuestOrder('cs_guest_2', 'Grace@Example.com');
    await placeGuestOrder('cs_other', 'someone-else@example.com');

    const { sub, username } = await signUp('grace@example.com');

    // cognito-local awaits the trigger inside ConfirmSignUp, as Cognito does: linked by the time it answers.
    // The stored owner is Amplify's "<sub>::<username>" (reads through AppSync show only the part after `::`).
    expect(sub).not.toBe('');
    expect(await storedOwner('cs_guest_1')).toBe(`${sub}::${username}`);
    expect(await storedOwner('cs_guest_2')).toBe(`${sub}::${username}`);
    expect(await storedOwner('cs_other')).toBeNull();
    expect(isOwnedBy((await serverStore().getOrder('cs_guest_1'))!, `${sub}::${username}`)).toBe(true);
  });

  it('marks the confirmed email verified, as Cognito does (the trigger only trusts a verified email)', async () => {
    await signUp('hedy@example.com');
    const user = await running.twin.cognito.client.send(new AdminGetUserCommand({ UserPoolId: running.twin.userPoolId, Username: 'hedy@example.com' }));
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes?.find((attribute) => attribute.Name === 'email_verified')?.Value).toBe('true');
  });

  it("refuses calls to the trigger's Lambda host that the twin's principal did not sign", async () => {
    const response = await fetch(`${running.twin.lambdaEndpoint}/2015-03-31/functions/post-confirmation/invocations`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(403);
  });

  it('refuses a wrong code without verifying anything or linking orders', async () => {
    await placeGuestOrder('cs_guest_3', 'mallory@example.com');
    await running.twin.cognito.client.send(new SignUpCommand({ ClientId: running.twin.clientId, Username: 'mallory@example.com', Password: 'Garden-Party-2030!', UserAttributes: [{ Name: 'email', Value: 'mallory@example.com' }] }));
    const code = await verificationCode('mallory@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(running.twin.cognito.client.send(new ConfirmSignUpCommand({ ClientId: running.twin.clientId, Username: 'mallory@example.com', ConfirmationCode: wrong }))).rejects.toThrow();
    const user = await running.twin.cognito.client.send(new AdminGetUserCommand({ UserPoolId: running.twin.userPoolId, Username: 'mallory@example.com' }));
    expect(user.UserStatus).toBe('UNCONFIRMED');
    expect(user.UserAttributes?.some((attribute) => attribute.Name === 'email_verified')).toBe(false);
    expect(await storedOwner('cs_guest_3')).toBeNull();
  });
});
