import { Writable } from 'node:stream';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCheckoutRequest } from '@/lib/http/checkout/handle-checkout-request';
import { createLogger } from '@/lib/logger';
import { createCheckoutRateLimiter } from '@/lib/security/checkout-rate-limit';
import { payOnHostedPage, validCustomer } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

const CARD_NUMBER = '4242424242424242';
const CVC = '987';

/**
 * What the shop logs while a customer buys, a forged delivery is refused and a bogus event is rejected:
 * ids and event types, never card data, secrets, emails or addresses.
 */
describe('structured logs of a purchase', () => {
  let shop: TestShop;
  const lines: string[] = [];
  let sessionId: string;

  beforeAll(async () => {
    shop = await startTestShop();
    const memory = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger('trace', memory);
    // The webhook server reads its deps on every request, so the logger can be swapped after start.
    shop.webhookDeps.logger = logger;

    const priceId = (await shop.checkoutDeps.loadCatalog())[0]!.priceId;
    const response = await handleCheckoutRequest(
      { ...shop.checkoutDeps, logger, rateLimiter: createCheckoutRateLimiter(100) },
      new Request('http://shop.test/api/checkout', {
        method: 'POST',
        body: JSON.stringify({ lines: [{ priceId, quantity: 2 }], deliveryDate: daysFromNow(4) }),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      }),
    );
    const { url, sessionId: id } = (await response.json()) as { url: string; sessionId: string };
    sessionId = id;
    expect((await payOnHostedPage(url, CARD_NUMBER, { cvc: CVC })).status).toBe(303);
    await shop.emulator.waitForDeliveries(10_000);

    // A forged delivery and a signed event about a session Stripe does not know.
    const forged = JSON.stringify({ id: 'evt_forged_for_logs', type: 'checkout.session.completed', data: { object: { id: 'cs_test_nope' } } });
    await fetch(shop.webhookUrl, { method: 'POST', body: forged, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=00' } });
    const completed = (await shop.stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data[0]!;
    const bogus = JSON.stringify({ ...completed, id: 'evt_unknown_session_for_logs', data: { object: { ...(completed.data.object as object), id: 'cs_test_nope' } } });
    await fetch(shop.webhookUrl, {
      method: 'POST',
      body: bogus,
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload: bogus, secret: shop.webhookSecret }) },
    });
  });
  afterAll(async () => {
    await shop.close();
  });

  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it('writes one JSON object per line, carrying the event id and type on webhook logs', () => {
    expect(lines.length).toBeGreaterThan(5);
    const applied = entries().filter((entry) => entry.msg === 'event applied');
    expect(applied.map((entry) => entry.eventType)).toContain('checkout.session.completed');
    for (const entry of applied) {
      expect(entry.eventId).toMatch(/^evt_/);
      expect(entry.orderId).toBe(sessionId);
    }
    expect(entries().find((entry) => entry.msg === 'checkout session created')).toMatchObject({ sessionId });
    expect(entries().find((entry) => entry.eventId === 'evt_unknown_session_for_logs')).toMatchObject({ eventType: 'checkout.session.completed', objectId: 'cs_test_nope' });
    expect(entries().some((entry) => entry.msg === 'webhook signature verification failed')).toBe(true);
  });

  it.each([
    ['the card number', CARD_NUMBER],
    ['the card number, grouped', '4242 4242 4242 4242'],
    ['the last four digits with a card label', '"last4"'],
    ['a CVC field', '"cvc"'],
    ['the CVC value', `"${CVC}"`],
    ['the expiry', validCustomer.expiry],
    ['the webhook secret', () => shop.webhookSecret],
    ['any webhook secret', 'whsec_'],
    ['the Stripe secret key', 'sk_test_'],
    ['the Stripe-Signature header', 'v1='],
    ['the street address', validCustomer.line1],
    ['the city', validCustomer.city],
    ['the customer email', validCustomer.email],
    ['the cardholder name', validCustomer.cardholderName],
  ] as const)('never contain %s', (_what, needle) => {
    const value = typeof needle === 'function' ? needle() : needle;
    const offending = lines.filter((line) => line.includes(value));
    expect(offending).toEqual([]);
  });
});
