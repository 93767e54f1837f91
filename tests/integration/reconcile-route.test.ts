import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleReconcileRequest } from '@/lib/http/reconcile/handle-reconcile-request';
import { startTestShop, type TestShop } from '../support/test-shop';

const SECRET = 'a-scheduler-secret-of-32-characters!';
let shop: TestShop;

beforeAll(async () => {
  shop = await startTestShop();
});
afterAll(async () => {
  await shop?.close();
});

function call(headers: Record<string, string>, secret: string | null = SECRET, method = 'POST') {
  return handleReconcileRequest({ ...shop.webhookDeps, reconcileSecret: secret }, new Request('http://shop.test/api/reconcile', { method, headers }));
}

describe('POST /api/reconcile', () => {
  it.each([
    ['no secret configured', {}, null, 'POST', 404],
    ['no Authorization header', {}, SECRET, 'POST', 401],
    ['the wrong secret', { Authorization: 'Bearer not-the-secret-at-all-nope-nope' }, SECRET, 'POST', 401],
    ['a prefix of the secret', { Authorization: `Bearer ${SECRET.slice(0, 10)}` }, SECRET, 'POST', 401],
    ['the wrong method', { Authorization: `Bearer ${SECRET}` }, SECRET, 'GET', 405],
  ] as const)('refuses %s', async (_name, headers, secret, method, status) => {
    const response = await call(headers, secret, method);
    expect(response.status).toBe(status);
    expect(await shop.store.getCursor('reconcile')).toBeNull();
  });

  it('runs with the right secret and reports what it did', async () => {
    const response = await call({ Authorization: `Bearer ${SECRET}` });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { listed: number; failed: number; cursor: number };
    expect(report.failed).toBe(0);
    expect(await shop.store.getCursor('reconcile')).toBe(report.cursor);
  });
});
