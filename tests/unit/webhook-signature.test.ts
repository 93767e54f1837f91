import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { handleWebhookRequest } from '@/lib/http/webhooks/handle-webhook-request';
import { inspectableSqliteStore } from '../support/store-inspection';
import { MemoryAccounts } from '../support/memory-accounts';

const SECRET = 'whsec_unit_test_secret';
/** The SDK itself, never asked to reach Stripe: constructEvent verifies locally. */
const stripe = new Stripe('sk_test_unit_signature', { telemetry: false });
const payload = JSON.stringify({ id: 'evt_sig', object: 'event', type: 'customer.created', created: 1, data: { object: { id: 'cus_1' } } }, null, 2);
const nowSeconds = () => Math.floor(Date.now() / 1000);

function deps() {
  const { store, inspect } = inspectableSqliteStore();
  const webhookDeps = {
    stripe,
    store,
    clock: { now: () => new Date() },
    logger: silentLogger,
    accounts: new MemoryAccounts(),
    mailer: LocalMailbox.open(':memory:'),
    siteUrl: 'http://shop.test',
    webhookSecret: SECRET,
  };
  return { store, inspect, webhookDeps };
}

function deliver(body: string, signature: string) {
  const { store, inspect, webhookDeps } = deps();
  const request = new Request('http://shop.test/api/webhooks/stripe', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': signature },
    body,
  });
  return { store, inspect, response: handleWebhookRequest(webhookDeps, request) };
}

function sign(body: string, options: { secret?: string; timestamp?: number } = {}) {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret: options.secret ?? SECRET, timestamp: options.timestamp ?? nowSeconds() });
}

describe('webhook signature and replay window (unit)', () => {
  it('accepts a fresh delivery signed with the endpoint secret and records it', async () => {
    const { store, response } = deliver(payload, sign(payload));
    expect((await response).status).toBe(200);
    expect(await store.getEvent('evt_sig')).toMatchObject({ status: 'ignored', type: 'customer.created' });
  });

  it.each([
    ['a body changed after signing', payload.replace('cus_1', 'cus_2'), () => sign(payload)],
    ['another endpoint’s secret', payload, () => sign(payload, { secret: 'whsec_someone_else' })],
    // Stripe's tolerance is 300 s; these sit far from the edge, so a slow machine cannot flip them.
    ['a replay 10 minutes old', payload, () => sign(payload, { timestamp: nowSeconds() - 600 })],
    ['a header without a v1 signature', payload, () => `t=${nowSeconds()}`],
  ])('refuses %s with 400 and stores nothing', async (_name, body, signature) => {
    const { inspect, response } = deliver(body, signature());
    const answer = await response;
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(await inspect.events()).toEqual([]);
  });

  it('accepts a delivery a minute old (inside the window)', async () => {
    const { response } = deliver(payload, sign(payload, { timestamp: nowSeconds() - 60 }));
    expect((await response).status).toBe(200);
  });
});
