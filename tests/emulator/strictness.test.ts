import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { TEST_BANK_ACCOUNT, payByBankOnHostedPage } from '../support/hosted-checkout';
import { API_KEY, postForm, sdk, startEmulator, startReceiver, type Receiver } from './helpers';

/** Local Stripe refuses what Stripe refuses, with Stripe's status, type, code and param. */

let emulator: RunningStripeEmulator;
let receiver: Receiver;
const PRICE = 'price_mezze_platter'; // seeded with a stable id and lookup_key

beforeAll(async () => {
  receiver = await startReceiver();
  emulator = await startEmulator({ webhookEndpoint: { url: receiver.url, secret: 'whsec_strictness' } });
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: { error?: { type: string; code?: string; param?: string; message: string; doc_url?: string } } & Record<string, unknown>;
}

async function call(method: string, path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Answer> {
  const query = method === 'GET' ? `?${new URLSearchParams(form).toString()}` : '';
  const res = await fetch(`${emulator.url}${path}${query}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    ...(method === 'POST' ? { body: new URLSearchParams(form).toString() } : {}),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

const session = (extra: Record<string, string> = {}): Record<string, string> => ({
  mode: 'payment',
  'line_items[0][price]': PRICE,
  'line_items[0][quantity]': '1',
  success_url: 'http://shop.test/ok',
  ...extra,
});

/** A session with one inline price (price_data) instead of a catalog price. */
function inline(currency: string, unitAmount: number): Record<string, string> {
  const form = session({
    'line_items[0][price_data][currency]': currency,
    'line_items[0][price_data][unit_amount]': String(unitAmount),
    'line_items[0][price_data][product]': 'prod_mezze_platter',
  });
  delete form['line_items[0][price]'];
  return form;
}

interface Row {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  form: Record<string, string>;
  status: number;
  code?: string;
  param?: string;
  type?: string;
}

const rows: Row[] = [
  { name: 'unknown POST param', method: 'POST', path: '/v1/checkout/sessions', form: session({ colour: 'red' }), status: 400, code: 'parameter_unknown', param: 'colour' },
  { name: 'unknown nested POST param', method: 'POST', path: '/v1/checkout/sessions', form: session({ 'line_items[0][colour]': 'red' }), status: 400, code: 'parameter_unknown', param: 'line_items[0][colour]' },
  { name: 'unknown GET param on a list', method: 'GET', path: '/v1/prices', form: { colour: 'red' }, status: 400, code: 'parameter_unknown', param: 'colour' },
  { name: 'unknown GET param on a retrieve', method: 'GET', path: `/v1/prices/${PRICE}`, form: { colour: 'red' }, status: 400, code: 'parameter_unknown', param: 'colour' },
  { name: 'invalid mode', method: 'POST', path: '/v1/checkout/sessions', form: session({ mode: 'rent' }), status: 400, param: 'mode' },
  { name: 'invalid locale', method: 'POST', path: '/v1/checkout/sessions', form: session({ locale: 'xx' }), status: 400, param: 'locale' },
  { name: 'invalid submit_type', method: 'POST', path: '/v1/checkout/sessions', form: session({ submit_type: 'buy' }), status: 400, param: 'submit_type' },
  { name: 'invalid ui_mode', method: 'POST', path: '/v1/checkout/sessions', form: session({ ui_mode: 'popup' }), status: 400, param: 'ui_mode' },
  { name: 'invalid billing_address_collection', method: 'POST', path: '/v1/checkout/sessions', form: session({ billing_address_collection: 'sometimes' }), status: 400, param: 'billing_address_collection' },
  { name: 'customer_creation=always (no Customers here): refused, not dropped', method: 'POST', path: '/v1/checkout/sessions', form: session({ customer_creation: 'always' }), status: 400, code: 'parameter_invalid', param: 'customer_creation' },
  { name: 'allow_promotion_codes=true (no codes here): refused, not dropped', method: 'POST', path: '/v1/checkout/sessions', form: session({ allow_promotion_codes: 'true' }), status: 400, code: 'parameter_invalid', param: 'allow_promotion_codes' },
  { name: 'SEPA for a USD session', method: 'POST', path: '/v1/checkout/sessions', form: session({ 'allowed_payment_method_types[0]': 'sepa_debit' }), status: 400, param: 'allowed_payment_method_types[0]' },
  { name: 'a missing price named in a line item', method: 'POST', path: '/v1/checkout/sessions', form: session({ 'line_items[0][price]': 'price_nope' }), status: 400, code: 'resource_missing', param: 'line_items[0][price]' },
  { name: 'an empty success_url', method: 'POST', path: '/v1/checkout/sessions', form: session({ success_url: '' }), status: 400, code: 'parameter_invalid_empty', param: 'success_url' },
  { name: 'an empty price', method: 'POST', path: '/v1/checkout/sessions', form: session({ 'line_items[0][price]': '' }), status: 400, code: 'parameter_invalid_empty', param: 'line_items[0][price]' },
  { name: 'a total under $0.50', method: 'POST', path: '/v1/checkout/sessions', form: inline('usd', 49), status: 400, code: 'amount_too_small', param: 'line_items' },
  { name: 'price together with price_data', method: 'POST', path: '/v1/checkout/sessions', form: session({ 'line_items[0][price_data][currency]': 'usd', 'line_items[0][price_data][unit_amount]': '500', 'line_items[0][price_data][product]': 'prod_mezze_platter' }), status: 400, param: 'line_items[0][price]' },
  { name: 'an unknown currency', method: 'POST', path: '/v1/prices', form: { currency: 'xyz', unit_amount: '500', product: 'prod_mezze_platter' }, status: 400, param: 'currency' },
  { name: 'a lookup_key another price uses', method: 'POST', path: '/v1/prices', form: { currency: 'usd', unit_amount: '500', product: 'prod_mezze_platter', lookup_key: 'mezze-platter' }, status: 400, code: 'lookup_key_in_use', param: 'lookup_key' },
  { name: 'an unknown webhook event type', method: 'POST', path: '/v1/webhook_endpoints', form: { url: 'http://127.0.0.1:9/x', 'enabled_events[0]': 'checkout.session.finished' }, status: 400, param: 'enabled_events[0]' },
  { name: 'a malformed endpoint api_version', method: 'POST', path: '/v1/webhook_endpoints', form: { url: 'http://127.0.0.1:9/x', 'enabled_events[0]': '*', api_version: 'latest' }, status: 400, param: 'api_version' },
  { name: 'an unsupported search field', method: 'GET', path: '/v1/products/search', form: { query: "colour:'red'" }, status: 400, param: 'query' },
  { name: 'an unknown route', method: 'GET', path: '/v1/products/search/extra', form: {}, status: 404 },
  { name: 'an Idempotency-Key over 255 characters', method: 'POST', path: '/v1/products', form: { name: 'Long key' }, status: 400, code: 'idempotency_key_too_long' },
];

describe('strictness: request → Stripe\'s status, type, code, param', () => {
  it.each(rows)('$name → $status $code $param', async (row) => {
    const headers: Record<string, string> = row.code === 'idempotency_key_too_long' ? { 'idempotency-key': 'k'.repeat(256) } : {};
    const res = await call(row.method, row.path, row.form, headers);
    expect(res.status).toBe(row.status);
    expect(res.body.error?.type).toBe(row.type ?? 'invalid_request_error');
    if (row.code) {
      expect(res.body.error?.code).toBe(row.code);
      expect(res.body.error?.doc_url).toBe(`https://stripe.com/docs/error-codes/${row.code.replace(/_/g, '-')}`);
    }
    if (row.param) expect(res.body.error?.param).toBe(row.param);
    expect(res.headers.get('stripe-should-retry')).toBe('false');
    expect(res.headers.get('request-id')).toMatch(/^req_/);
  });
});

