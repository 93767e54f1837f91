import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { SignedInUser } from '@/lib/domain/auth/signed-in-user';
import { handleCheckoutRequest, type CheckoutRequestDeps } from '@/lib/http/checkout/handle-checkout-request';
import { readinessResponse } from '@/lib/config/readiness';
import { answeringErrors, refusedMethods } from '@/lib/http/api-route';
import { createLogger, silentLogger } from '@/lib/logger';
import { handlePlanCheckoutRequest, handlePlanPortalRequest } from '@/lib/http/plans/handle-plan-requests';
import { handleReconcileRequest } from '@/lib/http/reconcile/handle-reconcile-request';
import type { RateLimiter } from '@/lib/security/rate-limiter';
import { handleWebhookRequest, MAX_WEBHOOK_BODY_BYTES, type WebhookDeps } from '@/lib/http/webhooks/handle-webhook-request';

/**
 * Every refusal of every app/api route answers `{ error: { code, message } }` (health adds its readiness
 * fields), with the status the table names. The refusals here are all decided before any store or Stripe
 * call, so the dependencies they never reach are left out.
 */
const SITE = 'http://shop.test';
const SECRET = 'a-scheduler-secret-of-32-characters!';
const stripe = new Stripe('sk_test_error_shape_table');
const unlimited: RateLimiter = { take: () => ({ allowed: true }) };
const exhausted: RateLimiter = { take: () => ({ allowed: false, retryAfterSeconds: 30 }) };

function checkout(request: Request, rateLimiter = unlimited): Promise<Response> {
  return handleCheckoutRequest({ logger: silentLogger, rateLimiter, stripe } as unknown as CheckoutRequestDeps, request);
}
function webhook(request: Request): Promise<Response> {
  return handleWebhookRequest({ logger: silentLogger, stripe, webhookSecret: 'whsec_table' } as unknown as WebhookDeps, request);
}
function reconcile(request: Request, reconcileSecret: string | null = SECRET): Promise<Response> {
  return handleReconcileRequest({ logger: silentLogger, stripe, reconcileSecret } as unknown as Parameters<typeof handleReconcileRequest>[0], request);
}
function planCheckout(request: Request, rateLimiter = unlimited): Promise<Response> {
  return handlePlanCheckoutRequest({ stripe, siteUrl: SITE, logger: silentLogger, rateLimiter }, request);
}
const ada: SignedInUser = { sub: 'sub-ada', username: 'ada', email: 'ada@example.com', emailVerified: true, owner: 'sub-ada::ada' };
function planPortal(request: Request): Promise<Response> {
  return handlePlanPortalRequest({ stripe, siteUrl: SITE, logger: silentLogger }, request, ada);
}

