import { z } from 'zod';
import { ConfigError } from './config-error';
import { withoutBlanks } from './profile';
import { DEFAULT_DAILY_CAPACITY_SERVINGS, DEFAULT_LEAD_TIME_HOURS } from '../domain/checkout/catering-rules';
import { DELIVERY_WINDOWS, parseDeliveryWindows } from '../domain/checkout/delivery-window';

/**
 * Every environment variable the server reads, validated once.
 * Missing optional values fall back to the local emulators, so a fresh clone runs with no configuration.
 */
export const LOCAL_STRIPE_SECRET_KEY = 'sk_test_local_emulator_key';
export const DEFAULT_LOCAL_STRIPE_API_BASE = 'http://127.0.0.1:12111';

const optionalString = z.string().trim().optional();

/** An absolute http(s) URL: `localhost:3000` parses as a URL with the scheme "localhost:", so the scheme is checked. */
const httpUrl = (variable: string, example: string) =>
  z.url({ protocol: /^https?$/, message: `${variable} must be an absolute URL with its scheme, such as ${example}` });

/** Server-side Stripe keys: a secret (sk_) or restricted (rk_) key; a publishable key is a common slip. */
const stripeSecretKey = z.string().superRefine((key, context) => {
  if (/^(sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/.test(key)) return;
  context.addIssue({
    code: 'custom',
    message: key.startsWith('pk_')
      ? 'STRIPE_SECRET_KEY must be a Stripe secret key, not the publishable pk_… key: use sk_test_… (or a restricted rk_test_…) from Dashboard → Developers → API keys'
      : 'STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…, or a restricted rk_… key)',
  });
});

const parameterName = (variable: string) =>
  z
    .string()
    .regex(/^(arn:\S+|[A-Za-z0-9_.\-/]{1,2048})$/, `${variable} must be an SSM parameter name such as /harvest-table/prod/stripe-secret-key`);

/** A whole number in a range, with one message naming the variable, an example and the range. */
const wholeNumber = (variable: string, min: number, max: number, meaning: string) => {
  const message = `${variable} must be a whole number from ${min} to ${max} (${meaning})`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};

/** "08:00-10:00,10:00-12:00": well-formed, in order, not overlapping. */
const deliveryWindowList = z.string().transform((list, context) => {
  const parsed = parseDeliveryWindows(list);
  if (parsed.ok) return parsed.windows;
  context.addIssue({ code: 'custom', message: `DELIVERY_WINDOWS must be comma-separated HH:MM-HH:MM windows such as 08:00-10:00,10:00-12:00: ${parsed.problems.join('; ')}` });
  return z.NEVER;
});

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const FOLLOW_UP_WORKER_PLACES = ['in-process', 'sibling'] as const;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  NEXT_PUBLIC_SITE_URL: httpUrl('NEXT_PUBLIC_SITE_URL', 'http://localhost:3000').default('http://localhost:3000'),
  STRIPE_SECRET_KEY: optionalString.pipe(stripeSecretKey.optional()),
  STRIPE_API_BASE: optionalString.pipe(httpUrl('STRIPE_API_BASE', 'http://127.0.0.1:12111').optional()),
  /** In the cloud the secrets come from SSM Parameter Store at start (lib/config/ssm-secrets.ts). */
  STRIPE_SECRET_KEY_PARAMETER: optionalString.pipe(parameterName('STRIPE_SECRET_KEY_PARAMETER').optional()),
  STRIPE_WEBHOOK_SECRET_PARAMETER: optionalString.pipe(parameterName('STRIPE_WEBHOOK_SECRET_PARAMETER').optional()),
  RECONCILE_SECRET_PARAMETER: optionalString.pipe(parameterName('RECONCILE_SECRET_PARAMETER').optional()),
  /** The Amplify Data endpoint when amplify_outputs.json is not beside the server (Amplify Hosting: written into .env.production). */
  AMPLIFY_DATA_URL: optionalString.pipe(z.url({ protocol: /^https?$/, message: 'AMPLIFY_DATA_URL must be the AppSync GraphQL URL (data.url in amplify_outputs.json)' }).optional()),
  /** The model tables the server writes in one transaction, beside AMPLIFY_DATA_URL (custom.orderStoreTables in the outputs). */
  AMPLIFY_ORDER_TABLE: optionalString,
  AMPLIFY_STRIPE_EVENT_TABLE: optionalString,
  AMPLIFY_FOLLOW_UP_TABLE: optionalString,
  /** The per-day capacity table beside them (custom.capacityTable in the outputs). */
  AMPLIFY_CAPACITY_TABLE: optionalString,
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
  TRUSTED_PROXY_HOPS: z.coerce
    .number({ error: 'TRUSTED_PROXY_HOPS must be a whole number from 1 to 5 (proxies in front that append to X-Forwarded-For)' })
    .int('TRUSTED_PROXY_HOPS must be a whole number from 1 to 5 (proxies in front that append to X-Forwarded-For)')
    .min(1, 'TRUSTED_PROXY_HOPS must be a whole number from 1 to 5 (proxies in front that append to X-Forwarded-For)')
    .max(5, 'TRUSTED_PROXY_HOPS must be a whole number from 1 to 5 (proxies in front that append to X-Forwarded-For)')
    .default(1),
  RECONCILE_SECRET: optionalString.pipe(z.string().min(24, 'RECONCILE_SECRET must be at least 24 characters').optional()),
  /** The fulfilment system's receiver for signed order events; the hand-off is off without it. */
  FULFILMENT_WEBHOOK_URL: optionalString.pipe(httpUrl('FULFILMENT_WEBHOOK_URL', 'https://fulfilment.example.com/hooks/harvest').optional()),
  FULFILMENT_WEBHOOK_SECRET: optionalString.pipe(z.string().min(24, 'FULFILMENT_WEBHOOK_SECRET must be at least 24 characters').optional()),
  FULFILMENT_WEBHOOK_SECRET_PARAMETER: optionalString.pipe(parameterName('FULFILMENT_WEBHOOK_SECRET_PARAMETER').optional()),
  COGNITO_USER_POOL_ID: optionalString,
  COGNITO_CLIENT_ID: optionalString,
  COGNITO_ENDPOINT: optionalString.pipe(httpUrl('COGNITO_ENDPOINT', 'http://127.0.0.1:9229').optional()),
  /** Set by the twin launcher: the AWS SDK's standard per-service endpoint, also where the browser signs in. */
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: optionalString.pipe(
    httpUrl('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', 'http://127.0.0.1:9229').optional(),
  ),
  AWS_REGION: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'AWS_REGION must be an AWS region such as us-east-1')
    .default('us-east-1'),
  SES_FROM_ADDRESS: optionalString.pipe(z.email({ message: 'SES_FROM_ADDRESS must be an email address' }).optional()),
  /** The catering rules at checkout (lib/domain/checkout/catering-rules.ts). */
  CHECKOUT_LEAD_TIME_HOURS: wholeNumber('CHECKOUT_LEAD_TIME_HOURS', 1, 720, 'hours of notice before a delivery window starts, such as 48').default(DEFAULT_LEAD_TIME_HOURS),
  DELIVERY_WINDOWS: deliveryWindowList.default([...DELIVERY_WINDOWS]),
  DAILY_CAPACITY_SERVINGS: wholeNumber('DAILY_CAPACITY_SERVINGS', 1, 1_000_000, 'servings the kitchen can make per delivery date, such as 400').default(
    DEFAULT_DAILY_CAPACITY_SERVINGS,
  ),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  /**
   * Where the local follow-up worker runs: in the server process, or in its own process beside it (the launcher
   * starts it, scripts/follow-up-worker.ts), so account and email work never shares the webhook's CPU.
   */
  FOLLOW_UP_WORKER: z.enum(FOLLOW_UP_WORKER_PLACES, { error: `FOLLOW_UP_WORKER must be one of ${FOLLOW_UP_WORKER_PLACES.join(', ')}` }).default('in-process'),
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
