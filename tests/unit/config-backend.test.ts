import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfig } from '@/lib/config/config';
import { launchSettings } from '@/scripts/lib/launch-settings';

const outputs = (pool: string) => ({
  auth: { user_pool_id: pool, user_pool_client_id: 'client-1', aws_region: 'eu-west-1' },
  data: { url: 'https://abc.appsync-api.eu-west-1.amazonaws.com/graphql', aws_region: 'eu-west-1' },
  custom: { orderStoreTables: { order: 'Order-abc-NONE', stripeEvent: 'StripeEvent-abc-NONE', followUp: 'FollowUp-abc-NONE' } },
});

function project(files: Record<string, unknown> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), JSON.stringify(content));
  }
  return dir;
}

const stripe = { STRIPE_SECRET_KEY: 'sk_test_abcdefghijkl', STRIPE_WEBHOOK_SECRET: 'whsec_abc' };

describe('the profile drives the whole configuration', () => {
  it('cloud takes data and auth from amplify_outputs.json, signs in with SRP and has no dev surfaces', () => {
    const cwd = project({ 'amplify_outputs.json': outputs('eu-west-1_real') });
    const config = buildConfig({ ...stripe, SES_FROM_ADDRESS: 'orders@shop.example' }, cwd);
    expect(config).toMatchObject({ profile: 'cloud', mode: 'cloud', devSurfaces: false });
    expect(config.auth).toEqual({ userPoolId: 'eu-west-1_real', clientId: 'client-1', region: 'eu-west-1', endpoint: null, signInFlow: 'USER_SRP_AUTH' });
    expect(config.amplifyData?.url).toContain('appsync-api');
  });

  it('twin reads only its own outputs file and signs in at the twin endpoint', () => {
    const cwd = project({ 'amplify_outputs.json': outputs('eu-west-1_REAL'), '.data/twin/amplify_outputs.json': outputs('us-east-1_twin') });
    const config = buildConfig({ ...stripe, APP_PROFILE: 'twin', AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:15130' }, cwd);
    expect(config).toMatchObject({ profile: 'twin', mode: 'cloud', devSurfaces: true });
    expect(config.auth).toMatchObject({ userPoolId: 'us-east-1_twin', endpoint: 'http://127.0.0.1:15130', signInFlow: 'USER_PASSWORD_AUTH' });
  });

  it('twin without its outputs says how to start it', () => {
    const cwd = project({ 'amplify_outputs.json': outputs('eu-west-1_REAL') });
    expect(() => buildConfig({ ...stripe, APP_PROFILE: 'twin' }, cwd)).toThrow(
      /APP_PROFILE=twin: chose the twin profile, but \S+twin\/amplify_outputs\.json does not exist; start the twin with `npm run dev -- --twin`[\s\S]*AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: required/,
    );
  });

  it('explicit cloud without outputs names the missing backend', () => {
    expect(() => buildConfig({ ...stripe, APP_PROFILE: 'cloud' }, project())).toThrow(/amplify_outputs\.json does not exist; run `npx ampx sandbox`/);
  });

  it('a deployed server without the outputs file runs from the values amplify.yml wrote into .env.production', () => {
    const tables = { AMPLIFY_ORDER_TABLE: 'Order-p-NONE', AMPLIFY_STRIPE_EVENT_TABLE: 'StripeEvent-p-NONE', AMPLIFY_FOLLOW_UP_TABLE: 'FollowUp-p-NONE' };
    const env = {
      ...stripe,
      ...tables,
      APP_PROFILE: 'cloud',
      COGNITO_USER_POOL_ID: 'eu-west-1_P',
      COGNITO_CLIENT_ID: 'c',
      AWS_REGION: 'eu-west-1',
      AMPLIFY_DATA_URL: 'https://x.appsync-api.eu-west-1.amazonaws.com/graphql',
      SES_FROM_ADDRESS: 'orders@shop.example',
    };
    const config = buildConfig(env, project());
    expect(config.amplifyData).toEqual({
      url: env.AMPLIFY_DATA_URL,
      region: 'eu-west-1',
      tables: { order: 'Order-p-NONE', stripeEvent: 'StripeEvent-p-NONE', followUp: 'FollowUp-p-NONE' },
    });
    // Without the table names the server cannot write an event and its order in one transaction: refused.
    const withoutOneTable: Record<string, string> = { ...env };
    delete withoutOneTable.AMPLIFY_FOLLOW_UP_TABLE;
    expect(() => buildConfig(withoutOneTable, project())).toThrow(/AMPLIFY_FOLLOW_UP_TABLE: required beside AMPLIFY_DATA_URL/);
    expect(config.auth).toMatchObject({ userPoolId: 'eu-west-1_P', region: 'eu-west-1', endpoint: null });
  });

  it('outputs without a data section are named', () => {
    const cwd = project({ 'amplify_outputs.json': { auth: outputs('eu-west-1_x').auth } });
    expect(() => buildConfig(stripe, cwd)).toThrow(/amplify_outputs\.json: no data section or no custom\.orderStoreTables \(profile cloud/);
  });

  it('a malformed outputs file is refused by name', () => {
    const cwd = project({ 'amplify_outputs.json': { data: { url: 'not a url' } } });
    expect(() => buildConfig(stripe, cwd)).toThrow(/amplify_outputs\.json is not what `npx ampx sandbox` writes/);
  });

  it('profile and variable problems are reported together', () => {
    expect(() => buildConfig({ APP_PROFILE: 'nope', SHOP_TIME_ZONE: 'Mars/Olympus' }, project())).toThrow(
      /APP_PROFILE: must be local, twin or cloud[\s\S]*SHOP_TIME_ZONE must be an IANA time zone/,
    );
  });
});

describe('launcher settings', () => {
  it('binds to loopback by default and decides with the server NODE_ENV', () => {
    const settings = launchSettings({ ALLOW_LOCAL_PROFILE_IN_PRODUCTION: '1' }, 'start', project());
    expect(settings).toMatchObject({ host: '127.0.0.1', reachableHost: '127.0.0.1', warnings: [] });
    expect(settings.decision.profile).toBe('local');
  });

  it('refuses `next start` in local without the opt-in, even when the launcher itself is not production', () => {
    expect(() => launchSettings({ NODE_ENV: 'development' }, 'start', project())).toThrow(/refuses the local profile/);
  });

  it('warns loudly when HOST exposes the local profile, and reaches a wildcard bind on loopback', () => {
    const settings = launchSettings({ HOST: '0.0.0.0' }, 'dev', project());
    expect(settings.host).toBe('0.0.0.0');
    expect(settings.reachableHost).toBe('127.0.0.1');
    expect(settings.warnings.join('\n')).toMatch(/WARNING: HOST=0\.0\.0\.0[\s\S]*\/dev\/mailbox/);
  });

  it('does not warn for a cloud profile on another interface', () => {
    const cwd = project({ 'amplify_outputs.json': outputs('eu-west-1_real') });
    expect(launchSettings({ HOST: '::' }, 'dev', cwd)).toMatchObject({ reachableHost: '127.0.0.1', warnings: [] });
  });
});