function post(route: string, body: string, headers: Record<string, string>, method = 'POST'): Request {
  return new Request(`${SITE}${route}`, { method, headers, ...(method === 'GET' ? {} : { body }) });
}
const json = { 'content-type': 'application/json' };
const form = (site = 'same-origin', accept = 'text/html') => ({ 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': site, accept });

type Row = [route: string, refusal: string, answer: () => Promise<Response>, status: number, code: string];

const table: Row[] = [
  ['/api/checkout', 'the wrong method', () => checkout(post('/api/checkout', '', json, 'GET')), 405, 'method_not_allowed'],
  ['/api/checkout', 'too many attempts', () => checkout(post('/api/checkout', '{}', json), exhausted), 429, 'rate_limited'],
  ['/api/checkout', 'a form instead of JSON', () => checkout(post('/api/checkout', 'a=1', form())), 415, 'unsupported_media_type'],
  ['/api/checkout', 'a body that is not JSON', () => checkout(post('/api/checkout', '{nope', json)), 400, 'invalid_json'],
  ['/api/checkout', 'a body over the limit', () => checkout(post('/api/checkout', 'x'.repeat(17 * 1024), json)), 413, 'payload_too_large'],
  ['/api/webhooks/stripe', 'the wrong method', () => webhook(post('/api/webhooks/stripe', '', json, 'GET')), 405, 'method_not_allowed'],
  ['/api/webhooks/stripe', 'a form instead of JSON', () => webhook(post('/api/webhooks/stripe', 'a=1', form())), 415, 'unsupported_media_type'],
  ['/api/webhooks/stripe', 'no signature', () => webhook(post('/api/webhooks/stripe', '{}', json)), 400, 'missing_signature'],
  ['/api/webhooks/stripe', 'a forged signature', () => webhook(post('/api/webhooks/stripe', '{}', { ...json, 'stripe-signature': 't=1,v1=00' })), 400, 'invalid_signature'],
  ['/api/webhooks/stripe', 'a body over the limit', () => webhook(post('/api/webhooks/stripe', 'x'.repeat(MAX_WEBHOOK_BODY_BYTES + 1), { ...json, 'stripe-signature': 't=1,v1=00' })), 413, 'payload_too_large'],
  ['/api/reconcile', 'no secret configured', () => reconcile(post('/api/reconcile', '', {}), null), 404, 'not_found'],
  ['/api/reconcile', 'the wrong method', () => reconcile(post('/api/reconcile', '', { authorization: `Bearer ${SECRET}` }, 'GET')), 405, 'method_not_allowed'],
  ['/api/reconcile', 'no Authorization header', () => reconcile(post('/api/reconcile', '', {})), 401, 'unauthorized'],
  ['/api/reconcile', 'the wrong secret', () => reconcile(post('/api/reconcile', '', { authorization: 'Bearer not-the-secret' })), 401, 'unauthorized'],
  ['/api/plans/checkout', 'the wrong method', () => planCheckout(post('/api/plans/checkout', '', form(), 'GET')), 405, 'method_not_allowed'],
  ['/api/plans/checkout', 'another site', () => planCheckout(post('/api/plans/checkout', 'a=1', form('cross-site'))), 403, 'cross_site_request'],
  ['/api/plans/checkout', 'JSON instead of the form', () => planCheckout(post('/api/plans/checkout', '{}', { ...json, 'sec-fetch-site': 'same-origin' })), 415, 'unsupported_media_type'],
  ['/api/plans/checkout', 'too many attempts (fetch)', () => planCheckout(post('/api/plans/checkout', 'a=1', form('same-origin', 'application/json')), exhausted), 429, 'rate_limited'],
  ['/api/plans/checkout', 'a bad form (fetch)', () => planCheckout(post('/api/plans/checkout', 'priceId=nope', form('same-origin', 'application/json'))), 400, 'invalid_request'],
  ['/api/plans/portal', 'another site', () => planPortal(post('/api/plans/portal', 'planId=sub_1', form('cross-site'))), 403, 'cross_site_request'],
  ['/api/plans/portal', 'a plan that is not theirs', () => planPortal(post('/api/plans/portal', 'planId=sub_1', form())), 404, 'not_found'],
  [
    '/api/health',
    'an invalid configuration',
    async () => readinessResponse({ ok: false, profile: null, configuration: { ok: false, issues: ['STRIPE_SECRET_KEY: Required'] }, dependencies: {} }),
    503,
    'not_ready',
  ],
  ['/api/session', 'a method it does not serve (Next would answer a bare 405)', () => refusedMethods('GET').POST(post('/api/session', '', {})), 405, 'method_not_allowed'],
  ['/api/session', 'anything it throws', () => answeringErrors(() => silentLogger, () => Promise.reject(new Error('boom')))(post('/api/session', '', {}, 'GET')), 500, 'internal_error'],
];

function apiRoutes(dir = path.join(process.cwd(), 'app/api')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return apiRoutes(full);
    return entry.name === 'route.ts' ? [`/${path.relative(path.join(process.cwd(), 'app'), path.dirname(full)).split(path.sep).join('/')}`] : [];
  });
}

describe('one error shape on every API route', () => {
  it.each(table)('%s refuses %s with %i %s', async (_route, _refusal, answer, status, code) => {
    const response = await answer();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error?: Record<string, unknown> };
    expect(body.error?.code).toBe(code);
    expect(body.error?.code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
    expect(body.error?.message).toEqual(expect.stringMatching(/\S/));
    expect(Object.keys(body.error ?? {}).sort()).toEqual(expect.arrayContaining(['code', 'message']));
    expect(Object.keys(body.error ?? {}).filter((key) => !['code', 'message', 'field'].includes(key))).toEqual([]);
  });

  it('has a row for every route under app/api, and every route answers its unexpected failures in the same shape', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.filter((route) => !table.some(([tabled]) => tabled === route))).toEqual([]);
    for (const route of routes) {
      const source = fs.readFileSync(path.join(process.cwd(), 'app', route, 'route.ts'), 'utf8');
      expect({ route, wrapped: source.includes('answeringErrors('), otherMethods: /export const \{ [A-Z, ]+ \} = refusedMethods\('(GET|POST)'\);/.test(source) }).toEqual({
        route,
        wrapped: true,
        otherMethods: true,
      });
    }
  });

  it('refuses every method but the one a route serves, naming it in Allow', async () => {
    const refused = refusedMethods('POST');
    expect(Object.keys(refused).sort()).toEqual(['DELETE', 'GET', 'PATCH', 'PUT']);
    for (const handler of Object.values(refused)) {
      const response = await handler(post('/api/checkout', '', {}, 'GET'));
      expect([response.status, response.headers.get('allow'), ((await response.json()) as { error: { code: string } }).error.code]).toEqual([405, 'POST', 'method_not_allowed']);
    }
  });

  it('keeps the details of an unexpected failure in the log, with its stack, and out of the response', async () => {
    const lines: Record<string, unknown>[] = [];
    const memory = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>));
        done();
      },
    });
    const logger = createLogger('info', memory);
    const failure = new Error('the store is down', { cause: new Error('connection refused') });
    const response = await answeringErrors(() => logger, () => Promise.reject(failure))(post('/api/session', '', {}, 'GET'));
    const text = await response.text();
    expect(text).not.toContain('the store is down');
    expect(text).not.toContain('at ');
    expect(lines).toMatchObject([
      { level: 50, msg: 'API route failed', route: '/api/session', err: { type: 'Error', message: 'the store is down', stack: expect.stringContaining('api-error-shape.test.ts'), cause: { message: 'connection refused' } } },
    ]);
  });
});
