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

export function parseLaunchEnv(source: Record<string, string | undefined>): LaunchEnv {
  const result = launchEnvSchema.safeParse(withoutBlanks(source));
  if (!result.success) throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return result.data;
}
