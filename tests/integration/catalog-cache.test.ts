import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_PHASE, catalogCachePlan, isCatalogEvent } from '@/lib/domain/catalog/catalog-cache-policy';
import { handleWebhookRequest } from '@/lib/http/webhooks/handle-webhook-request';
import { serveFetchHandler, type TestServer } from '../support/http-adapter';
import { startTestShop, type TestShop } from '../support/test-shop';

describe('catalog cache policy', () => {
  it('treats every product.* and price.* event, and nothing else, as a catalog change', () => {
    for (const type of ['product.created', 'product.updated', 'product.deleted', 'price.created', 'price.updated', 'price.deleted']) {
      expect(isCatalogEvent(type), type).toBe(true);
    }
    for (const type of ['checkout.session.completed', 'charge.refunded', 'payment_intent.succeeded', 'products.updated', 'priceless']) {
      expect(isCatalogEvent(type), type).toBe(false);
    }
  });

  it('never reads Stripe during next build, and gives the placeholder a one-second life', () => {
    expect(catalogCachePlan(BUILD_PHASE)).toEqual({ source: 'build-placeholder', life: { revalidate: 1, expire: 1 } });
  });

  it('at run time reads Stripe and never expires the catalog by time: only a webhook does', () => {
    for (const phase of ['phase-production-server', undefined]) {
      expect(catalogCachePlan(phase), String(phase)).toEqual({ source: 'stripe', life: { revalidate: Infinity, expire: Infinity } });
    }
  });
});

describe('catalog revalidation from Local Stripe webhooks', () => {
  let shop: TestShop;
  let server: TestServer;
  let catalogChanges: string[];

  beforeEach(async () => {
    shop = await startTestShop();
    catalogChanges = [];
    // The route's wiring without Next: the hook sees every verified event; the route revalidates catalog ones.
    const onEventApplied = (event: Stripe.Event) => {
      if (isCatalogEvent(event.type)) catalogChanges.push(event.type);
    };
    let secret = '';
    server = await serveFetchHandler((request) => handleWebhookRequest({ ...shop.webhookDeps, webhookSecret: secret, onEventApplied }, request));
    const endpoint = await shop.stripe.webhookEndpoints.create({
      url: `${server.url}/api/webhooks/stripe`,
      enabled_events: ['product.updated', 'price.created', 'price.updated'],
    });
    secret = endpoint.secret ?? '';
  });

  afterEach(async () => {
    await server.close();
    await shop.close();
  });

  it('signals a catalog change for a product update and a new price, once each delivery is handled', async () => {
    const product = await shop.stripe.products.update('prod_dessert_table', { description: 'Now with eclairs.' });
    const price = await shop.stripe.prices.create({ product: product.id, unit_amount: 22_000, currency: 'usd' });
    await shop.stripe.prices.update(price.id, { active: false });
    await shop.emulator.waitForDeliveries();
    await expect.poll(() => [...catalogChanges].sort()).toEqual(['price.created', 'price.updated', 'product.updated']);
  });
});
