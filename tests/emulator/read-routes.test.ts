import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { API_KEY, sdk, startEmulator } from './helpers';

// Every resource's list/retrieve comes from one helper (resources/read-routes.ts): same answers everywhere.
let emulator: RunningStripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startEmulator();
  stripe = sdk(emulator);
});
afterAll(() => emulator.close());

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> & { error?: { code?: string; param?: string } } }> {
  const res = await fetch(`${emulator.url}${path}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const COLLECTIONS = [
  '/v1/products', '/v1/prices', '/v1/checkout/sessions', '/v1/payment_intents', '/v1/charges', '/v1/refunds',
  '/v1/events', '/v1/webhook_endpoints',
];

describe('list and retrieve routes', () => {
  it.each(COLLECTIONS)('%s lists with its url and refuses an unknown id with 404 resource_missing', async (path) => {
    const list = await get(`${path}?limit=1`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ object: 'list', url: path });
    const missing = await get(`${path}/nope_123`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'resource_missing', param: 'id' });
    const unknown = await get(`${path}?colour=red`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
  });

  it('lists refunds by charge and by payment intent (filters Stripe documents for GET /v1/refunds)', async () => {
    const pay = (): Promise<Stripe.PaymentIntent> =>
      stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const [first, second] = [await pay(), await pay()];
    const refund = await stripe.refunds.create({ payment_intent: first.id, amount: 500 });
    await stripe.refunds.create({ payment_intent: second.id });
    const byCharge = await stripe.refunds.list({ charge: String(first.latest_charge) });
    expect(byCharge.data.map((r) => r.id)).toEqual([refund.id]);
    const byIntent = await stripe.refunds.list({ payment_intent: first.id, expand: ['data.charge'] });
    expect(byIntent.data.map((r) => r.id)).toEqual([refund.id]);
    expect((byIntent.data[0]?.charge as Stripe.Charge).amount_refunded).toBe(500);
  });
});
