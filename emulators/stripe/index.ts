import type { AddressInfo } from 'node:net';
import { API_VERSION, Core, type ResolvedOptions } from './core';
import { pruneEvents } from './resources/events';
import { checkoutSessionRoutes, expireDueSessions, sessionAfterSettlement } from './resources/checkout-sessions';
import { SettlementScheduler } from './payments/settlement';
import { expireAuthorizations } from './payments/capture';
import { eventRoutes } from './resources/events';
import { paymentIntentRoutes } from './resources/payment-intents';
import { paymentMethodRoutes, resolvePaymentMethod } from './resources/payment-methods';
import { createPrice, priceRoutes } from './resources/prices';
import { paymentLinkRoutes } from './resources/payment-links';
import { productRoutes } from './resources/products';
import { refundRoutes } from './resources/refunds';
import { ensureConfiguredEndpoint, webhookEndpointRoutes } from './resources/webhook-endpoints';
import { seedCatalog } from './seed/catalog';
import { seedPlans } from './seed/plans';
import { billingRoutes } from './billing/routes';
import { ClockRunner } from './billing/test-clocks';
import { renewDueSubscriptions } from './billing/subscriptions';
import { createHttpServer } from './server/http';
import { pruneIdempotency } from './server/idempotency';
import { nullMap } from './server/form';
import { Router } from './server/route';
import { StateIndex } from './state/indexes';
import { StateStore } from './state/store';
import { loadWithLegacyImport } from './state/legacy-import';
import { trackState } from './state/tracked-state';
import { emptyState, type State } from './state/types';
import { DeliveryManager } from './webhooks/delivery';
import { attachStripeCli, type StripeCliControl } from './stripecli';
import { coreHost } from './stripecli/core-host';

import { LIVE_RETRY_DELAYS_SECONDS, RETRY_DELAYS_SECONDS } from './webhooks/schedule';

export { LIVE_RETRY_DELAYS_SECONDS, RETRY_DELAYS_SECONDS } from './webhooks/schedule';
export { CATALOG } from './seed/catalog';

export interface StripeEmulatorOptions {
  port?: number; // 0 = pick a free port; default 12111
  host?: string; // bind address, default '127.0.0.1'
  publicUrl?: string; // base URL used in session.url etc.; default `http://localhost:${actualPort}`
  dataDir?: string; // keep state here (stripe.sqlite); undefined = in memory only
  siteUrl?: string; // the shop's URL, used for seeded product image URLs
  seed?: boolean; // seed the catering catalog when the state is empty; default true
  webhookEndpoint?: { url: string; secret: string }; // endpoint configured at start (idempotent across restarts)
  retryScale?: number; // multiply Stripe's retry delays by this; default 1
  /** Stripe's test-mode retries (3 over a few hours, the default) or live mode's (about 3 days). */
  retrySchedule?: 'test' | 'live';
  deliveryTimeoutMs?: number; // webhook request timeout, default 10000
  /** How long a bank debit paid on the hosted page stays `processing` before it settles; default 10000. */
  asyncPaymentDelayMs?: number;
  log?: (line: string) => void; // one line per request/delivery; default silent
  /** `reconnect_delay` given to `stripe listen` sessions (seconds); default 60. */
  stripeCliReconnectDelaySeconds?: number;
  /**
   * The emulator's time: `created` stamps, session and authorization expiry, settlement and retry due
   * times, event and idempotency-key retention. Epoch ms, or a Clock (lib/domain/clock.ts); default the system
   * clock. Tests move it instead of waiting. Webhook signatures keep real time (receivers check it).
   */
  clock?: (() => number) | { now(): Date };
}

export interface RunningStripeEmulator {
  url: string; // http://127.0.0.1:PORT (API base)
  port: number;
  apiRequestCount(): number;
  waitForDeliveries(timeoutMs?: number): Promise<void>;
  /** `stripe listen` / `stripe logs tail` support (stripecli/). */
  stripeCli: StripeCliControl;
  close(): Promise<void>;
}

/** How often overdue sessions are expired and old events/idempotency keys pruned. */
const SWEEP_INTERVAL_MS = 5_000;
const DEFAULT_ASYNC_PAYMENT_DELAY_MS = 10_000;

function epochMs(clock: StripeEmulatorOptions['clock']): () => number {
  if (!clock) return Date.now;
  return typeof clock === 'function' ? clock : () => clock.now().getTime();
}

