import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoAccountProvisioner } from '@/lib/adapters/cognito/cognito-provisioner';
import { CookieTokenIdentity, currentUserOrSignedOut, type RequestCookies } from '@/lib/services/auth/identity-resolver';
import { LocalIdTokenVerifier } from '@/lib/adapters/cognito/local-token-verifier';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { SesMailer } from '@/lib/adapters/ses/ses-mailer';
import { awsClientTimeouts, OUTBOUND_TIMEOUTS } from '@/lib/security/outbound-timeouts';
import { createStripeClient } from '@/lib/adapters/stripe/stripe-client';
import { freePort } from '../support/free-port';

/**
 * Dependencies that are down (nothing listening) or hung (accepting connections, never answering):
 * every outbound call gives up on its own, and an identity check that cannot finish means "signed out".
 */
let hung: net.Server;
let hungUrl: string;
let deadUrl: string;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  hung = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  hungUrl = `http://127.0.0.1:${(hung.address() as net.AddressInfo).port}`;
  deadUrl = `http://127.0.0.1:${await freePort()}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hung.close(resolve));
});

/** Amplify's cookies for a signed-in user, holding a token the server must verify. */
function cookiesWithToken(clientId: string): RequestCookies {
  const jar = new Map([
    [`CognitoIdentityServiceProvider.${clientId}.LastAuthUser`, { value: 'someone' }],
    [`CognitoIdentityServiceProvider.${clientId}.someone.idToken`, { value: 'header.payload.signature' }],
  ]);
  return (async () => jar) as unknown as RequestCookies;
}

function recordingLogger() {
  const warnings: string[] = [];
  return { warnings, logger: { warn: (_fields: object, message: string) => void warnings.push(message) } };
}

const SHORT_MS = 300;

describe('identity during a user-pool outage', () => {
  it.each([
    ['down', () => deadUrl],
    ['hung', () => hungUrl],
  ])('cognito-local %s: the visitor is signed out, and it is logged', async (_state, url) => {
    const identity = new CookieTokenIdentity('client1', new LocalIdTokenVerifier(url(), 'local_pool', 'client1', SHORT_MS));
    const { warnings, logger } = recordingLogger();
    expect(await currentUserOrSignedOut(identity, cookiesWithToken('client1'), logger)).toBeNull();
    expect(warnings).toEqual([expect.stringContaining('treating the request as signed out')]);
  });

  it('no cookie means signed out without asking the user pool', async () => {
    const identity = new CookieTokenIdentity('client1', new LocalIdTokenVerifier(deadUrl, 'local_pool', 'client1', SHORT_MS));
    const { warnings, logger } = recordingLogger();
    expect(await currentUserOrSignedOut(identity, (async () => new Map()) as unknown as RequestCookies, logger)).toBeNull();
    expect(warnings).toEqual([]);
  });
});

describe('outbound calls give up', () => {
  it('Cognito provisioning against a hung user pool fails (the follow-up stays pending and is retried)', async () => {
    const client = new CognitoIdentityProviderClient({
      endpoint: hungUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      ...awsClientTimeouts(SHORT_MS),
    });
    const provisioner = new CognitoAccountProvisioner(client, 'local_pool', { by: 'mailer', mailer: LocalMailbox.open(':memory:'), siteUrl: 'http://shop.test' });
    await expect(provisioner.provision({ email: 'ada@example.com', name: null })).rejects.toThrow();
  });

  it('SES against a hung endpoint fails instead of waiting forever', async () => {
    const ses = new SESv2Client({ endpoint: hungUrl, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, ...awsClientTimeouts(SHORT_MS) });
    await expect(new SesMailer(ses, 'shop@example.com').send({ key: 'k', to: 'ada@example.com', subject: 's', text: 't' })).rejects.toThrow();
  });

  it('the Stripe SDK has a deadline shorter than its 80 s default', () => {
    for (const stripe of [
      createStripeClient({ kind: 'stripe', secretKey: 'sk_test_timeout_check' }),
      createStripeClient({ kind: 'local', secretKey: 'sk_test_timeout_check', host: '127.0.0.1', port: 1, protocol: 'http', apiBase: 'http://127.0.0.1:1' }),
    ]) {
      expect((stripe as unknown as { getApiField(name: string): unknown }).getApiField('timeout')).toBe(OUTBOUND_TIMEOUTS.stripeMs);
    }
  });

  it('AWS clients get a request and a connection deadline by default', () => {
    expect(awsClientTimeouts()).toEqual({
      requestHandler: { requestTimeout: OUTBOUND_TIMEOUTS.awsRequestMs, connectionTimeout: OUTBOUND_TIMEOUTS.awsConnectMs, throwOnRequestTimeout: true },
      maxAttempts: 2,
    });
  });
});
