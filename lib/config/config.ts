import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_COGNITO_LOCAL_ENDPOINT, readLocalUserPool } from '../../common/local-user-pool';
import { readAmplifyOutputs, type AmplifyOutputs } from './amplify-outputs';
import { allOrIssues, ConfigError } from './config-error';
import { DEFAULT_LOCAL_STRIPE_API_BASE, LOCAL_STRIPE_SECRET_KEY, parseEnv, type Env } from './env';
import { mailSenderIssues } from './mail-config';
import { resolveProfile, type Profile, type ProfileDecision } from './profile';
import { secretLoadIssues } from './secrets-at-start';
import { readOrCreateLocalWebhookSecret } from './local-secrets';
import type { CateringRules } from '../domain/checkout/catering-rules';

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
  /** The one runtime profile (lib/config/profile.ts): which backend, and why. */
  profile: Profile;
  profileReason: string;
  /** /dev/mailbox and the local token verifier exist only when this is true (local and twin). */
  devSurfaces: boolean;
  /** Which adapter family: 'local' is SQLite + cognito-local; 'cloud' (cloud and twin) is Amplify Data + Cognito. */
  mode: 'local' | 'cloud';
  siteUrl: string;
  auth: AuthConfig | null;
  /** The Amplify Data (AppSync) API and the model tables the server writes (backend.addOutput), in the cloud and twin profiles. */
  amplifyData: { url: string; region: string; tables: { order: string; stripeEvent: string; followUp: string } } | null;
  sesFromAddress: string | null;
  /** Checkout sessions one client may start per minute (per server process). */
  checkoutRateLimitPerMinute: number;
  /** Proxies in front of the shop that append the client's address to X-Forwarded-For. */
  trustedProxyHops: number;
  /** Bearer secret for POST /api/reconcile (a scheduler's call); the route is off without it. */
  reconcileSecret: string | null;
  /** Where signed order events go (FULFILMENT_WEBHOOK_URL and its secret); null when the hand-off is off. */
  fulfilmentWebhook?: { url: string; secret: string } | null;
  stripe: StripeTarget;
  webhookSecret: string;
  dataDir: string;
  shopTimeZone: string;
  logLevel: Env['LOG_LEVEL'];
  /** Where the local (SQLite) follow-up worker runs; in the cloud profiles the stream-triggered function runs them. */
  followUpWorker: Env['FOLLOW_UP_WORKER'];
  production: boolean;
  /** Lead time, delivery windows and daily capacity enforced at checkout. */
  catering: CateringRules;
  /** The DynamoDB table of per-day capacity in the cloud and twin profiles (custom.capacityTable); null locally. */
  capacityTable: string | null;
}

/**
 * Turns validated environment variables into the app's configuration.
 * With no STRIPE_SECRET_KEY (or with STRIPE_API_BASE set) the SDK targets Local Stripe,
 * and the webhook secret is the one shared with the emulator through the local data directory.
 * Every problem is reported at once, each naming its variable.
 */
export function buildConfig(source: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  const { decision, env } = validateEnvironment(source, cwd);
  const deployed = deployedCloudIssues(decision, env);
  if (deployed.length > 0) throw new ConfigError(deployed);
  const dataDir = path.resolve(cwd, env.LOCAL_DATA_DIR);
  const stripe = resolveStripeTarget(env);
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? localWebhookSecretOrFail(stripe, dataDir);
  const outputs = decision.outputsFile ? readAmplifyOutputs(decision.outputsFile) : null;
  const auth = resolveAuth(env, decision.profile, dataDir, outputs);
  const tables = outputs?.custom?.orderStoreTables ?? tablesFromEnv(env);
  const amplifyData = outputs?.data && tables
    ? { url: outputs.data.url, region: outputs.data.aws_region, tables }
    : env.AMPLIFY_DATA_URL && tables && decision.profile === 'cloud'
      ? { url: env.AMPLIFY_DATA_URL, region: env.AWS_REGION, tables }
      : null;
  requireBackend(decision, auth, amplifyData, env);
  const mail = mailSenderIssues(decision, env);
  if (mail.length > 0) throw new ConfigError(mail);
  return {
    profile: decision.profile,
    profileReason: decision.reason,
    devSurfaces: decision.devSurfaces,
    mode: decision.profile === 'local' ? 'local' : 'cloud',
    auth,
    amplifyData,
    sesFromAddress: env.SES_FROM_ADDRESS ?? null,
    reconcileSecret: env.RECONCILE_SECRET ?? null,
    fulfilmentWebhook: fulfilmentWebhookOrFail(env),
    checkoutRateLimitPerMinute: env.CHECKOUT_RATE_LIMIT_PER_MINUTE,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    siteUrl: env.NEXT_PUBLIC_SITE_URL.replace(/\/+$/, ''),
    stripe,
    webhookSecret,
    dataDir,
    shopTimeZone: env.SHOP_TIME_ZONE,
    logLevel: env.LOG_LEVEL,
    followUpWorker: env.FOLLOW_UP_WORKER,
    production: env.NODE_ENV === 'production',
    capacityTable: decision.profile === 'local' ? null : (outputs?.custom?.capacityTable ?? env.AMPLIFY_CAPACITY_TABLE ?? null),
    catering: { leadTimeHours: env.CHECKOUT_LEAD_TIME_HOURS, deliveryWindows: env.DELIVERY_WINDOWS, dailyCapacityServings: env.DAILY_CAPACITY_SERVINGS },
  };
}