function isEmpty(state: State): boolean {
  return Object.keys(state.products).length === 0 && Object.keys(state.prices).length === 0;
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<RunningStripeEmulator> {
  const log = options.log ?? ((): void => undefined);
  const resolved: ResolvedOptions = {
    publicUrl: options.publicUrl ?? '',
    siteUrl: (options.siteUrl ?? 'http://localhost:3000').replace(/\/$/, ''),
    retryScale: options.retryScale ?? 1,
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 10_000,
    asyncPaymentDelayMs: Math.max(0, options.asyncPaymentDelayMs ?? DEFAULT_ASYNC_PAYMENT_DELAY_MS),
    clock: epochMs(options.clock),
    log,
  };
  let core: Core | null = null;
  const getCore = (): Core => {
    if (!core) throw new Error('Stripe emulator not initialised');
    return core;
  };
  const store = new StateStore(options.dataDir);
  const index = new StateIndex();
  // Every write to a collection reaches the store (one transaction per unit of work) and the indexes here.
  const track = (raw: State): State => {
    index.rebuild(raw);
    store.attach(raw, index.onChange);
    return trackState(raw, (collection, id, before, after) => {
      store.changed(collection, id, before);
      index.onChange(collection, id, before, after);
    });
  };
  const transaction = <T>(work: () => T): T => store.transaction(work);
  const deliveries = new DeliveryManager({
    state: () => getCore().state,
    transaction,
    log,
    clock: resolved.clock,
    retryDelaysSeconds: options.retrySchedule === 'live' ? LIVE_RETRY_DELAYS_SECONDS : RETRY_DELAYS_SECONDS,
    retryScale: resolved.retryScale,
    timeoutMs: resolved.deliveryTimeoutMs,
  });
  const settlements = new SettlementScheduler({
    core: getCore,
    onSessionSettled: (sessionId, outcome) => sessionAfterSettlement(getCore(), sessionId, outcome),
  });
  core = new Core(track(loadWithLegacyImport(store, options.dataDir, log)), resolved, transaction, deliveries, settlements, index);
  const c = core;

  const router = new Router();
  const resolvePm = (id: string): ReturnType<typeof resolvePaymentMethod> => resolvePaymentMethod(c, id);
  router.add(productRoutes(c, createPrice));
  router.add(priceRoutes(c));
  router.add(checkoutSessionRoutes(c, resolvePm));
  router.add(paymentIntentRoutes(c, resolvePm));
  router.add(paymentMethodRoutes(c));
  router.add(refundRoutes(c));
  router.add(eventRoutes(c));
  router.add(webhookEndpointRoutes(c));
  router.add(paymentLinkRoutes(c));
  const clocks = new ClockRunner(getCore);
  router.add(billingRoutes(c, resolvePm, clocks));
  // Hook points for stripecli/: its routes, created events, answered requests, the websocket upgrade.
  let apiBase = '';
  const stripeCli = attachStripeCli({
    host: coreHost(getCore, resolved.retryScale, log),
    apiVersion: API_VERSION,
    dataDir: options.dataDir,
    apiBase: () => apiBase,
    ...(options.stripeCliReconnectDelaySeconds !== undefined ? { reconnectDelaySeconds: options.stripeCliReconnectDelaySeconds } : {}),
  });
  router.add(stripeCli.routes);
  c.eventTaps.push(stripeCli.onEvent);

  const initialise = (): void => {
    if (options.seed !== false) {
      // Plans first: lists are newest first, so each product's one-time price stays ahead of its plans.
      const empty = isEmpty(c.state);
      seedPlans(c);
      if (empty) seedCatalog(c);
    }
    if (options.webhookEndpoint) ensureConfiguredEndpoint(c, options.webhookEndpoint);
  };

  let apiRequests = 0;
  const requestsByPath = nullMap<number>();
  const server = createHttpServer({
    core: getCore,
    router,
    onApiRequest: (route) => {
      apiRequests++;
      requestsByPath[route] = (requestsByPath[route] ?? 0) + 1;
    },
    transaction,
    groupTransaction: (work) => store.groupTransaction(work),
    reset: () => {
      deliveries.cancelAll();
      settlements.cancelAll();
      clocks.cancelAll();
      c.state = track(emptyState());
      initialise();
      store.replaceAll(c.state);
    },
    stats: () => ({
      apiRequests,
      pendingDeliveries: deliveries.pendingCount(),
      pendingSettlements: settlements.pendingCount(),
      requestsByPath: { ...requestsByPath },
      // Same counts under the name tests/e2e/catalog-cache.spec.ts reads.
      apiRequestsByRoute: { ...requestsByPath },
    }),
    onApiResult: stripeCli.onApiRequest,
    log,
  });
  server.on('upgrade', (req, socket, head) => {
    if (!stripeCli.upgrade(req, socket, head)) socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 12111, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  apiBase = `http://127.0.0.1:${port}`;
  resolved.publicUrl = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/$/, '');

  transaction(() => {
    initialise();
    pruneEvents(c);
    pruneIdempotency(c.state.idempotency, resolved.clock());
  });
  deliveries.restore();
  settlements.restore();
  clocks.restore();
  const sweepOnce = (): void =>
    transaction(() => {
      expireDueSessions(c);
      expireAuthorizations(c);
      renewDueSubscriptions(c, Math.floor(resolved.clock() / 1000));
      pruneEvents(c);
      pruneIdempotency(c.state.idempotency, resolved.clock());
    });
  sweepOnce();
  const sweep = setInterval(sweepOnce, SWEEP_INTERVAL_MS);
  sweep.unref();

  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiRequestCount: () => apiRequests,
    waitForDeliveries: (timeoutMs = 10_000) => deliveries.waitForIdle(timeoutMs),
    stripeCli: stripeCli.control,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      deliveries.close();
      settlements.close();
      clocks.close();
      stripeCli.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}
