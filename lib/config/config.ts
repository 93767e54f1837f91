import path from 'node:path';
import { DEFAULT_COGNITO_LOCAL_ENDPOINT, readLocalUserPool } from '../local/local-user-pool';
import { readAmplifyOutputs, type AmplifyOutputs } from './amplify-outputs';
import { DEFAULT_LOCAL_STRIPE_API_BASE, LOCAL_STRIPE_SECRET_KEY, parseEnv, type Env } from './env';
import { readOrCreateLocalWebhookSecret } from '../local/local-secrets';

/** Where the Stripe SDK sends its requests: real Stripe, or Local Stripe at a host/port. */
export type StripeTarget =
  | { kind: 'stripe'; secretKey: string }
  | { kind: 'local'; secretKey: string; host: string; port: number; protocol: 'http' | 'https'; apiBase: string };

/** The user pool customers sign in to: Cognito, or cognito-local (then `endpoint` is set). */
export interface AuthConfig {
  userPoolId: string;
  clientId: string;
  region: string;
  endpoint: string | null;
  /** cognito-local supports only USER_PASSWORD_AUTH; Cognito keeps SRP. */
  signInFlow: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH';
}

export interface AppConfig {
  /** 'cloud' uses Amplify Data, Cognito and SES; 'local' uses SQLite, cognito-local and the local mailbox. */
  mode: 'local' | 'cloud';
  siteUrl: string;
  auth: AuthConfig | null;
  /** The Amplify Data (AppSync) API in cloud mode. */
  amplifyData: { url: string; region: string; tables: { order: string; stripeEvent: string; followUp: string } } | null;
  sesFromAddress: string | null;
  /** Checkout sessions one client may start per minute (per server process). */
  checkoutRateLimitPerMinute: number;
  /** Bearer secret for POST /api/reconcile (a scheduler's call); the route is off without it. */
  reconcileSecret: string | null;
  stripe: StripeTarget;
  webhookSecret: string;
  dataDir: string;
  shopTimeZone: string;
  logLevel: Env['LOG_LEVEL'];
  production: boolean;
}

/**
 * Turns validated environment variables into the app's configuration.
 * With no STRIPE_SECRET_KEY (or with STRIPE_API_BASE set) the SDK targets Local Stripe,
 * and the webhook secret is the one shared with the emulator through the local data directory.
 */
export function buildConfig(source: Record<string, string | undefined>): AppConfig {
  const env = parseEnv(source);
  const dataDir = path.resolve(env.LOCAL_DATA_DIR);
  const stripe = resolveStripeTarget(env);
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? localWebhookSecretOrFail(stripe, dataDir);
  const outputs = readAmplifyOutputs();
  const mode = env.APP_MODE ?? (outputs ? 'cloud' : 'local');
  return {
    mode,
    auth: resolveAuth(env, mode, dataDir, outputs),
    amplifyData:
      outputs?.data && outputs.custom?.orderStoreTables
        ? { url: outputs.data.url, region: outputs.data.aws_region, tables: outputs.custom.orderStoreTables }
        : null,
    sesFromAddress: env.SES_FROM_ADDRESS ?? null,
    reconcileSecret: env.RECONCILE_SECRET ?? null,
    checkoutRateLimitPerMinute: env.CHECKOUT_RATE_LIMIT_PER_MINUTE,
    siteUrl: env.NEXT_PUBLIC_SITE_URL.replace(/\/+$/, ''),
    stripe,
    webhookSecret,
    dataDir,
    shopTimeZone: env.SHOP_TIME_ZONE,
    logLevel: env.LOG_LEVEL,
    production: env.NODE_ENV === 'production',
  };
}

function resolveAuth(env: Env, mode: 'local' | 'cloud', dataDir: string, outputs: AmplifyOutputs | null): AuthConfig | null {
  const fromFile =
    mode === 'local'
      ? readLocalUserPool(dataDir)
      : outputs?.auth
        ? { userPoolId: outputs.auth.user_pool_id, clientId: outputs.auth.user_pool_client_id }
        : null;
  const userPoolId = env.COGNITO_USER_POOL_ID ?? fromFile?.userPoolId;
  const clientId = env.COGNITO_CLIENT_ID ?? fromFile?.clientId;
  if (!userPoolId || !clientId) return null;
  const endpoint = env.COGNITO_ENDPOINT ?? (mode === 'local' ? DEFAULT_COGNITO_LOCAL_ENDPOINT : null);
  return {
    userPoolId,
    clientId,
    region: outputs?.auth?.aws_region ?? env.AWS_REGION,
    endpoint,
    signInFlow: endpoint ? 'USER_PASSWORD_AUTH' : 'USER_SRP_AUTH',
  };
}

function resolveStripeTarget(env: Env): StripeTarget {
  if (env.STRIPE_SECRET_KEY && !env.STRIPE_API_BASE) {
    return { kind: 'stripe', secretKey: env.STRIPE_SECRET_KEY };
  }
  const apiBase = new URL(env.STRIPE_API_BASE ?? DEFAULT_LOCAL_STRIPE_API_BASE);
  const protocol = apiBase.protocol === 'https:' ? 'https' : 'http';
  return {
    kind: 'local',
    secretKey: env.STRIPE_SECRET_KEY ?? LOCAL_STRIPE_SECRET_KEY,
    host: apiBase.hostname,
    port: Number(apiBase.port || (protocol === 'https' ? 443 : 80)),
    protocol,
    apiBase: apiBase.origin,
  };
}

function localWebhookSecretOrFail(stripe: StripeTarget, dataDir: string): string {
  if (stripe.kind === 'stripe') {
    throw new Error(
      'Invalid configuration:\n  - STRIPE_WEBHOOK_SECRET: required with a real STRIPE_SECRET_KEY (the whsec_… secret from `stripe listen` or your Dashboard endpoint)',
    );
  }
  return readOrCreateLocalWebhookSecret(dataDir);
}

let cached: AppConfig | undefined;

/** The process-wide configuration, validated on first use (never at build time). */
export function getConfig(): AppConfig {
  cached ??= buildConfig(process.env);
  return cached;
}
