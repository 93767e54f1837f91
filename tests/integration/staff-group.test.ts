import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cognitoLocalClient, startCognitoLocal, type RunningCognitoLocal } from '@/emulators/cognito/start-cognito-local';
import { LocalIdTokenVerifier } from '@/lib/adapters/cognito/local-token-verifier';
import { isStaff } from '@/lib/domain/auth/staff';
import { addToStaffGroup, UnknownStaffEmailError } from '@/lib/adapters/cognito/cognito-staff-group';
import { signInLocalUser } from '../support/cognito-sign-in';
import { freePort } from '../support/free-port';

let cognito: RunningCognitoLocal;

beforeAll(async () => {
  cognito = await startCognitoLocal({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-')), port: await freePort() });
}, 60_000);
afterAll(async () => {
  await cognito?.stop();
});

describe('making a user staff (npm run admin:add, against cognito-local)', () => {
  it('puts the user in ADMINS (creating the group once) and their next token makes them staff', async () => {
    const verifier = new LocalIdTokenVerifier(cognito.endpoint, cognito.userPoolId, cognito.clientId);
    const before = await verifier.verify(await signInLocalUser(cognito, 'chef@example.com'));
    expect(before?.email).toBe('chef@example.com');
    expect(isStaff(before)).toBe(false);

    const client = cognitoLocalClient(cognito.endpoint);
    await addToStaffGroup(client, cognito.userPoolId, 'Chef@Example.com');
    // Idempotent: the group already exists and the user is already in it.
    await addToStaffGroup(client, cognito.userPoolId, 'chef@example.com');

    const after = await verifier.verify(await signInLocalUser(cognito, 'chef@example.com'));
    expect(after?.groups).toEqual(['ADMINS']);
    expect(isStaff(after)).toBe(true);

    const customer = await verifier.verify(await signInLocalUser(cognito, 'customer@example.com'));
    expect(isStaff(customer)).toBe(false);
    client.destroy();
  });

  it('refuses an email nobody signed up with', async () => {
    const client = cognitoLocalClient(cognito.endpoint);
    await expect(addToStaffGroup(client, cognito.userPoolId, 'nobody@example.com')).rejects.toBeInstanceOf(UnknownStaffEmailError);
    client.destroy();
  });
});
