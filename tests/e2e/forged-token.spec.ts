import { createSign, generateKeyPairSync } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import {
  AdminCreateUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognitoLocalClient } from '@/emulators/cognito/start-cognito-local';
import { readLocalUserPool, type LocalUserPool } from '@/common/local-user-pool';
import { expect, test } from './fixtures';

/**
 * Issue 14's hostile row "a forged cognito-local token against a production build": the suite's server
 * (`next build` + `next start`) must treat a token signed by a key that is not the pool's, or issued by
 * another pool, as signed out. The same cookies with the genuine token sign the customer in, so a refusal
 * below is the verifier's, not a malformed cookie's.
 */
const cognitoEndpoint = `http://127.0.0.1:${process.env.E2E_COGNITO_PORT ?? 9230}`;
/** playwright.config.ts runs the server with LOCAL_DATA_DIR=.data/e2e, where the launcher records its pool. */
const E2E_DATA_DIR = '.data/e2e';

function shopPool(): LocalUserPool {
  const pool = readLocalUserPool(E2E_DATA_DIR);
  if (!pool) throw new Error(`No cognito-local pool recorded in ${E2E_DATA_DIR}: is the e2e server running?`);
  return pool;
}

/** A confirmed user of `pool` (created without an invitation), signed in: their ID token and username. */
async function signIn(pool: LocalUserPool, email: string): Promise<{ idToken: string; username: string }> {
  const client = cognitoLocalClient(cognitoEndpoint);
  const password = 'Forged-Token-Test-1!';
  const created = await client.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.userPoolId,
      Username: email,
      TemporaryPassword: password,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
    }),
  );
  const started = await client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }));
  const answered = await client.send(
    new RespondToAuthChallengeCommand({ ClientId: pool.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: started.Session, ChallengeResponses: { USERNAME: email, NEW_PASSWORD: password } }),
  );
  client.destroy();
  const idToken = answered.AuthenticationResult?.IdToken;
  if (!idToken || !created.User?.Username) throw new Error('cognito-local signed nobody in');
  return { idToken, username: created.User.Username };
}

/** Another user pool in the same cognito-local, with its own app client. */
async function otherPool(): Promise<LocalUserPool> {
  const client = cognitoLocalClient(cognitoEndpoint);
  const pool = await client.send(new CreateUserPoolCommand({ PoolName: `attacker-${Date.now()}`, UsernameAttributes: ['email'] }));
  const userPoolId = pool.UserPool?.Id ?? '';
  const app = await client.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'attacker', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
  client.destroy();
  return { userPoolId, clientId: app.UserPoolClient?.ClientId ?? '' };
}

const part = (token: string, index: number) => JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8')) as Record<string, unknown>;
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The same header (kid) and claims, optionally changed, signed by an RSA key cognito-local never had. */
function signedByAnotherKey(token: string, claims: Record<string, unknown> = {}): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const unsigned = `${encode(part(token, 0))}.${encode({ ...part(token, 1), ...claims })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

/** The cookies Amplify (ssr: true) writes for a signed-in user of the shop's app client. */
function amplifyCookies(clientId: string, username: string, idToken: string): string {
  const prefix = `CognitoIdentityServiceProvider.${clientId}`;
  return `${prefix}.LastAuthUser=${encodeURIComponent(username)}; ${prefix}.${encodeURIComponent(username)}.idToken=${idToken}`;
}

async function session(request: APIRequestContext, cookie: string): Promise<{ signedIn: boolean; email?: string }> {
  const response = await request.get('/api/session', { headers: { cookie } });
  expect(response.status()).toBe(200);
  return (await response.json()) as { signedIn: boolean; email?: string };
}

test.describe('a forged cognito-local token against the production build (issue 14)', () => {
  test("a token not signed by the pool's key, or issued by another pool, is signed out; the genuine one signs in", async ({ request }) => {
    const pool = shopPool();
    const victim = `forged-victim-${Date.now()}@example.com`;
    const genuine = await signIn(pool, victim);
    const foreignPool = await otherPool();
    const foreign = await signIn(foreignPool, `forged-other-pool-${Date.now()}@example.com`);

    // The control: the genuine token in the same cookies is the victim, signed in.
    expect(await session(request, amplifyCookies(pool.clientId, genuine.username, genuine.idToken))).toEqual({ signedIn: true, email: victim });

    const forgeries: [string, string, string][] = [
      ['the genuine claims signed by another key', genuine.username, signedByAnotherKey(genuine.idToken)],
      ['another email signed by another key', genuine.username, signedByAnotherKey(genuine.idToken, { email: `someone-else-${Date.now()}@example.com` })],
      ["the shop's issuer and client on another pool's user, signed by another key", foreign.username, signedByAnotherKey(foreign.idToken, { iss: part(genuine.idToken, 1)['iss'], aud: pool.clientId })],
      ["another pool's genuine token (its own issuer and client)", foreign.username, foreign.idToken],
      ["another pool's genuine token relabelled for the shop's client (signature broken)", foreign.username, `${encode(part(foreign.idToken, 0))}.${encode({ ...part(foreign.idToken, 1), aud: pool.clientId })}.${foreign.idToken.split('.')[2]}`],
      ['the genuine token with its signature removed (alg none)', genuine.username, `${encode({ alg: 'none', typ: 'JWT' })}.${encode(part(genuine.idToken, 1))}.`],
    ];
    for (const [what, username, token] of forgeries) {
      const cookie = amplifyCookies(pool.clientId, username, token);
      expect(await session(request, cookie), what).toEqual({ signedIn: false });
      // A page that needs a customer sends the forger to sign in, as any signed-out visitor.
      const orders = await request.get('/orders', { headers: { cookie }, maxRedirects: 0 });
      expect(orders.status(), what).toBe(307);
      expect(orders.headers()['location'], what).toMatch(/^\/sign-in\?returnTo=%2Forders/);
    }
  });
});
