import { describe, expect, it } from 'vitest';
import { parseTwinPorts } from '@/lib/config/launch-env';
import { ConfigError } from '@/lib/config/config-error';

describe("the twin's ports (npm run dev -- --twin)", () => {
  it('defaults, and takes each from its variable', () => {
    expect(parseTwinPorts({})).toEqual({
      TWIN_APPSYNC_PORT: 20002,
      TWIN_SIMULATOR_PORT: 20003,
      TWIN_SIMULATOR_WS_PORT: 20004,
      TWIN_DYNAMODB_PORT: 8000,
      TWIN_COGNITO_PORT: 9329,
      TWIN_LAMBDA_PORT: 20005,
    });
    expect(parseTwinPorts({ TWIN_DYNAMODB_PORT: '48003', TWIN_LAMBDA_PORT: ' ' })).toMatchObject({ TWIN_DYNAMODB_PORT: 48003, TWIN_LAMBDA_PORT: 20005 });
  });

  it.each([
    [{ TWIN_APPSYNC_PORT: 'abc' }, /TWIN_APPSYNC_PORT: TWIN_APPSYNC_PORT must be a port number between 1 and 65535/],
    [{ TWIN_DYNAMODB_PORT: '70000' }, /TWIN_DYNAMODB_PORT must be a port number/],
    [{ TWIN_COGNITO_PORT: '0' }, /TWIN_COGNITO_PORT must be a port number/],
    [{ TWIN_LAMBDA_PORT: '20005.5' }, /TWIN_LAMBDA_PORT must be a port number/],
  ])('%o is refused, naming the variable', (env, message) => {
    expect(() => parseTwinPorts(env)).toThrow(ConfigError);
    expect(() => parseTwinPorts(env)).toThrow(message);
  });
});