/**
 * The profile and every variable, checked together so one start names every bad variable.
 * The launcher runs this before it starts anything; it reads no backend files.
 */
export function validateEnvironment(source: Record<string, string | undefined>, cwd = process.cwd()): { decision: ProfileDecision; env: Env } {
  const [decision, env] = allOrIssues<[ProfileDecision, Env]>(
    () => resolveProfile(source, cwd),
    () => parseEnv(source),
  );
  return { decision, env };
}

function resolveAuth(env: Env, profile: Profile, dataDir: string, outputs: AmplifyOutputs | null): AuthConfig | null {
  const fromFile =
    profile === 'local'
      ? readLocalUserPool(dataDir)
      : outputs?.auth
        ? { userPoolId: outputs.auth.user_pool_id, clientId: outputs.auth.user_pool_client_id }
        : null;
  const userPoolId = env.COGNITO_USER_POOL_ID ?? fromFile?.userPoolId;
  const clientId = env.COGNITO_CLIENT_ID ?? fromFile?.clientId;
  if (!userPoolId || !clientId) return null;
  // The browser signs in at this endpoint too: cognito-local in local, the twin's Cognito stand-in in twin.
  const endpoint =
    profile === 'local'
      ? (env.COGNITO_ENDPOINT ?? DEFAULT_COGNITO_LOCAL_ENDPOINT)
      : profile === 'twin'
        ? (env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ?? null)
        : null;
  return {
    userPoolId,
    clientId,
    region: outputs?.auth?.aws_region ?? env.AWS_REGION,
    endpoint,
    // cognito-local (behind local and twin) has no SRP.
    signInFlow: endpoint ? 'USER_PASSWORD_AUTH' : 'USER_SRP_AUTH',
  };
}

/** Cloud and twin run only against a whole backend: Amplify Data and a user pool from the same outputs. */
/** The model tables' names when a deployed server has them as variables (.env.production) instead of the outputs file. */
function tablesFromEnv(env: Env): { order: string; stripeEvent: string; followUp: string } | null {
  const { AMPLIFY_ORDER_TABLE: order, AMPLIFY_STRIPE_EVENT_TABLE: stripeEvent, AMPLIFY_FOLLOW_UP_TABLE: followUp } = env;
  return order && stripeEvent && followUp ? { order, stripeEvent, followUp } : null;
}

