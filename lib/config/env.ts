import { z } from 'zod';
import { ConfigError } from './config-error';
import { withoutBlanks } from './profile';

/**
 * Every environment variable the server reads, validated once.
 * Missing optional values fall back to the local emulators, so a fresh clone runs with no configuration.
 */
export const LOCAL_STRIPE_SECRET_KEY = 'sk_test_local_emulator_key';
export const DEFAULT_LOCAL_STRIPE_API_BASE = 'http://127.0.0.1:12111';

const optionalString = z.string().trim().optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  NEXT_PUBLIC_SITE_URL: z.url({ message: 'NEXT_PUBLIC_SITE_URL must be an absolute URL such as http://localhost:3000' }).default('http://localhost:3000'),
  STRIPE_SECRET_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/, 'STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…)')
      .optional(),
  ),
  STRIPE_API_BASE: optionalString.pipe(z.url({ message: 'STRIPE_API_BASE must be a URL such as http://127.0.0.1:12111' }).optional()),
  STRIPE_WEBHOOK_SECRET: optionalString.pipe(
    z.string().startsWith('whsec_', 'STRIPE_WEBHOOK_SECRET must start with whsec_').optional(),
  ),
  LOCAL_DATA_DIR: z.string().trim().min(1).default('.data'),
  SHOP_TIME_ZONE: z
    .string()
    .default('America/New_York')
    .refine(isValidTimeZone, 'SHOP_TIME_ZONE must be an IANA time zone such as America/New_York'),
  CHECKOUT_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ error: 'CHECKOUT_RATE_LIMIT_PER_MINUTE must be a positive whole number such as 10' })
    .int('CHECKOUT_RATE_LIMIT_PER_MINUTE must be a positive whole number such as 10')
    .positive('CHECKOUT_RATE_LIMIT_PER_MINUTE must be a positive whole number such as 10')
    .default(10),
  RECONCILE_SECRET: optionalString.pipe(z.string().min(24, 'RECONCILE_SECRET must be at least 24 characters').optional()),
  COGNITO_USER_POOL_ID: optionalString,
  COGNITO_CLIENT_ID: optionalString,
  COGNITO_ENDPOINT: optionalString.pipe(z.url({ message: 'COGNITO_ENDPOINT must be a URL such as http://127.0.0.1:9229' }).optional()),
  /** Set by the twin launcher: the AWS SDK's standard per-service endpoint, also where the browser signs in. */
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: optionalString.pipe(
    z.url({ message: 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER must be a URL such as http://127.0.0.1:9229' }).optional(),
  ),
  AWS_REGION: z.string().trim().default('us-east-1'),
  SES_FROM_ADDRESS: optionalString.pipe(z.email({ message: 'SES_FROM_ADDRESS must be an email address' }).optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawEnv = z.input<typeof envSchema>;
export type Env = z.output<typeof envSchema>;

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export { ConfigError };

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(withoutBlanks(source));
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`));
  }
  return result.data;
}
