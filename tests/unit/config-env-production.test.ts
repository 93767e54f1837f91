import { describe, expect, it } from 'vitest';
import { envProductionLines } from '@/scripts/lib/env-production';

const outputs = {
  auth: { user_pool_id: 'eu-west-1_Pool', user_pool_client_id: 'client123', aws_region: 'eu-west-1' },
  data: { url: 'https://abc.appsync-api.eu-west-1.amazonaws.com/graphql', aws_region: 'eu-west-1' },
};

describe('.env.production written by the Amplify build', () => {
  it('carries the profile, the backend and the non-secret settings, with parameter names for secrets', () => {
    const lines = envProductionLines(
      {
        NEXT_PUBLIC_SITE_URL: 'https://shop.example',
        SES_FROM_ADDRESS: 'orders@shop.example',
        STRIPE_SECRET_KEY_PARAMETER: '/shop/prod/stripe-secret-key',
        STRIPE_WEBHOOK_SECRET_PARAMETER: '/shop/prod/stripe-webhook-secret',
        AWS_SECRET_ACCESS_KEY: 'the build role credentials',
        SHOP_TIME_ZONE: 'Europe/London',
      },
      outputs,
    );
    expect(lines).toEqual([
      'APP_PROFILE=cloud',
      'AWS_REGION=eu-west-1',
      'AMPLIFY_DATA_URL=https://abc.appsync-api.eu-west-1.amazonaws.com/graphql',
      'COGNITO_USER_POOL_ID=eu-west-1_Pool',
      'COGNITO_CLIENT_ID=client123',
      'NEXT_PUBLIC_SITE_URL=https://shop.example',
      'SES_FROM_ADDRESS=orders@shop.example',
      'SHOP_TIME_ZONE=Europe/London',
      'STRIPE_SECRET_KEY_PARAMETER=/shop/prod/stripe-secret-key',
      'STRIPE_WEBHOOK_SECRET_PARAMETER=/shop/prod/stripe-webhook-secret',
    ]);
  });

  it.each(['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'RECONCILE_SECRET'])('refuses to write %s, naming its parameter variable', (secret) => {
    expect(() => envProductionLines({ [secret]: 'sk_live_value' }, outputs)).toThrow(new RegExp(`${secret}: is set as a build variable[\\s\\S]*${secret}_PARAMETER`));
  });

  it('refuses a build without the backend outputs', () => {
    expect(() => envProductionLines({}, null)).toThrow(/amplify_outputs\.json: missing/);
  });

  it('quotes values dotenv would misread, and refuses multi-line ones', () => {
    expect(envProductionLines({ SES_FROM_ADDRESS: 'Harvest Table <orders@shop.example>' }, outputs)).toContain('SES_FROM_ADDRESS="Harvest Table <orders@shop.example>"');
    expect(() => envProductionLines({ NEXT_PUBLIC_SITE_URL: 'https://a\nEVIL=1' }, outputs)).toThrow(/NEXT_PUBLIC_SITE_URL: a value on more than one line/);
  });
});
