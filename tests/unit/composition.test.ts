import { AppSyncPlanStore } from '@/lib/adapters/amplify/appsync-plan-store';
import { SqlitePlanStore } from '@/lib/adapters/sqlite/sqlite-plan-store';
import { AdminCreateUserCommand, AdminGetUserCommand, CognitoIdentityProviderClient, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AmplifyServerIdentity } from '@/lib/adapters/cognito/amplify-server-identity';
import { CookieTokenIdentity, noIdentity } from '@/lib/services/auth/identity-resolver';
import { unavailableProvisioner } from '@/lib/adapters/unconfigured/unavailable-provisioner';
import type { AppConfig } from '@/lib/config/config';
import { buildServices } from '@/lib/composition';
import { DEFAULT_CATERING_RULES } from '@/lib/domain/checkout/catering-rules';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { SesMailer } from '@/lib/adapters/ses/ses-mailer';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';

// composition.ts is server-only; in a test process there is no React Server environment to satisfy.
vi.mock('server-only', () => ({}));

function config(overrides: Partial<AppConfig>): AppConfig {
  return {
    profile: 'local',
    profileReason: 'set by the test',
    devSurfaces: true,
    mode: 'local',
    siteUrl: 'https://shop.example',
    auth: null,
    amplifyData: null,
    sesFromAddress: null,
    checkoutRateLimitPerMinute: 10,
    trustedProxyHops: 0,
    reconcileSecret: null,
    stripe: { kind: 'stripe', secretKey: 'sk_test_composition' },
    webhookSecret: 'whsec_composition',
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'composition-')),
    shopTimeZone: 'UTC',
    logLevel: 'silent',
    followUpWorker: 'in-process',
    production: false,
    catering: DEFAULT_CATERING_RULES,
    capacityTable: null,
    ...overrides,
  };
}

