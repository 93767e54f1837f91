import { GetParametersCommand, type GetParametersCommandOutput } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '@/lib/config/config-error';
import { loadSecretsAtStart, resetSecretLoad, secretLoadIssues } from '@/lib/config/secrets-at-start';
import { readSecretParameters, type ParameterClient } from '@/lib/config/ssm-secrets';

/** An SSM stand-in holding SecureString values; records each request. */
function fakeSsm(parameters: Record<string, string>) {
  const requests: Array<GetParametersCommand['input']> = [];
  const client: ParameterClient = {
    send: async (command) => {
      requests.push(command.input);
      const names = command.input.Names ?? [];
      return {
        Parameters: names.filter((name) => name in parameters).map((name) => ({ Name: name, Value: parameters[name], Type: 'SecureString' })),
        InvalidParameters: names.filter((name) => !(name in parameters)),
        $metadata: {},
      } satisfies GetParametersCommandOutput;
    },
  };
  return { client, requests };
}

const names = { STRIPE_SECRET_KEY_PARAMETER: '/shop/prod/stripe-secret-key', STRIPE_WEBHOOK_SECRET_PARAMETER: '/shop/prod/stripe-webhook-secret' };
const stored = { '/shop/prod/stripe-secret-key': 'sk_live_fromssm123456', '/shop/prod/stripe-webhook-secret': 'whsec_fromssm' };

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe('secrets from SSM Parameter Store', () => {
  it('reads both secrets in one decrypted GetParameters call', async () => {
    const ssm = fakeSsm(stored);
    await expect(readSecretParameters(names, ssm.client)).resolves.toEqual({ STRIPE_SECRET_KEY: 'sk_live_fromssm123456', STRIPE_WEBHOOK_SECRET: 'whsec_fromssm' });
    expect(ssm.requests).toEqual([{ Names: ['/shop/prod/stripe-secret-key', '/shop/prod/stripe-webhook-secret'], WithDecryption: true }]);
  });

  it('makes no call when no parameter is named', async () => {
    const ssm = fakeSsm(stored);
    await expect(readSecretParameters({ STRIPE_SECRET_KEY: 'sk_test_abcdefghijkl' }, ssm.client)).resolves.toEqual({});
    expect(ssm.requests).toEqual([]);
  });

  it('names a missing parameter and how to create it', async () => {
    const ssm = fakeSsm({ '/shop/prod/stripe-secret-key': 'sk_live_fromssm123456' });
    expect(await refusal(readSecretParameters(names, ssm.client))).toMatch(
      /STRIPE_WEBHOOK_SECRET_PARAMETER: no parameter \/shop\/prod\/stripe-webhook-secret in SSM Parameter Store[\s\S]*SecureString/,
    );
  });

  it('refuses a secret given both directly and by parameter', async () => {
    const ssm = fakeSsm(stored);
    expect(await refusal(readSecretParameters({ ...names, STRIPE_SECRET_KEY: 'sk_live_inline123456' }, ssm.client))).toMatch(
      /STRIPE_SECRET_KEY: set directly and through STRIPE_SECRET_KEY_PARAMETER/,
    );
    expect(ssm.requests).toEqual([]);
  });

  it('turns access denied into the compute role fix', async () => {
    const denied: ParameterClient = {
      send: async () => {
        throw Object.assign(new Error('User is not authorized to perform ssm:GetParameters'), { name: 'AccessDeniedException' });
      },
    };
    expect(await refusal(readSecretParameters(names, denied))).toMatch(
      /STRIPE_SECRET_KEY_PARAMETER: could not read \/shop\/prod\/stripe-secret-key[\s\S]*AccessDeniedException[\s\S]*ssm:GetParameters and kms:Decrypt/,
    );
  });

  it('gives up when SSM does not answer, by aborting the request', async () => {
    // Hangs until the loader's abort signal fires: the outcome depends on the signal, not on a clock race.
    const silent: ParameterClient = {
      send: (_command, options) =>
        new Promise((_resolve, reject) => {
          options?.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason));
        }),
    };
    expect(await refusal(readSecretParameters(names, silent, 10))).toMatch(/no answer within 0\.01 s/);
  });
});

describe('loading secrets at server start', () => {
  afterEach(() => resetSecretLoad());

  it('puts the secrets into the environment the configuration is built from, once', async () => {
    const ssm = fakeSsm(stored);
    const env: Record<string, string | undefined> = { ...names, AWS_REGION: 'eu-west-1' };
    const regions: Array<string | undefined> = [];
    const make = (region: string | undefined) => (regions.push(region), ssm.client);
    expect(await loadSecretsAtStart(env, make)).toEqual([]);
    expect(await loadSecretsAtStart(env, make)).toEqual([]);
    expect(env.STRIPE_SECRET_KEY).toBe('sk_live_fromssm123456');
    expect(env.STRIPE_WEBHOOK_SECRET).toBe('whsec_fromssm');
    expect(ssm.requests).toHaveLength(1);
    expect(regions).toEqual(['eu-west-1']);
  });

  it('keeps the problems for /api/health instead of crashing the server', async () => {
    const ssm = fakeSsm({});
    expect(await loadSecretsAtStart({ ...names }, () => ssm.client)).toHaveLength(2);
    expect(secretLoadIssues().join('\n')).toMatch(/STRIPE_SECRET_KEY_PARAMETER: no parameter/);
  });

  it('creates no SSM client when no parameter is named', async () => {
    let made = 0;
    expect(await loadSecretsAtStart({}, () => (made++, fakeSsm({}).client))).toEqual([]);
    expect(made).toBe(0);
  });
});
