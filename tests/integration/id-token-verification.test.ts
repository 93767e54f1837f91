import {
  AdminCreateUserCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createSign, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { findIdToken } from '@/lib/services/auth/amplify-cookies';
import { LocalIdTokenVerifier } from '@/lib/adapters/cognito/local-token-verifier';
import { cognitoLocalClient, startCognitoLocal, type RunningCognitoLocal } from '@/emulators/cognito/start-cognito-local';
import { freePort } from '../support/free-port';

let cognito: RunningCognitoLocal;

async function signIn(clientId: string, email: string): Promise<string> {
  const client = cognitoLocalClient(cognito.endpoint);
  await client
    .send(
      new AdminCreateUserCommand({
        UserPoolId: cognito.userPoolId,
        Username: email,
        TemporaryPassword: 'Tmp-Password-1!',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
      }),
    )
    .catch(() => undefined);
  const started = await client.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: 'Tmp-Password-1!' } }),
  );
  if (started.AuthenticationResult?.IdToken) return started.AuthenticationResult.IdToken;
  const answered = await client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: started.Session,
      ChallengeResponses: { USERNAME: email, NEW_PASSWORD: 'Tmp-Password-1!' },
    }),
  );
  const token = answered.AuthenticationResult?.IdToken;
  if (!token) throw new Error('no ID token');
  return token;
}

function decodePart(token: string, index: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The same claims and key id, signed by a key cognito-local never had. */
function forgeWithOtherKey(token: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const header = Buffer.from(JSON.stringify(decodePart(token, 0))).toString('base64url');
  const payload = Buffer.from(JSON.stringify(decodePart(token, 1))).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

beforeAll(async () => {
  cognito = await startCognitoLocal({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-')), port: await freePort() });
}, 60_000);
afterAll(async () => {
  await cognito?.stop();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('verifying cognito-local ID tokens', () => {
  it('accepts a real token for this pool and client and yields the Amplify owner', async () => {
    const token = await signIn(cognito.clientId, 'hopper@example.com');
    const user = await new LocalIdTokenVerifier(cognito.endpoint, cognito.userPoolId, cognito.clientId).verify(token);
    expect(user?.email).toBe('hopper@example.com');
    expect(user?.owner).toBe(`${user?.sub}::${user?.username}`);
  });

  it('rejects a token signed by another key', async () => {
    const token = await signIn(cognito.clientId, 'hopper@example.com');
    const verifier = new LocalIdTokenVerifier(cognito.endpoint, cognito.userPoolId, cognito.clientId);
    expect(await verifier.verify(forgeWithOtherKey(token))).toBeNull();
  });

  it('rejects an expired token', async () => {
    const token = await signIn(cognito.clientId, 'hopper@example.com');
    const verifier = new LocalIdTokenVerifier(cognito.endpoint, cognito.userPoolId, cognito.clientId);
    const expiry = Number(decodePart(token, 1).exp) * 1000;
    vi.useFakeTimers({ now: expiry + 60_000, toFake: ['Date'] });
    expect(await verifier.verify(token)).toBeNull();
  });

  it('rejects a token issued to another app client', async () => {
    const other = await cognitoLocalClient(cognito.endpoint).send(
      new CreateUserPoolClientCommand({ UserPoolId: cognito.userPoolId, ClientName: 'another-app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }),
    );
    const token = await signIn(other.UserPoolClient!.ClientId!, 'hopper@example.com');
    expect(await new LocalIdTokenVerifier(cognito.endpoint, cognito.userPoolId, cognito.clientId).verify(token)).toBeNull();
  });

  it('rejects garbage and a token from another pool', async () => {
    const token = await signIn(cognito.clientId, 'hopper@example.com');
    expect(await new LocalIdTokenVerifier(cognito.endpoint, cognito.userPoolId, cognito.clientId).verify('not.a.jwt')).toBeNull();
    expect(await new LocalIdTokenVerifier(cognito.endpoint, 'local_otherpool', cognito.clientId).verify(token).catch(() => null)).toBeNull();
  });
});

describe('finding the ID token in Amplify cookies', () => {
  it('reads the last signed-in user of this client', () => {
    const jar = new Map([
      ['CognitoIdentityServiceProvider.client1.LastAuthUser', { value: 'user-1' }],
      ['CognitoIdentityServiceProvider.client1.user-1.idToken', { value: 'id-token-1' }],
      ['CognitoIdentityServiceProvider.client2.LastAuthUser', { value: 'user-2' }],
      ['CognitoIdentityServiceProvider.client2.user-2.idToken', { value: 'id-token-2' }],
    ]);
    expect(findIdToken(jar, 'client1')).toBe('id-token-1');
    expect(findIdToken(jar, 'client3')).toBeNull();
  });
});
