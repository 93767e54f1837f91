import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { payOnHostedPage } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';
import { expectShortSafeError } from './hostile-helpers';

/**
 * Hostile deliveries to POST /api/webhooks/stripe, over real HTTP to the real handler: each is refused
 * with a clear 4xx and a short JSON body, and leaves nothing in the store.
 */
describe('hostile webhook deliveries', () => {
  let shop: TestShop;
  /** A real checkout.session.completed event, as Local Stripe delivered it. */
  let captured: Stripe.Event;
  let sessionId: string;

  beforeAll(async () => {
    shop = await startTestShop();
    const catalog = await shop.checkoutDeps.loadCatalog();
    const result = await createCheckout(shop.checkoutDeps, { lines: [{ priceId: catalog[0]!.priceId, quantity: 1 }], deliveryDate: daysFromNow(3) });
    if (!result.ok) throw new Error(result.error.message);
    sessionId = result.sessionId;
    expect((await payOnHostedPage(result.url, '4242424242424242')).status).toBe(303);
    await shop.emulator.waitForDeliveries(10_000);
    const event = (await shop.stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data[0];
    if (!event) throw new Error('Local Stripe sent no checkout.session.completed');
    captured = event;
  });
  afterAll(async () => {
    await shop.close();
  });

  const nowSeconds = () => Math.floor(Date.now() / 1000);

  function sign(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? shop.webhookSecret, timestamp: options.timestamp ?? nowSeconds() });
  }

  /** A copy of the captured event under an id the shop has never seen, so "nothing stored" is checkable. */
  function capturedCopy(id: string): string {
    return JSON.stringify({ ...captured, id }, null, 2);
  }

  interface Delivery {
    method?: string;
    contentType?: string | null;
    body?: string;
    signature?: string | null;
  }

  function deliver(delivery: Delivery): Promise<Response> {
    const headers: Record<string, string> = {};
    if (delivery.contentType !== null) headers['Content-Type'] = delivery.contentType ?? 'application/json; charset=utf-8';
    if (delivery.signature) headers['Stripe-Signature'] = delivery.signature;
    const method = delivery.method ?? 'POST';
    return fetch(shop.webhookUrl, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : delivery.body });
  }

  const forged = (id: string) =>
    JSON.stringify({ id, object: 'event', type: 'checkout.session.completed', created: nowSeconds(), data: { object: { id: 'cs_test_forged', object: 'checkout.session' } } });

  interface HostileCase {
    name: string;
    /** The event id the delivery carries: it must not be recorded. */
    eventId: string;
    delivery: () => Delivery;
    status: number;
    code: string;
  }

  const cases: HostileCase[] = [
    { name: 'no Stripe-Signature header', eventId: 'evt_hostile_missing', delivery: () => ({ body: forged('evt_hostile_missing') }), status: 400, code: 'missing_signature' },
    {
      name: 'a garbled signature',
      eventId: 'evt_hostile_garbled',
      delivery: () => ({ body: forged('evt_hostile_garbled'), signature: 't=abc,v1=!!!not-hex' }),
      status: 400,
      code: 'invalid_signature',
    },
    {
      name: 'a signature with no v1 scheme',
      eventId: 'evt_hostile_noscheme',
      delivery: () => ({ body: forged('evt_hostile_noscheme'), signature: `t=${nowSeconds()}` }),
      status: 400,
      code: 'invalid_signature',
    },
    {
      name: 'a signature made with the wrong secret',
      eventId: 'evt_hostile_wrong_secret',
      delivery: () => {
        const body = capturedCopy('evt_hostile_wrong_secret');
        return { body, signature: sign(body, { secret: 'whsec_not_the_shops_secret' }) };
      },
      status: 400,
      code: 'invalid_signature',
    },
    {
      name: 'a captured delivery replayed 6 minutes later (stale timestamp)',
      eventId: 'evt_hostile_replayed_late',
      delivery: () => {
        const body = capturedCopy('evt_hostile_replayed_late');
        return { body, signature: sign(body, { timestamp: nowSeconds() - 6 * 60 }) };
      },
      status: 400,
      code: 'invalid_signature',
    },
    {
      name: 'a body changed after signing',
      eventId: 'evt_hostile_tampered',
      delivery: () => {
        const body = capturedCopy('evt_hostile_tampered');
        return { body: body.replace('"livemode": false', '"livemode": true'), signature: sign(body) };
      },
      status: 400,
      code: 'invalid_signature',
    },
    {
      name: 'a valid signature over a body that is not JSON',
      eventId: 'evt_hostile_not_json',
      delivery: () => {
        const body = 'id=evt_hostile_not_json&type=checkout.session.completed';
        return { body, signature: sign(body) };
      },
      status: 400,
      code: 'invalid_payload',
    },
    {
      name: 'a valid signature over JSON that is not an event',
      eventId: 'evt_hostile_not_event',
      delivery: () => {
        const body = JSON.stringify({ id: 'evt_hostile_not_event', type: 'checkout.session.completed' });
        return { body, signature: sign(body) };
      },
      status: 400,
      code: 'invalid_event',
    },
    {
      name: 'a valid signature over a JSON array',
      eventId: 'evt_hostile_array',
      delivery: () => {
        const body = JSON.stringify([{ id: 'evt_hostile_array' }]);
        return { body, signature: sign(body) };
      },
      status: 400,
      code: 'invalid_event',
    },
    {
      name: 'a body over 1 MB',
      eventId: 'evt_hostile_big',
      delivery: () => {
        const body = JSON.stringify({ ...captured, id: 'evt_hostile_big', padding: 'x'.repeat(1024 * 1024) });
        return { body, signature: sign(body) };
      },
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'the GET method',
      eventId: 'evt_hostile_get',
      delivery: () => ({ method: 'GET', signature: sign('') }),
      status: 405,
      code: 'method_not_allowed',
    },
    {
      name: 'the PUT method',
      eventId: 'evt_hostile_put',
      delivery: () => {
        const body = capturedCopy('evt_hostile_put');
        return { method: 'PUT', body, signature: sign(body) };
      },
      status: 405,
      code: 'method_not_allowed',
    },
    {
      name: 'a text/plain content type',
      eventId: 'evt_hostile_text',
      delivery: () => {
        const body = capturedCopy('evt_hostile_text');
        return { body, signature: sign(body), contentType: 'text/plain' };
      },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'a form content type',
      eventId: 'evt_hostile_form',
      delivery: () => {
        const body = capturedCopy('evt_hostile_form');
        return { body, signature: sign(body), contentType: 'application/x-www-form-urlencoded' };
      },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'a look-alike content type (application/jsonp)',
      eventId: 'evt_hostile_jsonp',
      delivery: () => {
        const body = capturedCopy('evt_hostile_jsonp');
        return { body, signature: sign(body), contentType: 'application/jsonp' };
      },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'no content type',
      eventId: 'evt_hostile_no_type',
      delivery: () => {
        const body = capturedCopy('evt_hostile_no_type');
        return { body, signature: sign(body), contentType: null };
      },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'a correctly signed event about a session Stripe does not know',
      eventId: 'evt_hostile_unknown_session',
      delivery: () => {
        const session = { ...(captured.data.object as Stripe.Checkout.Session), id: 'cs_test_nope' };
        const body = JSON.stringify({ ...captured, id: 'evt_hostile_unknown_session', data: { object: session } });
        return { body, signature: sign(body) };
      },
      status: 422,
      code: 'unknown_object',
    },
  ];

  it.each(cases)('refuses $name with $status and stores nothing', async ({ eventId, delivery, status, code }) => {
    const eventsBefore = (await shop.inspect.events()).length;
    const response = await deliver(delivery());

    expect(response.status).toBe(status);
    const body = await expectShortSafeError(response);
    expect(body.error.code).toBe(code);

    expect(await shop.store.getEvent(eventId)).toBeNull();
    expect((await shop.inspect.events()).length).toBe(eventsBefore);
    expect(await shop.store.getOrder('cs_test_nope')).toBeNull();
    expect(await shop.store.getOrder('cs_test_forged')).toBeNull();
  });

  it('accepts Stripe\'s own content type with parameters, and applies a fresh delivery sent twice once', async () => {
    const body = capturedCopy('evt_fresh_twice');
    const first = await deliver({ body, signature: sign(body), contentType: 'application/json; charset=utf-8' });
    const second = await deliver({ body, signature: sign(body), contentType: 'Application/JSON' });

    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ received: true, duplicate: true });
    expect(await shop.store.getEvent('evt_fresh_twice')).toMatchObject({ status: 'processed', attempts: 1 });
    const order = await shop.store.getOrder(sessionId);
    expect(order?.status).toBe('paid');
    expect(order?.history.filter((change) => change.status === 'paid')).toHaveLength(1);
  });
});