const cloudAuth = { userPoolId: 'us-east-1_Cloud', clientId: 'cloudclient', region: 'eu-west-1', endpoint: null, signInFlow: 'USER_SRP_AUTH' as const };
const cloud = (overrides: Partial<AppConfig> = {}) =>
  config({ profile: 'cloud', devSurfaces: false, mode: 'cloud', auth: cloudAuth, amplifyData: { url: 'https://api.example/graphql', region: 'eu-west-1', tables: { order: 'Order-x', stripeEvent: 'StripeEvent-x', followUp: 'FollowUp-x' } }, sesFromAddress: 'orders@shop.example', ...overrides });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('composition, cloud branch (no AWS reached: SDK sends are intercepted)', () => {
  it('builds Amplify Data, SES from the configured address, Cognito-delivered invitations and Amplify identity; no local files', async () => {
    const services = buildServices(cloud());
    expect(services.store).not.toBeInstanceOf(SqliteOrderStore);
    expect(typeof services.store.applyEvent).toBe('function');
    expect(services.localMailbox).toBeNull();
    expect(services.identity).toBeInstanceOf(AmplifyServerIdentity);
    expect(services.mailer).toBeInstanceOf(SesMailer);
    expect(services.plans).toBeInstanceOf(AppSyncPlanStore);
    expect(fs.readdirSync(services.config.dataDir)).toEqual([]);

    const sesSend = vi.spyOn(SESv2Client.prototype, 'send').mockImplementation(async function (this: SESv2Client, command: unknown) {
      expect(await this.config.region()).toBe('eu-west-1');
      expect(command).toBeInstanceOf(SendEmailCommand);
      return {};
    });
    await services.mailer.send({ key: 'k', to: 'ada@example.com', subject: 'S', text: 'T' });
    expect(sesSend).toHaveBeenCalledTimes(1);
    expect((sesSend.mock.calls[0]![0] as SendEmailCommand).input).toMatchObject({ FromEmailAddress: 'orders@shop.example', Destination: { ToAddresses: ['ada@example.com'] } });

    const sent: unknown[] = [];
    vi.spyOn(CognitoIdentityProviderClient.prototype, 'send').mockImplementation(async (command: unknown) => {
      sent.push(command);
      if (command instanceof AdminGetUserCommand) throw new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
      return { User: { Username: 'u-1', Attributes: [{ Name: 'sub', Value: 'sub-1' }] } };
    });
    const result = await services.accounts.provision({ email: 'Ada@Example.com', name: 'Ada' });
    expect(result).toEqual({ account: { sub: 'sub-1', username: 'u-1', email: 'ada@example.com' }, created: true });
    const create = sent.find((command) => command instanceof AdminCreateUserCommand) as AdminCreateUserCommand;
    // In the cloud Cognito emails the invitation itself: no temporary password of ours, no SUPPRESS.
    expect(create.input).toMatchObject({ UserPoolId: 'us-east-1_Cloud', Username: 'ada@example.com', DesiredDeliveryMediums: ['EMAIL'] });
    expect(create.input.TemporaryPassword).toBeUndefined();
    expect(create.input.MessageAction).toBeUndefined();
  });

  it('uses us-east-1 for SES without auth, and refuses to build SES mail without a sender', async () => {
    expect(() => buildServices(cloud({ sesFromAddress: null, auth: null }))).toThrow(/SES_FROM_ADDRESS: required/);
    const services = buildServices(cloud({ sesFromAddress: 'orders@shop.example', auth: null }));
    expect(services.accounts).toBe(unavailableProvisioner);
    expect(services.identity).toBe(noIdentity);
    const sesSend = vi.spyOn(SESv2Client.prototype, 'send').mockImplementation(async function (this: SESv2Client) {
      expect(await this.config.region()).toBe('us-east-1');
      return {};
    });
    await services.mailer.send({ key: 'k', to: 'ada@example.com', subject: 'S', text: 'T' });
    expect((sesSend.mock.calls[0]![0] as SendEmailCommand).input.FromEmailAddress).toBe('orders@shop.example');
  });

  it('refuses cloud mode without the Amplify Data endpoint', () => {
    expect(() => buildServices(cloud({ amplifyData: null }))).toThrow('The cloud profile has no Amplify Data endpoint');
  });
});

describe('composition, local branch', () => {
  it('builds SQLite and the local mailbox in the data directory, cookie-token identity, mailed invitations', async () => {
    const services = buildServices(config({ auth: { ...cloudAuth, endpoint: 'http://127.0.0.1:9', signInFlow: 'USER_PASSWORD_AUTH' } }));
    expect(services.store).toBeInstanceOf(SqliteOrderStore);
    expect(services.localMailbox).toBeInstanceOf(LocalMailbox);
    expect(services.mailer).toBe(services.localMailbox);
    expect(services.identity).toBeInstanceOf(CookieTokenIdentity);
    expect(fs.readdirSync(services.config.dataDir).sort()).toEqual(expect.arrayContaining(['mailbox.sqlite', 'orders.sqlite', 'plans.sqlite']));
    expect(services.plans).toBeInstanceOf(SqlitePlanStore);

    const sent: unknown[] = [];
    vi.spyOn(CognitoIdentityProviderClient.prototype, 'send').mockImplementation(async function (this: CognitoIdentityProviderClient, command: unknown) {
      sent.push(command);
      if (command instanceof AdminGetUserCommand) throw new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
      return { User: { Username: 'u-2', Attributes: [{ Name: 'sub', Value: 'sub-2' }] } };
    });
    await services.accounts.provision({ email: 'grace@example.com', name: null });
    const create = sent.find((command) => command instanceof AdminCreateUserCommand) as AdminCreateUserCommand;
    expect(create.input).toMatchObject({ MessageAction: 'SUPPRESS', TemporaryPassword: expect.any(String) });
    expect((await services.localMailbox!.list()).map((mail) => mail.key)).toEqual(['invitation:u-2']);
    await services.store.close();
    await services.localMailbox!.close();
  });
});
