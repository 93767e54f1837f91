import { z } from 'zod';
import { ConfigError } from './config-error';
import { withoutBlanks } from './profile';

/** Variables only the launcher reads (ports, bind address, emulator timing), checked before anything starts. */
const port = (variable: string, fallback: number) =>
  z.coerce
    .number({ error: `${variable} must be a port number between 1 and 65535` })
    .int(`${variable} must be a port number between 1 and 65535`)
    .min(1, `${variable} must be a port number between 1 and 65535`)
    .max(65535, `${variable} must be a port number between 1 and 65535`)
    .default(fallback);

const launchEnvSchema = z.object({
  PORT: port('PORT', 3000),
  STRIPE_EMULATOR_PORT: port('STRIPE_EMULATOR_PORT', 12111),
  COGNITO_LOCAL_PORT: port('COGNITO_LOCAL_PORT', 9229),
  HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:\-[\]]+$/, 'HOST must be an address to listen on, such as 127.0.0.1 or 0.0.0.0 (no scheme, no port)')
    .default('127.0.0.1'),
  STRIPE_WEBHOOK_RETRY_SCALE: z.coerce
    .number({ error: 'STRIPE_WEBHOOK_RETRY_SCALE must be a positive number such as 1 or 0.001' })
    .positive('STRIPE_WEBHOOK_RETRY_SCALE must be a positive number such as 1 or 0.001')
    .default(1),
  STRIPE_ASYNC_PAYMENT_DELAY_MS: z.coerce
    .number({ error: 'STRIPE_ASYNC_PAYMENT_DELAY_MS must be a whole number of milliseconds such as 10000' })
    .int('STRIPE_ASYNC_PAYMENT_DELAY_MS must be a whole number of milliseconds such as 10000')
    .nonnegative('STRIPE_ASYNC_PAYMENT_DELAY_MS must be a whole number of milliseconds such as 10000')
    .optional(),
});

export type LaunchEnv = z.output<typeof launchEnvSchema>;

/** Parses the variables a schema names, or throws ConfigError naming each bad one. */
function parseOrRefuse<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.output<T> {
  const result = schema.safeParse(withoutBlanks(source));
  if (!result.success) throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return result.data;
}

export function parseLaunchEnv(source: Record<string, string | undefined>): LaunchEnv {
  return parseOrRefuse(launchEnvSchema, source);
}

/** The Amplify twin's ports (`--twin`): its AppSync front, the simulator and its socket, DynamoDB Local, cognito-local, the Lambda host. */
const twinPortsSchema = z.object({
  TWIN_APPSYNC_PORT: port('TWIN_APPSYNC_PORT', 20002),
  TWIN_SIMULATOR_PORT: port('TWIN_SIMULATOR_PORT', 20003),
  TWIN_SIMULATOR_WS_PORT: port('TWIN_SIMULATOR_WS_PORT', 20004),
  TWIN_DYNAMODB_PORT: port('TWIN_DYNAMODB_PORT', 8000),
  TWIN_COGNITO_PORT: port('TWIN_COGNITO_PORT', 9329),
  TWIN_LAMBDA_PORT: port('TWIN_LAMBDA_PORT', 20005),
});

export type TwinPortsEnv = z.output<typeof twinPortsSchema>;

export function parseTwinPorts(source: Record<string, string | undefined>): TwinPortsEnv {
  return parseOrRefuse(twinPortsSchema, source);
}
