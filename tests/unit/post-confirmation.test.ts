import type { Context, PostConfirmationTriggerEvent, PostConfirmationTriggerHandler } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The Cognito post-confirmation Lambda, invoked as Cognito would invoke it. Its Amplify wiring is
 * replaced at the module boundary (no AWS): Amplify's data-client config, Amplify.configure, and the
 * AppSync order access, whose claimOrdersByEmail is the one call the handler makes.
 */
const boundary = vi.hoisted(() => ({
  claimOrdersByEmail: vi.fn<(email: string, owner: string) => Promise<number>>(),
  configure: vi.fn(),
  dataClientEnv: vi.fn(),
  transportModes: [] as string[],
}));

vi.mock('@aws-amplify/backend/function/runtime', () => ({
  getAmplifyDataClientConfig: async (env: unknown) => {
    boundary.dataClientEnv(env);
    return { resourceConfig: { API: { GraphQL: { endpoint: 'https://api.example/graphql' } } }, libraryOptions: { Auth: {} } };
  },
}));
vi.mock('aws-amplify', () => ({ Amplify: { configure: boundary.configure } }));
vi.mock('@/lib/adapters/amplify/amplify-data-transport', () => ({
  amplifyDataTransport: (mode: string) => {
    boundary.transportModes.push(mode);
    return {};
  },
}));
vi.mock('@/lib/adapters/amplify/appsync-orders', () => ({
  AppSyncOrders: class {
    claimOrdersByEmail = boundary.claimOrdersByEmail;
  },
}));

const lambdaEnv = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'token',
  AWS_REGION: 'eu-west-1',
  AMPLIFY_DATA_DEFAULT_NAME: 'shopData',
};

function confirmation(overrides: { triggerSource?: string; attributes?: Record<string, string> } = {}): PostConfirmationTriggerEvent {
  return {
    version: '1',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_Pool',
    userName: 'user-123',
    callerContext: { awsSdkVersion: 'aws-sdk-js', clientId: 'client' },
    triggerSource: (overrides.triggerSource ?? 'PostConfirmation_ConfirmSignUp') as PostConfirmationTriggerEvent['triggerSource'],
    request: { userAttributes: overrides.attributes ?? { sub: 'sub-123', email: 'Ada@Example.com', email_verified: 'true' } },
    response: {},
  };
}

/** Imported by a path the root type check does not follow: the handler is type-checked with amplify/tsconfig.json. */
const HANDLER_MODULE = '@/amplify/functions/post-confirmation/handler';

async function loadHandler() {
  vi.resetModules();
  const { handler } = (await import(/* @vite-ignore */ HANDLER_MODULE)) as { handler: PostConfirmationTriggerHandler };
  return (event: PostConfirmationTriggerEvent) => handler(event, {} as Context, () => undefined);
}

let saved: NodeJS.ProcessEnv;
beforeEach(() => {
  saved = { ...process.env };
  Object.assign(process.env, lambdaEnv);
  boundary.claimOrdersByEmail.mockReset();
  boundary.configure.mockReset();
  boundary.dataClientEnv.mockReset();
  boundary.transportModes.length = 0;
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  process.env = saved;
  vi.restoreAllMocks();
});

describe('post-confirmation handler', () => {
  it('configures Amplify once with IAM data access and links the new customer’s earlier orders', async () => {
    boundary.claimOrdersByEmail.mockResolvedValue(2);
    const handle = await loadHandler();
    expect(boundary.dataClientEnv).toHaveBeenCalledWith(expect.objectContaining(lambdaEnv));
    expect(boundary.configure).toHaveBeenCalledWith({ API: { GraphQL: { endpoint: 'https://api.example/graphql' } } }, { Auth: {} });
    expect(boundary.transportModes).toEqual(['iam']);

    const event = confirmation();
    expect(await handle(event)).toBe(event);
    expect(boundary.claimOrdersByEmail).toHaveBeenCalledWith('Ada@Example.com', 'sub-123::user-123');
    expect(console.log).toHaveBeenCalledWith(JSON.stringify({ msg: 'post-confirmation', outcome: { linked: 2 } }));

    await handle(confirmation());
    expect(boundary.configure).toHaveBeenCalledTimes(1); // per cold start, not per invocation
  });

  it.each([
    ['a password reset', { triggerSource: 'PostConfirmation_ConfirmForgotPassword' }, { skipped: 'not-sign-up' }],
    ['an unverified email', { attributes: { sub: 'sub-123', email: 'ada@example.com', email_verified: 'false' } }, { skipped: 'email-not-verified' }],
    ['no sub', { attributes: { email: 'ada@example.com', email_verified: 'true' } }, { skipped: 'no-sub' }],
  ])('links nothing for %s', async (_name, overrides, outcome) => {
    const handle = await loadHandler();
    const event = confirmation(overrides);
    expect(await handle(event)).toBe(event);
    expect(boundary.claimOrdersByEmail).not.toHaveBeenCalled();
    expect(console.log).toHaveBeenCalledWith(JSON.stringify({ msg: 'post-confirmation', outcome }));
  });

  it('still confirms the account when linking fails, and logs why', async () => {
    boundary.claimOrdersByEmail.mockRejectedValue(new Error('AppSync unavailable'));
    const handle = await loadHandler();
    const event = confirmation();
    expect(await handle(event)).toBe(event);
    const logged = vi.mocked(console.error).mock.calls.map(([line]) => JSON.parse(String(line)) as unknown);
    expect(logged).toEqual([
      { msg: 'post-confirmation: linking orders failed', err: { type: 'Error', message: 'AppSync unavailable', stack: expect.stringMatching(/^Error: AppSync unavailable\n\s+at /) } },
    ]);
  });

  it('refuses to start without the credentials and data name Amplify gives it', async () => {
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AMPLIFY_DATA_DEFAULT_NAME;
    await expect(loadHandler()).rejects.toThrow('post-confirmation: missing environment variables AWS_SESSION_TOKEN, AMPLIFY_DATA_DEFAULT_NAME');
  });
});
