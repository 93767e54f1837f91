import 'server-only';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import path from 'node:path';
import type Stripe from 'stripe';
import type { AccountProvisioner } from './domain/accounts/account';
import { CognitoAccountProvisioner } from './adapters/cognito/cognito-provisioner';
import { unavailableProvisioner } from './adapters/unconfigured/unavailable-provisioner';
import { AmplifyServerIdentity } from './adapters/cognito/amplify-server-identity';
import { CookieTokenIdentity, noIdentity, type IdentityResolver } from './services/auth/identity-resolver';
import { LocalIdTokenVerifier } from './adapters/cognito/local-token-verifier';
import { fetchCatalog, fetchCatalogItems, type CatalogItem } from './services/catalog/catalog';
import { systemClock, type Clock } from './domain/clock';
import { getConfig, type AppConfig, type AuthConfig } from './config/config';
import { FollowUpWorker } from './services/followups/worker';
import { wakeOnCommits } from './services/followups/commit-wake';
import type { FulfilmentWebhookTarget } from './services/fulfilment-handoff/deliver';
import { createLogger, type Logger } from './logger';
import { sesSender } from './config/mail-config';
import { LocalMailbox } from './adapters/local/local-mailbox';
import type { Mailer } from './domain/mail/mailer';
import { SesMailer } from './adapters/ses/ses-mailer';
import type { OrderStoreBackend } from './domain/orders/order-store';
import { openAmplifyOrderStore } from './adapters/amplify/open-amplify-order-store';
import { SqliteOrderStore } from './adapters/sqlite/sqlite-order-store';
import { createCheckoutRateLimiter } from './security/checkout-rate-limit';
import { awsClientTimeouts } from './security/outbound-timeouts';
import type { RateLimiter } from './security/rate-limiter';
import { createStripeClient } from './adapters/stripe/stripe-client';
import { getShopDetails, type ShopDetails } from './config/shop';
import type { CapacityStore } from './domain/capacity/capacity-store';
import { SqliteCapacityStore } from './adapters/sqlite/sqlite-capacity-store';
import { DynamoCapacityStore } from './adapters/amplify/dynamo-capacity-store';
import { unconfiguredCapacityStore } from './adapters/unconfigured/unconfigured-capacity-store';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PlanStore } from './domain/plans/plan-store';
import { SqlitePlanStore } from './adapters/sqlite/sqlite-plan-store';
import { AppSyncPlanStore } from './adapters/amplify/appsync-plan-store';
import { amplifyDataTransport } from './adapters/amplify/amplify-data-transport';

/** Everything the server side needs, built once per process. */
export interface Services {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  stripe: Stripe;
  /** Every store port (events, orders, follow-ups, cursors) over one backend: hand each consumer the ports it uses. */
  store: OrderStoreBackend;
  loadCatalog: () => Promise<CatalogItem[]>;
  lookupPrices: (priceIds: readonly string[]) => Promise<Map<string, CatalogItem>>;
  accounts: AccountProvisioner;
  mailer: Mailer;
  /** The readable local outbox behind /dev/mailbox; null in the cloud profile. */
  localMailbox: LocalMailbox | null;
  /** Who is signed in on a request (verified). */
  identity: IdentityResolver;
  siteUrl: string;
  checkoutRateLimiter: RateLimiter;
  /** The business's contact details and policies (SHOP_* variables), for customer emails. */
  shop: ShopDetails;
  /** Where signed order events go (FULFILMENT_WEBHOOK_URL); null when the hand-off is off. */
  fulfilmentWebhook: FulfilmentWebhookTarget | null;
  /** Servings held and confirmed per delivery date (lib/domain/capacity, lib/services/capacity). */
  capacity: CapacityStore;
  /** The capacity a confirmation (a follow-up job) checks against. */
  dailyCapacityServings: number;
  /** Recurring catering plans (one per Stripe subscription). */
  plans?: PlanStore;
}

function cognitoClient(config: AppConfig, auth: AuthConfig): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: auth.region,
    ...awsClientTimeouts(),
    ...(config.profile === 'local' && auth.endpoint
      ? // cognito-local accepts any credentials. Twin and cloud use the default chain (and, in the twin,
        // the SDK's own AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER).
        { endpoint: auth.endpoint, credentials: { accessKeyId: 'cognito-local', secretAccessKey: 'cognito-local' } }
      : {}),
  });
}

function cloudStore(config: AppConfig): OrderStoreBackend {
  if (!config.amplifyData) throw new Error(`The ${config.profile} profile has no Amplify Data endpoint`);
  // IAM credentials from the default chain: your own under `npx ampx sandbox`, the SSR compute role on Amplify Hosting.
  return openAmplifyOrderStore(config.amplifyData, fromNodeProviderChain());
}

function identityFor(config: AppConfig, auth: AuthConfig | null): IdentityResolver {
  if (!auth) return noIdentity;
  // The local verifier trusts cognito-local's published key: it must never exist outside local.
  if (config.profile === 'local' && auth.endpoint) {
    return new CookieTokenIdentity(auth.clientId, new LocalIdTokenVerifier(auth.endpoint, auth.userPoolId, auth.clientId));
  }
  return new AmplifyServerIdentity(auth.userPoolId, auth.clientId);
}

/**
 * The one place that chooses adapters, from the one runtime profile (lib/config/profile.ts).
 * Business logic in lib/ receives these as parameters and never asks which environment it runs in.
 * Exported (with the configuration as a parameter) so every branch can be tested without an environment.
 */
