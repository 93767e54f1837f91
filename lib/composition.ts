import 'server-only';
import path from 'node:path';
import type Stripe from 'stripe';
import { fetchCatalog, type CatalogItem } from './catalog/catalog';
import { systemClock, type Clock } from './clock';
import { getConfig, type AppConfig } from './config/config';
import { createLogger, type Logger } from './logger';
import type { OrderStore } from './orders/order-store';
import { SqliteOrderStore } from './store/sqlite/sqlite-order-store';
import { createStripeClient } from './stripe/stripe-client';

/** Everything the server side needs, built once per process. */
export interface Services {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  stripe: Stripe;
  store: OrderStore;
  loadCatalog: () => Promise<CatalogItem[]>;
}

/**
 * The one place that chooses adapters. Business logic in lib/ receives these as parameters
 * and never asks which environment it runs in.
 */
function buildServices(): Services {
  const config = getConfig();
  const logger = createLogger(config.logLevel);
  const stripe = createStripeClient(config.stripe);
  const store = SqliteOrderStore.open(path.join(config.dataDir, 'orders.sqlite'));
  logger.info({ stripe: config.stripe.kind === 'local' ? config.stripe.apiBase : 'api.stripe.com' }, 'services ready');
  return { config, logger, clock: systemClock, stripe, store, loadCatalog: () => fetchCatalog(stripe) };
}

// Kept on globalThis so dev-mode module reloads reuse one database handle.
const holder = globalThis as typeof globalThis & { __storefrontServices?: Services };

export function getServices(): Services {
  holder.__storefrontServices ??= buildServices();
  return holder.__storefrontServices;
}

export function getCheckoutDeps() {
  const services = getServices();
  return { ...services, siteUrl: services.config.siteUrl, shopTimeZone: services.config.shopTimeZone };
}

export function getWebhookDeps() {
  const services = getServices();
  return { ...services, webhookSecret: services.config.webhookSecret };
}
