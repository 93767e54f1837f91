import { startStripeEmulator, type RunningStripeEmulator } from '@/emulators/stripe';
import { fetchCatalog, fetchCatalogItems, type CatalogItem } from '@/lib/services/catalog/catalog';
import type { CheckoutDeps } from '@/lib/services/checkout/create-checkout';
import { SqliteCapacityStore } from '@/lib/adapters/sqlite/sqlite-capacity-store';
import type { CapacityStore } from '@/lib/domain/capacity/capacity-store';
import { DEFAULT_CATERING_RULES, type CateringRules } from '@/lib/domain/checkout/catering-rules';
import { systemClock, type Clock } from '@/lib/domain/clock';
import type { RetryPolicy } from '@/lib/domain/followups/retry-policy';
import type { FulfilmentWebhookTarget } from '@/lib/services/fulfilment-handoff/deliver';
import { FollowUpWorker, type FollowUpWorkerOptions } from '@/lib/services/followups/worker';
import { silentLogger } from '@/lib/logger';
import type { AccountProvisioner } from '@/lib/domain/accounts/account';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import type { PlanStore } from '@/lib/domain/plans/plan-store';
import type { ReconcileDeps } from '@/lib/services/reconcile/reconcile';
import { createStripeClient } from '@/lib/adapters/stripe/stripe-client';
import { handleWebhookRequest, type WebhookDeps } from '@/lib/http/webhooks/handle-webhook-request';
import { serveFetchHandler, type TestServer } from './http-adapter';
import { MemoryAccounts } from './memory-accounts';
import { inspectableSqliteStore, type StoreInspector } from './store-inspection';

export interface TestShop {
  emulator: RunningStripeEmulator;
  stripe: ReturnType<typeof createStripeClient>;
  store: OrderStoreBackend;
  /** Every event and order the store holds (tests only; see store-inspection.ts). */
  inspect: StoreInspector;
  webhookServer: TestServer;
  webhookUrl: string;
  webhookSecret: string;
  webhookDeps: WebhookDeps & ReconcileDeps;
  checkoutDeps: CheckoutDeps & { loadCatalog: () => Promise<CatalogItem[]> };
  accounts: AccountProvisioner;
  mailbox: LocalMailbox;
  /** The in-process follow-up worker the webhook wakes, as in the server. */
  worker: FollowUpWorker;
  /** Resolves once no follow-up job is pending or running (waits for the condition, capped as a safety net). */
  drainFollowUps(capMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The shop's server side without Next: Local Stripe in-process, the real SDK pointed at it,
 * an order store, and the webhook handler on a real port, registered as a webhook endpoint
 * through the Stripe API exactly as one would register it with real Stripe.
 */
export async function startTestShop(
  options: {
    /** A store of the test's own (e.g. with injected failures) over `sqlite`, which the inspector reads. */
    store?: OrderStoreBackend;
    sqlite?: ReturnType<typeof inspectableSqliteStore>;
    retryScale?: number; accounts?: AccountProvisioner; mailbox?: LocalMailbox;
    worker?: FollowUpWorkerOptions;
    retryPolicy?: RetryPolicy;
    /** The fulfilment hand-off's receiver (off when absent). */
    fulfilmentWebhook?: FulfilmentWebhookTarget;
    capacity?: CapacityStore;
    rules?: Partial<CateringRules>;
    /** Where subscription events fold into plans (lib/domain/plans, lib/services/plans); without it they change no plan. */
    plans?: PlanStore;
    /** The webhook's and the follow-up worker's clock (leases, backoff); the system clock unless a test moves time itself. */
    clock?: Clock;
  } = {},
): Promise<TestShop> {
  const emulator = await startStripeEmulator({ port: 0, retryScale: options.retryScale ?? 0.0002, retrySchedule: 'live', siteUrl: 'http://shop.test' });
  const stripe = createStripeClient({
    kind: 'local',
    secretKey: 'sk_test_integration_suite',
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    apiBase: emulator.url,
  });
  const sqlite = options.sqlite ?? inspectableSqliteStore();
  const store = options.store ?? sqlite.store;
  const accounts = options.accounts ?? new MemoryAccounts();
  const mailbox = options.mailbox ?? LocalMailbox.open(':memory:');
  const capacity = options.capacity ?? SqliteCapacityStore.open(':memory:');
  const rules = { ...DEFAULT_CATERING_RULES, ...options.rules };
  const webhookDeps: WebhookDeps & ReconcileDeps = {
    stripe,
    store,
    clock: options.clock ?? systemClock,
    logger: silentLogger,
    webhookSecret: '',
    accounts,
    mailer: mailbox,
    siteUrl: 'http://shop.test',
    fulfilmentWebhook: options.fulfilmentWebhook ?? null,
    capacity,
    dailyCapacityServings: rules.dailyCapacityServings,
    plans: options.plans,
  };
  // Quick retries and polling, so a test waiting for a retried job is not waiting on production backoff.
  const worker = new FollowUpWorker(
    { ...webhookDeps, retryPolicy: options.retryPolicy ?? { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 50 } },
    { pollIntervalMs: 25, ...options.worker },
  ).start();
  webhookDeps.wakeFollowUps = () => worker.wake();
  const webhookServer = await serveFetchHandler((request) => handleWebhookRequest(webhookDeps, request));
  const webhookUrl = `${webhookServer.url}/api/webhooks/stripe`;
  const endpoint = await stripe.webhookEndpoints.create({ url: webhookUrl, enabled_events: ['*'] });
  if (!endpoint.secret) throw new Error('Local Stripe returned no webhook secret on create');
  webhookDeps.webhookSecret = endpoint.secret;

  return {
    emulator,
    stripe,
    store,
    inspect: options.store && !options.sqlite ? noInspector : sqlite.inspect,
    webhookServer,
    webhookUrl,
    webhookSecret: endpoint.secret,
    webhookDeps,
    accounts,
    mailbox,
    worker,
    checkoutDeps: {
      stripe,
      loadCatalog: () => fetchCatalog(stripe),
      lookupPrices: (priceIds) => fetchCatalogItems(stripe, priceIds),
      siteUrl: 'http://shop.test', shopTimeZone: 'UTC', clock: systemClock, rules, capacity },
    async drainFollowUps(capMs = 60_000) {
      const cap = Date.now() + capMs;
      const farFuture = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
      while ((await store.listPendingFollowUps(farFuture, 1)).length > 0 || worker.inFlight > 0) {
        if (Date.now() > cap) throw new Error(`follow-ups still pending after ${capMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await worker.stop();
      await emulator.close();
      await webhookServer.close();
      await store.close();
      await mailbox.close();
      await capacity.close();
    },
  };
}

/** For a store the shop did not open: its tables are not the ones an inspector would read. */
const noInspector: StoreInspector = {
  events: () => Promise.reject(new Error('startTestShop: pass `sqlite` with your own `store` to inspect it')),
  orders: () => Promise.reject(new Error('startTestShop: pass `sqlite` with your own `store` to inspect it')),
};

export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