function requireBackend(decision: ProfileDecision, auth: AuthConfig | null, amplifyData: AppConfig['amplifyData'], env: Env): void {
  if (decision.profile === 'local') return;
  const file = decision.outputsFile ?? '';
  const fix =
    decision.profile === 'twin'
      ? 'start the twin with `npm run dev -- --twin` (or point TWIN_OUTPUTS_FILE at its outputs)'
      : 'run `npx ampx sandbox` (or deploy the branch) so it writes amplify_outputs.json';
  const issues: string[] = [];
  // A deployed server may carry the outputs' values as variables instead (amplify.yml writes them).
  const tableVariables = ['AMPLIFY_ORDER_TABLE', 'AMPLIFY_STRIPE_EVENT_TABLE', 'AMPLIFY_FOLLOW_UP_TABLE'] as const;
  // turbopackIgnore: the outputs path is only known at run time; without it the build traces the whole project.
  if (!fs.existsSync(/* turbopackIgnore: true */ file) && env.AMPLIFY_DATA_URL && !amplifyData) {
    const missing = tableVariables.filter((name) => !env[name]);
    issues.push(`${missing.join(', ')}: required beside AMPLIFY_DATA_URL (the tables the server writes; amplify.yml writes them from custom.orderStoreTables)`);
  } else if (!fs.existsSync(/* turbopackIgnore: true */ file) && !(amplifyData && auth)) {
    issues.push(`${decision.reason.split(' ')[0]}: chose the ${decision.profile} profile, but ${file} does not exist; ${fix}`);
  } else {
    if (!amplifyData) issues.push(`${file}: no data section or no custom.orderStoreTables (profile ${decision.profile}, ${decision.reason}); ${fix}`);
    if (!auth) issues.push(`${file}: no auth section (profile ${decision.profile}, ${decision.reason}); ${fix}`);
  }
  if (decision.profile === 'twin' && !env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER) {
    issues.push('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: required in the twin profile (the twin launcher sets it to its cognito-local)');
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/**
 * A deployed cloud server (production build, cloud profile) must not fall back to the local defaults:
 * a localhost site URL, Local Stripe, or a webhook secret generated on a read-only disk.
 */
function deployedCloudIssues(decision: ProfileDecision, env: Env): string[] {
  if (decision.profile !== 'cloud' || env.NODE_ENV !== 'production') return [];
  const issues: string[] = [];
  const site = new URL(env.NEXT_PUBLIC_SITE_URL);
  if (LOCAL_HOSTS.has(site.hostname)) {
    issues.push(
      `NEXT_PUBLIC_SITE_URL: is ${site.origin}, a local address; set the shop's public URL (Amplify console variable, written into .env.production by amplify.yml)`,
    );
  }
  if (!env.STRIPE_SECRET_KEY) {
    issues.push(
      'STRIPE_SECRET_KEY: not set, so the server would call Local Stripe; store the key in SSM Parameter Store (SecureString) and name it in STRIPE_SECRET_KEY_PARAMETER',
    );
  }
  if (env.STRIPE_API_BASE) issues.push(`STRIPE_API_BASE: sends Stripe calls to ${env.STRIPE_API_BASE} instead of Stripe; remove it`);
  if (!env.STRIPE_WEBHOOK_SECRET) {
    issues.push(
      'STRIPE_WEBHOOK_SECRET: not set, so a generated local secret would be used; store the endpoint secret (whsec_…) in SSM Parameter Store and name it in STRIPE_WEBHOOK_SECRET_PARAMETER',
    );
  }
  return issues;
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

/** The hand-off is off without a URL; a URL without its signing secret is a mistake, not "unsigned". */
function fulfilmentWebhookOrFail(env: Env): AppConfig['fulfilmentWebhook'] {
  if (!env.FULFILMENT_WEBHOOK_URL) return null;
  if (!env.FULFILMENT_WEBHOOK_SECRET) {
    throw new ConfigError([
      'FULFILMENT_WEBHOOK_SECRET: required with FULFILMENT_WEBHOOK_URL (the shared secret the receiver verifies Harvest-Signature with; in the cloud name its SSM parameter in FULFILMENT_WEBHOOK_SECRET_PARAMETER)',
    ]);
  }
  return { url: env.FULFILMENT_WEBHOOK_URL, secret: env.FULFILMENT_WEBHOOK_SECRET };
}

function localWebhookSecretOrFail(stripe: StripeTarget, dataDir: string): string {
  if (stripe.kind === 'stripe') {
    throw new ConfigError([
      'STRIPE_WEBHOOK_SECRET: required with a real STRIPE_SECRET_KEY (the whsec_… secret from `stripe listen` or your Dashboard endpoint)',
    ]);
  }
  return readOrCreateLocalWebhookSecret(dataDir);
}

let cached: AppConfig | undefined;

/**
 * The process-wide configuration, validated on first use (never at build time). Problems from the
 * start-up secret load (instrumentation.ts) are reported with the rest.
 */
export function getConfig(): AppConfig {
  if (cached) return cached;
  const issues = [...secretLoadIssues()];
  try {
    cached = buildConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0 || !cached) {
    cached = undefined;
    throw new ConfigError(issues);
  }
  return cached;
}

/** Every configuration problem of this process, without throwing (for /api/health). */
export function configurationIssues(): string[] {
  try {
    getConfig();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    return [`configuration: ${(error as Error).message}`];
  }
}
