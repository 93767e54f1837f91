import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { API_KEY, sdk, startEmulator } from './helpers';

/** A raw HTTP exchange: the path goes out byte for byte (no URL normalisation, unlike fetch). */
function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    // The server may answer and close before reading a refused body.
    req.on('error', reject);
    req.end(body);
  });
}

const auth = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/x-www-form-urlencoded' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };

let emulator: RunningStripeEmulator;
let openSession = '';

beforeAll(async () => {
  emulator = await startEmulator();
  const stripe = sdk(emulator);
  const price = (await stripe.prices.list({ limit: 1 })).data[0]?.id ?? '';
  openSession = (
    await stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price, quantity: 1 }], success_url: 'http://127.0.0.1/ok' })
  ).id;
});
afterAll(async () => {
  await emulator.close();
});

interface Case {
  name: string;
  method: string;
  path: () => string;
  headers?: Record<string, string>;
  body?: () => string;
  status: number;
  code?: string;
  param?: string;
}

const deep = (): string => `metadata${'[a]'.repeat(10_000)}=x`;
const manyKeys = (): string => Array.from({ length: 100_000 }, (_, i) => `k${i}=v`).join('&');

const cases: Case[] = [
  { name: 'a path of two slashes', method: 'GET', path: () => '//', status: 404 },
  { name: 'an absolute-form request target', method: 'GET', path: () => 'http://evil.example/v1/products', headers: auth, status: 400, code: 'url_invalid' },
  { name: 'a malformed percent escape in an id', method: 'GET', path: () => '/v1/products/%E0%A4%A', headers: auth, status: 404, code: 'resource_missing' },
  { name: '__proto__ in a form key', method: 'POST', path: () => '/v1/products', headers: auth, body: () => 'name=x&__proto__[polluted]=1', status: 400, code: 'parameter_unknown', param: '__proto__[polluted]' },
  { name: 'constructor[prototype] in a form key', method: 'POST', path: () => '/v1/products', headers: auth, body: () => 'name=x&constructor[prototype][polluted]=1', status: 400, code: 'parameter_unknown' },
  { name: 'a nested prototype segment', method: 'POST', path: () => '/v1/products', headers: auth, body: () => 'name=x&metadata[prototype]=1', status: 400, code: 'parameter_unknown' },
  { name: '__proto__ in a query key', method: 'GET', path: () => '/v1/products?__proto__[polluted]=1', headers: auth, status: 400, code: 'parameter_unknown' },
  { name: '__proto__ posted to the hosted page', method: 'POST', path: () => `/c/pay/${openSession}`, headers: form, body: () => '__proto__[status]=complete&__proto__[payment_status]=paid', status: 400, code: 'parameter_unknown' },
  { name: 'a product id of __proto__', method: 'GET', path: () => '/v1/products/__proto__', headers: auth, status: 404, code: 'resource_missing' },
  { name: 'a session id of constructor', method: 'GET', path: () => '/v1/checkout/sessions/constructor', headers: auth, status: 404, code: 'resource_missing' },
  { name: 'an event id of __proto__', method: 'GET', path: () => '/v1/events/__proto__', headers: auth, status: 404, code: 'resource_missing' },
  { name: 'a hosted page for __proto__', method: 'GET', path: () => '/c/pay/__proto__', status: 404 },
  { name: 'keys nested 10,000 deep', method: 'POST', path: () => '/v1/products', headers: auth, body: deep, status: 400, code: 'parameter_invalid' },
  { name: '100,000 keys in one form', method: 'POST', path: () => '/v1/products', headers: auth, body: manyKeys, status: 400, code: 'parameter_invalid' },
  { name: 'an array index of a billion', method: 'POST', path: () => '/v1/products', headers: auth, body: () => 'name=x&images[1000000000]=a', status: 400, code: 'parameter_invalid' },
  { name: 'a body over 1 MB', method: 'POST', path: () => '/v1/products', headers: auth, body: () => `name=${'x'.repeat(1_100_000)}`, status: 400, code: 'request_too_large' },
  { name: 'a cross-site reset (Origin)', method: 'POST', path: () => '/_emulator/reset', headers: { origin: 'http://evil.example' }, status: 403 },
  { name: 'a cross-site reset (Sec-Fetch-Site)', method: 'POST', path: () => '/_emulator/reset', headers: { 'sec-fetch-site': 'cross-site' }, status: 403 },
  { name: 'a reset posted as a form without the control header', method: 'POST', path: () => '/_emulator/reset', headers: form, body: () => 'x=1', status: 403 },
  { name: 'a reset posted as text/plain', method: 'POST', path: () => '/_emulator/reset', headers: { 'content-type': 'text/plain' }, body: () => 'x', status: 403 },
  { name: 'a settle from an opaque origin', method: 'POST', path: () => `/_emulator/checkout/sessions/${openSession}/settle`, headers: { origin: 'null', 'content-type': 'application/json' }, body: () => '{}', status: 403 },
  { name: 'a cross-site payment on the hosted page', method: 'POST', path: () => `/c/pay/${openSession}`, headers: { ...form, origin: 'http://evil.example' }, body: () => 'email=a@b.co', status: 403 },
];

describe('hostile requests: refused with a 4xx, never a crash or a state change', () => {
  it.each(cases)('$name → $status $code', async (c) => {
    const res = await raw(emulator.port, c.method, c.path(), c.headers, c.body?.() ?? '');
    expect(res.status).toBe(c.status);
    if (c.code) {
      const err = (JSON.parse(res.body) as { error: { type: string; code?: string; param?: string } }).error;
      expect(err.type).toBe('invalid_request_error');
      expect(err.code).toBe(c.code);
      if (c.param) expect(err.param).toBe(c.param);
      expect(res.headers['stripe-should-retry']).toBe('false');
      expect(res.headers['request-id']).toMatch(/^req_/);
    }
  });

  it('is still up, unpolluted, and its state unchanged afterwards', async () => {
    expect((await raw(emulator.port, 'GET', '/_emulator/health')).status).toBe(200);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const stripe = sdk(emulator);
    const session = await stripe.checkout.sessions.retrieve(openSession);
    expect(session.status).toBe('open');
    expect(session.payment_status).toBe('unpaid');
    const products = await stripe.products.list({ limit: 100 });
    expect(products.data.map((p) => p.name)).not.toContain('x');
    expect(products.data.length).toBeGreaterThan(0);
  });

  it('still accepts dev controls sent as JSON, with no body, or as a form with the control header', async () => {
    expect((await raw(emulator.port, 'POST', '/_emulator/reset', { 'content-type': 'application/json' }, '{}')).status).toBe(200);
    expect((await raw(emulator.port, 'POST', '/_emulator/reset')).status).toBe(200);
    expect((await raw(emulator.port, 'POST', '/_emulator/reset', { ...form, 'x-local-stripe-control': '1' }, 'x=1')).status).toBe(200);
    const sameOrigin = { 'content-type': 'application/json', origin: `http://127.0.0.1:${emulator.port}`, 'sec-fetch-site': 'same-origin' };
    expect((await raw(emulator.port, 'POST', '/_emulator/reset', sameOrigin, '{}')).status).toBe(200);
  });
});