describe('accepted options take effect', () => {
  it('a USD session offers card and a US bank account; a EUR one card and SEPA', async () => {
    const usd = await call('POST', '/v1/checkout/sessions', session());
    expect(usd.body['payment_method_types']).toEqual(['card', 'us_bank_account']);
    const eur = await call('POST', '/v1/checkout/sessions', inline('eur', 5000));
    expect(eur.body['payment_method_types']).toEqual(['card', 'sepa_debit']);
    const usdBank = await call('POST', '/v1/checkout/sessions', session({ 'allowed_payment_method_types[0]': 'us_bank_account' }));
    expect(usdBank.body['payment_method_types']).toEqual(['us_bank_account']);
  });

  it('a USD session paid by US bank account completes unpaid, then settles as paid (the delayed path)', async () => {
    const stripe = sdk(emulator);
    const s = await stripe.checkout.sessions.create({ mode: 'payment', success_url: 'http://shop.test/ok', line_items: [{ price: PRICE, quantity: 1 }] });
    const html = await (await fetch(s.url ?? '')).text();
    expect(html).toContain('US bank account (ACH, settles later)');
    expect(html).not.toContain('SEPA');
    const paid = await payByBankOnHostedPage(`${emulator.url}/c/pay/${s.id}`, TEST_BANK_ACCOUNT.succeeds);
    expect(paid.status).toBe(303);
    expect(await stripe.checkout.sessions.retrieve(s.id)).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    const settled = await fetch(`${emulator.url}/_emulator/checkout/sessions/${s.id}/settle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(settled.status).toBe(200);
    const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent.latest_charge'] });
    expect(done.payment_status).toBe('paid');
    const charge = (done.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge;
    expect(charge.payment_method_details?.us_bank_account?.last4).toBe('6789');
  });

  it('custom_text, custom_fields, phone and billing address show on the hosted page and come back with the values', async () => {
    const stripe = sdk(emulator);
    const s = await stripe.checkout.sessions.create({
      mode: 'payment',
      success_url: 'http://shop.test/ok',
      line_items: [{ price: PRICE, quantity: 1 }],
      billing_address_collection: 'required',
      phone_number_collection: { enabled: true },
      custom_text: { submit: { message: 'We deliver before noon.' }, after_submit: { message: 'Questions? Call us.' } },
      custom_fields: [
        { key: 'allergies', label: { type: 'custom', custom: 'Allergies' }, type: 'text', optional: true },
        { key: 'setup', label: { type: 'custom', custom: 'Set-up' }, type: 'dropdown', dropdown: { options: [{ label: 'Buffet', value: 'buffet' }, { label: 'Boxed', value: 'boxed' }] } },
      ],
    });
    expect(s.custom_fields.map((f) => f.key)).toEqual(['allergies', 'setup']);
    expect(s.custom_text.submit?.message).toBe('We deliver before noon.');
    const html = await (await fetch(`${emulator.url}/c/pay/${s.id}`)).text();
    for (const text of ['We deliver before noon.', 'Questions? Call us.', 'Allergies (optional)', 'Set-up', '<option value="boxed">Boxed</option>', 'Phone number', 'Billing address line 1']) {
      expect(html).toContain(text);
    }
    const base = { email: 'ada@example.com', cardNumber: '4242424242424242', expiry: '12 / 40', cvc: '123', cardholderName: 'Ada', phone: '+1 555 0100' };
    const billing = { billingLine1: '1 Main St', billingCity: 'Springfield', billingPostalCode: '62701', billingCountry: 'US' };
    const missing = await postForm(`${emulator.url}/c/pay/${s.id}`, { ...base, ...billing });
    expect(missing.status).toBe(400); // the required dropdown was not chosen
    expect(await missing.text()).toContain('Set-up is required.');
    const paid = await postForm(`${emulator.url}/c/pay/${s.id}`, { ...base, ...billing, custom_setup: 'boxed', custom_allergies: 'none' });
    expect(paid.status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(s.id);
    expect(done.custom_fields.find((f) => f.key === 'setup')?.dropdown?.value).toBe('boxed');
    expect(done.custom_fields.find((f) => f.key === 'allergies')?.text?.value).toBe('none');
    expect(done.customer_details?.phone).toBe('+1 555 0100');
    expect(done.customer_details?.address).toMatchObject({ line1: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' });
    await receiver.waitFor((events) => events.some((e) => e.type === 'checkout.session.completed' && (e.data.object as Stripe.Checkout.Session).id === s.id));
    const completed = receiver.events().find((e) => e.type === 'checkout.session.completed' && (e.data.object as Stripe.Checkout.Session).id === s.id);
    expect((completed?.data.object as Stripe.Checkout.Session).custom_fields.find((f) => f.key === 'setup')?.dropdown?.value).toBe('boxed');
  });

  it('products and prices search answers simple queries', async () => {
    const stripe = sdk(emulator);
    const found = await stripe.prices.search({ query: "lookup_key:'taco-bar' AND active:'true'" });
    expect(found.data.map((p) => p.id)).toEqual(['price_taco_bar']);
    const byName = await stripe.products.search({ query: "name~'Taco'" });
    expect(byName.data.map((p) => p.id)).toEqual(['prod_taco_bar']);
  });
});

describe('idempotency and request ids, as Stripe documents them', () => {
  it('replays with Idempotent-Replayed, refuses other params (400), stores no validation failure, and echoes the request in events', async () => {
    const key = `key-${Date.now()}`;
    const first = await call('POST', '/v1/products', { name: 'Idem' }, { 'idempotency-key': key });
    const replay = await call('POST', '/v1/products', { name: 'Idem' }, { 'idempotency-key': key });
    expect(replay.body['id']).toBe(first.body['id']);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('request-id')).not.toBe(first.headers.get('request-id'));
    const other = await call('POST', '/v1/products', { name: 'Other' }, { 'idempotency-key': key });
    expect(other.status).toBe(400);
    expect(other.body.error?.type).toBe('idempotency_error');

    const badKey = `bad-${Date.now()}`;
    expect((await call('POST', '/v1/products', { name: '' }, { 'idempotency-key': badKey })).status).toBe(400);
    const retried = await call('POST', '/v1/products', { name: 'Fixed' }, { 'idempotency-key': badKey });
    expect(retried.status).toBe(200); // the failed validation was not stored as the key's answer

    const events = await sdk(emulator).events.list({ type: 'product.created', limit: 10 });
    const created = events.data.find((e) => (e.data.object as Stripe.Product).id === first.body['id']);
    expect(created?.request).toEqual({ id: first.headers.get('request-id'), idempotency_key: key });
  });

  it('answers 409 (retry later) while the first request with a key is still running', async () => {
    const key = `busy-${Date.now()}`;
    const body = 'name=Slow';
    const apiRequests = async (): Promise<number> => ((await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { apiRequests: number }).apiRequests;
    const before = await apiRequests();
    // The first request sends its headers and only half its body, so it stays in flight.
    const first = request({
      host: '127.0.0.1', port: emulator.port, method: 'POST', path: '/v1/products',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length), 'idempotency-key': key },
    });
    const firstAnswer = new Promise<number>((resolve, reject) => {
      first.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      first.on('error', reject);
    });
    first.write(body.slice(0, 4));
    // Its key is claimed in the same step that counts it: wait for the count (a condition, not a pause).
    const deadline = Date.now() + 20_000;
    while ((await apiRequests()) === before) {
      if (Date.now() > deadline) throw new Error('the first request never arrived');
      await new Promise((r) => setTimeout(r, 10));
    }
    const second = await call('POST', '/v1/products', { name: 'Slow' }, { 'idempotency-key': key });
    expect(second.status).toBe(409);
    expect(second.body.error?.type).toBe('idempotency_error');
    expect(second.headers.get('stripe-should-retry')).toBe('true');
    first.end(body.slice(4));
    expect(await firstAnswer).toBe(200);
    const replay = await call('POST', '/v1/products', { name: 'Slow' }, { 'idempotency-key': key });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('an endpoint pinned to an api_version gets its events in that version', async () => {
    const pinned = await startReceiver();
    try {
      const stripe = sdk(emulator);
      await stripe.webhookEndpoints.create({ url: pinned.url, enabled_events: ['product.created'], api_version: '2024-06-20' });
      await stripe.products.create({ name: 'Pinned' });
      await pinned.waitFor((events) => events.length > 0);
      expect(pinned.events()[0]?.api_version).toBe('2024-06-20');
    } finally {
      await pinned.close();
    }
  });
});
