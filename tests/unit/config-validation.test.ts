import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfig } from '@/lib/config/config';
import { ConfigError } from '@/lib/config/config-error';

const project = () => fs.mkdtempSync(path.join(os.tmpdir(), 'config-validation-'));
const realOutputs = {
  auth: { user_pool_id: 'us-east-1_Real', user_pool_client_id: 'client', aws_region: 'us-east-1' },
  data: { url: 'https://x.appsync-api.us-east-1.amazonaws.com/graphql', aws_region: 'us-east-1' },
  custom: { orderStoreTables: { order: 'Order-x-NONE', stripeEvent: 'StripeEvent-x-NONE', followUp: 'FollowUp-x-NONE' } },
};

function issuesOf(env: Record<string, string>, cwd = project()): string {
  try {
    buildConfig(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  return '';
}

describe('every variable is checked at start, naming the variable and the fix', () => {
  const refused: Array<[string, Record<string, string>, RegExp]> = [
    ['site URL without a scheme', { NEXT_PUBLIC_SITE_URL: 'localhost:3000' }, /NEXT_PUBLIC_SITE_URL must be an absolute URL with its scheme, such as http:\/\/localhost:3000/],
    ['site URL with a non-web scheme', { NEXT_PUBLIC_SITE_URL: 'ftp://shop.example' }, /NEXT_PUBLIC_SITE_URL must be an absolute URL with its scheme/],
    ['Stripe API base without a scheme', { STRIPE_API_BASE: '127.0.0.1:12111' }, /STRIPE_API_BASE must be an absolute URL with its scheme/],
    ['cognito endpoint without a scheme', { COGNITO_ENDPOINT: 'localhost:9229' }, /COGNITO_ENDPOINT must be an absolute URL with its scheme/],
    ['publishable key on the server', { STRIPE_SECRET_KEY: 'pk_test_51abcdefghijk' }, /not the publishable pk_… key: use sk_test_…/],
    ['webhook secret pasted as the API key', { STRIPE_SECRET_KEY: 'whsec_abcdefghijkl' }, /STRIPE_SECRET_KEY must be a Stripe secret key \(sk_test_…/],
    ['webhook secret without whsec_', { STRIPE_WEBHOOK_SECRET: 'abc' }, /STRIPE_WEBHOOK_SECRET must start with whsec_/],
    ['rate limit zero', { CHECKOUT_RATE_LIMIT_PER_MINUTE: '0' }, /CHECKOUT_RATE_LIMIT_PER_MINUTE must be a positive whole number/],
    ['rate limit words', { CHECKOUT_RATE_LIMIT_PER_MINUTE: 'ten' }, /CHECKOUT_RATE_LIMIT_PER_MINUTE must be a positive whole number/],
    ['rate limit fraction', { CHECKOUT_RATE_LIMIT_PER_MINUTE: '2.5' }, /CHECKOUT_RATE_LIMIT_PER_MINUTE must be a positive whole number/],
    ['unknown time zone', { SHOP_TIME_ZONE: 'Europe/Atlantis' }, /SHOP_TIME_ZONE must be an IANA time zone/],
    ['unknown log level', { LOG_LEVEL: 'verbose' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    ['malformed region', { AWS_REGION: 'Virginia' }, /AWS_REGION must be an AWS region such as us-east-1/],
    ['short reconcile secret', { RECONCILE_SECRET: 'short' }, /RECONCILE_SECRET must be at least 24 characters/],
    ['sender that is not an address', { SES_FROM_ADDRESS: 'orders' }, /SES_FROM_ADDRESS must be an email address/],
    ['parameter name with spaces', { STRIPE_SECRET_KEY_PARAMETER: 'my secret' }, /STRIPE_SECRET_KEY_PARAMETER must be an SSM parameter name/],
    ['follow-up worker elsewhere', { FOLLOW_UP_WORKER: 'lambda' }, /FOLLOW_UP_WORKER must be one of in-process, sibling/],
  ];

  it.each(refused)('%s is refused', (_name, env, message) => {
    expect(issuesOf(env)).toMatch(message);
  });

  const accepted: Array<[string, Record<string, string>]> = [
    ['https site URL', { NEXT_PUBLIC_SITE_URL: 'https://shop.example' }],
    ['restricted key', { STRIPE_SECRET_KEY: 'rk_test_abcdefghijkl', STRIPE_WEBHOOK_SECRET: 'whsec_x' }],
    ['another IANA zone', { SHOP_TIME_ZONE: 'Asia/Kolkata' }],
    ['log level silent', { LOG_LEVEL: 'silent' }],
    ['region', { AWS_REGION: 'ap-southeast-2' }],
    ['parameter path', { STRIPE_SECRET_KEY_PARAMETER: '/harvest-table/prod/stripe-secret-key' }],
    ['follow-up worker in its own process', { FOLLOW_UP_WORKER: 'sibling' }],
  ];

  it.each(accepted)('%s is accepted', (_name, env) => {
    expect(issuesOf(env)).toBe('');
  });

  it('never echoes a secret value in its message', () => {
    const message = issuesOf({ STRIPE_SECRET_KEY: 'pk_live_SUPERSECRETVALUE123', STRIPE_WEBHOOK_SECRET: 'not-whsec-SECRET456' });
    expect(message).toMatch(/STRIPE_SECRET_KEY/);
    expect(message).not.toContain('SUPERSECRETVALUE123');
    expect(message).not.toContain('SECRET456');
  });
});

describe('a deployed cloud server refuses the local defaults', () => {
  const cloud = () => {
    const cwd = project();
    fs.writeFileSync(path.join(cwd, 'amplify_outputs.json'), JSON.stringify(realOutputs));
    return cwd;
  };

  it('names each missing piece: site URL, Stripe key, webhook secret', () => {
    const message = issuesOf({ NODE_ENV: 'production' }, cloud());
    expect(message).toMatch(/NEXT_PUBLIC_SITE_URL: is http:\/\/localhost:3000, a local address/);
    expect(message).toMatch(/STRIPE_SECRET_KEY: not set, so the server would call Local Stripe[\s\S]*STRIPE_SECRET_KEY_PARAMETER/);
    expect(message).toMatch(/STRIPE_WEBHOOK_SECRET: not set, so a generated local secret would be used/);
  });

  it('refuses Local Stripe even with a real key', () => {
    const env = { NODE_ENV: 'production', NEXT_PUBLIC_SITE_URL: 'https://shop.example', STRIPE_SECRET_KEY: 'sk_live_abcdefghijkl', STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_API_BASE: 'http://127.0.0.1:12111' };
    expect(issuesOf(env, cloud())).toMatch(/STRIPE_API_BASE: sends Stripe calls to http:\/\/127\.0\.0\.1:12111/);
  });

  it('writes no generated secret when it refuses', () => {
    const cwd = cloud();
    issuesOf({ NODE_ENV: 'production', NEXT_PUBLIC_SITE_URL: 'https://shop.example', STRIPE_SECRET_KEY: 'sk_live_abcdefghijkl' }, cwd);
    expect(fs.existsSync(path.join(cwd, '.data'))).toBe(false);
  });

  it('starts when everything is real', () => {
    const env = {
      NODE_ENV: 'production',
      NEXT_PUBLIC_SITE_URL: 'https://shop.example',
      STRIPE_SECRET_KEY: 'sk_live_abcdefghijkl',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      SES_FROM_ADDRESS: 'orders@shop.example',
    };
    const config = buildConfig(env, cloud());
    expect(config).toMatchObject({ profile: 'cloud', production: true, siteUrl: 'https://shop.example', stripe: { kind: 'stripe' } });
  });

  it('a sandbox developer (cloud, not production) may still use localhost and Local Stripe', () => {
    expect(buildConfig({ NODE_ENV: 'development', SES_FROM_ADDRESS: 'orders@shop.example' }, cloud())).toMatchObject({ profile: 'cloud', siteUrl: 'http://localhost:3000', stripe: { kind: 'local' } });
  });
});

describe('the SES sender', () => {
  const cloud = () => {
    const cwd = project();
    fs.writeFileSync(path.join(cwd, 'amplify_outputs.json'), JSON.stringify(realOutputs));
    return cwd;
  };
  const real = { NODE_ENV: 'production', NEXT_PUBLIC_SITE_URL: 'https://shop.example', STRIPE_SECRET_KEY: 'sk_live_abcdefghijkl', STRIPE_WEBHOOK_SECRET: 'whsec_x' };

  it('is required with the cloud profile, where SES sends the emails, in production and in a sandbox alike', () => {
    expect(issuesOf(real, cloud())).toMatch(/SES_FROM_ADDRESS: required with the cloud profile \(amplify_outputs\.json exists[\s\S]*verified SES identity/);
    expect(issuesOf({ NODE_ENV: 'development' }, cloud())).toMatch(/SES_FROM_ADDRESS: required with the cloud profile/);
    expect(buildConfig({ ...real, SES_FROM_ADDRESS: 'orders@shop.example' }, cloud()).sesFromAddress).toBe('orders@shop.example');
  });

  it('is not needed by the local profile, whose emails land in the local mailbox', () => {
    expect(buildConfig({}, project())).toMatchObject({ profile: 'local', devSurfaces: true, sesFromAddress: null });
  });
});

describe('.env.example', () => {
  it('copied as it is, starts the local profile with no configuration errors', async () => {
    const { parseEnv } = await import('node:util');
    const { parseLaunchEnv } = await import('@/lib/config/launch-env');
    const example = parseEnv(fs.readFileSync(path.resolve('.env.example'), 'utf8')) as Record<string, string>;
    const cwd = project();
    expect(buildConfig({ ...example, LOCAL_DATA_DIR: path.join(cwd, '.data') }, cwd).profile).toBe('local');
    expect(parseLaunchEnv(example).PORT).toBe(3000);
  });
});
