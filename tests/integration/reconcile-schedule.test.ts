import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduledReconcile } from '@/amplify/functions/reconcile-schedule/handler';
import { handleReconcileRequest } from '@/lib/http/reconcile/handle-reconcile-request';
import { serveFetchHandler, type TestServer } from '../support/http-adapter';
import { startTestShop, type TestShop } from '../support/test-shop';

/** The scheduled function (amplify/functions/reconcile-schedule) calling the shop's real reconcile handler over HTTP. */
const SECRET = 'a-scheduler-secret-of-32-characters!';
let shop: TestShop;
let server: TestServer;

beforeAll(async () => {
  shop = await startTestShop();
  server = await serveFetchHandler((request) => handleReconcileRequest({ ...shop.webhookDeps, reconcileSecret: SECRET }, request));
});
afterAll(async () => {
  await server?.close();
  await shop?.close();
});

describe('the reconcile schedule', () => {
  it('runs reconciliation with the shared secret and returns its report', async () => {
    const result = await runScheduledReconcile({ SHOP_URL: server.url, RECONCILE_SECRET: SECRET });
    expect(result).toMatchObject({ ran: true, status: 200, report: { stopped: null, failed: 0 } });
    expect(await shop.store.getCursor('reconcile')).toEqual(expect.any(Number));
  });

  it('fails the invocation on a wrong secret', async () => {
    await expect(runScheduledReconcile({ SHOP_URL: server.url, RECONCILE_SECRET: 'not-the-secret-of-32-characters!!' })).rejects.toThrow(/401/);
  });

  it('does nothing without its configuration', async () => {
    expect(await runScheduledReconcile({ SHOP_URL: '', RECONCILE_SECRET: SECRET })).toEqual({ ran: false, reason: expect.stringContaining('SHOP_URL') });
  });
});