export function buildServices(config: AppConfig): Services {
  const logger = createLogger(config.logLevel);
  const stripe = createStripeClient(config.stripe);
  const local = config.profile === 'local';

  const clock = systemClock;
  const store = local ? SqliteOrderStore.open(path.join(config.dataDir, 'orders.sqlite'), clock) : cloudStore(config);
  // Local and twin have no real email: the shop's emails (and, in the twin, Cognito's captured invitations) land here.
  const localMailbox = config.devSurfaces ? LocalMailbox.open(path.join(config.dataDir, 'mailbox.sqlite'), clock) : null;
  const mailer: Mailer =
    localMailbox ?? new SesMailer(new SESv2Client({ region: config.auth?.region ?? 'us-east-1', ...awsClientTimeouts() }), sesSender(config));

  const auth = config.auth;
  const accounts = auth
    ? new CognitoAccountProvisioner(
        cognitoClient(config, auth),
        auth.userPoolId,
        // Twin and cloud: Cognito's own invitation email. Local: cognito-local sends none, so the shop mails it.
        local && localMailbox ? { by: 'mailer', mailer: localMailbox, siteUrl: config.siteUrl } : { by: 'cognito' },
        // Local and twin pools are cognito-local: see UserPoolQuirks.
        { pool: { confirmedSignUpLeavesEmailUnverified: config.profile !== 'cloud' } },
      )
    : unavailableProvisioner;
  const identity = identityFor(config, auth);

  logger.info(
    { profile: config.profile, stripe: config.stripe.kind === 'local' ? config.stripe.apiBase : 'api.stripe.com', auth: auth ? 'configured' : 'none' },
    'services ready',
  );
  return {
    config,
    logger,
    clock,
    stripe,
    store,
    loadCatalog: () => fetchCatalog(stripe),
    lookupPrices: (priceIds) => fetchCatalogItems(stripe, priceIds),
    accounts,
    mailer,
    localMailbox,
    identity,
    siteUrl: config.siteUrl,
    checkoutRateLimiter: createCheckoutRateLimiter(config.checkoutRateLimitPerMinute),
    shop: getShopDetails(),
    fulfilmentWebhook: config.fulfilmentWebhook ?? null,
    capacity: capacityStore(config),
    dailyCapacityServings: config.catering.dailyCapacityServings,
    // In the cloud the plans share Amplify Data (and its IAM configuration) with the order store above.
    plans: local ? SqlitePlanStore.open(path.join(config.dataDir, 'plans.sqlite'), clock) : new AppSyncPlanStore(amplifyDataTransport('iam')),
  };
}

function capacityStore(config: AppConfig): CapacityStore {
  if (config.profile === 'local') return SqliteCapacityStore.open(path.join(config.dataDir, 'capacity.sqlite'));
  if (!config.capacityTable) {
    return unconfiguredCapacityStore('no custom.capacityTable in amplify_outputs.json (or AMPLIFY_CAPACITY_TABLE); redeploy the backend so it writes it');
  }
  // The same credentials as the ledger tables (AWS_ENDPOINT_URL_DYNAMODB points the SDK at the twin's DynamoDB Local).
  const client = new DynamoDBClient({ region: config.amplifyData?.region ?? 'us-east-1', credentials: fromNodeProviderChain(), ...awsClientTimeouts() });
  return new DynamoCapacityStore(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), config.capacityTable);
}

// Kept on globalThis so dev-mode module reloads reuse one database handle (and one follow-up worker).
const holder = globalThis as typeof globalThis & { __storefrontServices?: Services; __followUpWorker?: FollowUpWorker | null };

export function getServices(): Services {
  holder.__storefrontServices ??= buildServices(getConfig());
  return holder.__storefrontServices;
}

export function getCheckoutDeps() {
  const services = getServices();
  return {
    ...services,
    shopTimeZone: services.config.shopTimeZone,
    rules: services.config.catering,
    rateLimiter: services.checkoutRateLimiter,
    trustedProxyHops: services.config.trustedProxyHops,
  };
}

export function getWebhookDeps() {
  const services = getServices();
  return { ...services, webhookSecret: services.config.webhookSecret, wakeFollowUps: () => holder.__followUpWorker?.wake() };
}

/**
 * Starts the in-process follow-up worker (once per process; instrumentation.ts calls this at server start).
 * Only in local mode: in the cloud the FollowUp table's stream triggers the follow-up-worker function.
 */
export function startFollowUpWorker(): FollowUpWorker | null {
  if (holder.__followUpWorker !== undefined) return holder.__followUpWorker;
  const services = getServices();
  const inProcess = services.config.mode === 'local' && services.config.followUpWorker === 'in-process';
  holder.__followUpWorker = inProcess ? new FollowUpWorker(services).start() : null;
  return holder.__followUpWorker;
}

/** How often the sibling worker looks at the orders file's change counter (a pragma read, no query). */
const SIBLING_COMMIT_CHECK_MS = 20;

/**
 * The local follow-up worker in its own process (scripts/follow-up-worker.ts, which the launcher starts beside
 * the shop when FOLLOW_UP_WORKER=sibling): the same worker and job code, woken when the server commits to the
 * orders file, with the worker's polling fallback for retries.
 */
export function startSiblingFollowUpWorker(): { worker: FollowUpWorker; stop(): Promise<void> } {
  const services = getServices();
  const store = services.store;
  if (services.config.mode !== 'local' || !(store instanceof SqliteOrderStore)) {
    throw new Error(`The follow-up worker process runs only with the local profile's SQLite store (profile: ${services.config.profile}); in the cloud the FollowUp table's stream triggers the follow-up-worker function.`);
  }
  const worker = new FollowUpWorker(services).start();
  const commits = wakeOnCommits(() => store.dataVersion(), () => worker.wake(), SIBLING_COMMIT_CHECK_MS);
  return {
    worker,
    async stop() {
      commits.stop();
      await worker.stop();
      await store.close();
    },
  };
}
