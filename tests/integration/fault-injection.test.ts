import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cognitoLocalClient, startCognitoLocal, type RunningCognitoLocal } from '@/emulators/cognito/start-cognito-local';
import type { AccountProvisioner } from '@/lib/domain/accounts/account';
import { ManualClock } from '@/lib/domain/clock';
import { FOLLOW_UP_LEASE_MS } from '@/lib/services/followups/run-follow-ups';
import { CognitoAccountProvisioner } from '@/lib/adapters/cognito/cognito-provisioner';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import { reconcile } from '@/lib/services/reconcile/reconcile';
import { seededFaults, withInjectedFailures } from '../support/faulty-store';
import { inspectableSqliteStore } from '../support/store-inspection';
import { freePort } from '../support/free-port';
import { payOnHostedPage } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

/**
 * Fault injection: purchases go through Local Stripe and the real webhook handler while the store,
 * the user pool or the endpoint fail. Each scenario ends by counting what the shop recorded against
 * what Stripe knows, and prints its figures.
 */

let cognito: RunningCognitoLocal;
let shop: TestShop | undefined;

beforeAll(async () => {
  cognito = await startCognitoLocal({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-')), port: await freePort() });
}, 60_000);
afterAll(async () => {
  await cognito?.stop();
});
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

interface Purchase {
  email: string;
  sessionId: string;
}

async function buyMany(target: TestShop, buyers: string[], ordersPerBuyer: (index: number) => number): Promise<Purchase[]> {
  const catalog = await target.checkoutDeps.loadCatalog();
  const purchases: Purchase[] = [];
  for (const [index, email] of buyers.entries()) {
    for (let n = 0; n < ordersPerBuyer(index); n++) {
      const item = catalog[(index + n) % catalog.length]!;
      const checkout = await createCheckout(target.checkoutDeps, { lines: [{ priceId: item.priceId, quantity: 1 + n }], deliveryDate: daysFromNow(3) });
      if (!checkout.ok) throw new Error(checkout.error.message);
      const paid = await payOnHostedPage(checkout.url, '4242424242424242', { email });
      expect(paid.status).toBe(303);
      purchases.push({ email, sessionId: checkout.sessionId });
    }
  }
  return purchases;
}

/** Users in the pool per buyer email: a duplicate user for one email shows as a count above 1. */
async function poolUsersByEmail(emails: string[]): Promise<Record<string, number>> {
  const listed = await cognitoLocalClient(cognito.endpoint).send(new ListUsersCommand({ UserPoolId: cognito.userPoolId }));
  const counts: Record<string, number> = Object.fromEntries([...new Set(emails)].map((email) => [email, 0]));
  for (const user of listed.Users ?? []) {
    const email = user.Attributes?.find((attribute) => attribute.Name === 'email')?.Value;
    if (email !== undefined && email in counts) counts[email]!++;
  }
  return counts;
}

/** Message keys the mailbox holds more than once (the mailbox keeps every send, like SES). */
function repeatedKeys(mail: { key: string }[]): string[] {
  const seen = new Map<string, number>();
  for (const message of mail) seen.set(message.key, (seen.get(message.key) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([key]) => key);
}

/** The invariants every scenario must end with. */
async function expectNothingLostOrDoubled(target: TestShop, mailbox: LocalMailbox, purchases: Purchase[], label: string) {
  await target.drainFollowUps();
  const orders = await target.inspect.orders();
  const paid = orders.filter((order) => order.status === 'paid');
  const buyers = [...new Set(purchases.map((purchase) => purchase.email))];
  const mail = await mailbox.list(10_000);
  const invitations = mail.filter((message) => message.key.startsWith('invitation:'));
  const receipts = mail.filter((message) => message.key.startsWith('receipt:'));
  const events = await target.inspect.events();
  const pending = await target.store.listPendingFollowUps(new Date(Date.now() + 3_600_000).toISOString(), 1000);
  const usersPerBuyer = await poolUsersByEmail(buyers);
  const figures = {
    paidSessions: purchases.length,
    ordersPaid: paid.length,
    distinctBuyers: buyers.length,
    usersInPool: Object.values(usersPerBuyer).reduce((sum, count) => sum + count, 0),
    emailsRepeated: repeatedKeys(mail).length,
    invitations: invitations.length,
    receipts: receipts.length,
    eventsRecorded: events.length,
    eventsFailed: events.filter((event) => event.status === 'failed').length,
    followUpsPending: pending.length,
  };
  console.log(`[${label}] ${JSON.stringify(figures)}`);
  expect(figures.ordersPaid).toBe(figures.paidSessions);
  expect(new Set(paid.map((order) => order.id))).toEqual(new Set(purchases.map((purchase) => purchase.sessionId)));
  expect(usersPerBuyer).toEqual(Object.fromEntries(buyers.map((email) => [email, 1])));
  expect(repeatedKeys(mail)).toEqual([]);
  expect(figures.invitations).toBe(figures.distinctBuyers);
  expect(new Set(invitations.map((message) => message.to)).size).toBe(figures.distinctBuyers);
  // Every paid order gets exactly one receipt, new buyer or returning.
  expect(figures.receipts).toBe(figures.paidSessions);
  expect(new Set(receipts.map((message) => message.key)).size).toBe(figures.paidSessions);
  expect(figures.eventsFailed).toBe(0);
  expect(figures.followUpsPending).toBe(0);
  expect(paid.every((order) => order.owner !== null)).toBe(true);
}

/** True the first time a stream is seen: each job fails once at each point, then recovers. */
function firstTimeOnly(): (stream: string) => boolean {
  const seen = new Set<string>();
  return (stream) => !seen.has(stream) && Boolean(seen.add(stream));
}

/** Follow-up jobs still owed, and how many of them some worker holds under a lease. */
async function owedJobs(store: OrderStoreBackend): Promise<{ pending: number; held: number }> {
  const pending = await store.listPendingFollowUps('9999-01-01T00:00:00.000Z', 1000);
  return { pending: pending.length, held: pending.filter((job) => job.claimToken !== null).length };
}

function realAccounts(mailbox: LocalMailbox): CognitoAccountProvisioner {
  return new CognitoAccountProvisioner(cognitoLocalClient(cognito.endpoint), cognito.userPoolId, { by: 'mailer', mailer: mailbox, siteUrl: 'http://shop.test' });
}

describe('fault injection', () => {
  it('store and user-pool failures at a 30% rate, before and after commits: every order recorded once, one user and one invitation per buyer', async () => {
    const faults = seededFaults(42, 0.3);
    const counts = { storeCalls: 0, storeFailures: 0, lostReplies: 0, poolCalls: 0, poolFailures: 0 };
    const sqlite = inspectableSqliteStore();
    const store = withInjectedFailures(sqlite.store, (method, args) => {
      // One decision stream per event and per order, so a run replays exactly whatever the interleaving.
      const stream = method === 'applyEvent' ? `${method}:${(args[0] as { id: string }).id}` : method === 'assignOwner' ? `${method}:${String(args[0])}` : null;
      if (!stream) return false;
      counts.storeCalls++;
      if (!faults.chance(stream)) return false;
      counts.storeFailures++;
      // Half of them strike after the commit: the write landed but the caller saw an error.
      if (!faults.chance(`${stream}:after`)) return 'before';
      counts.lostReplies++;
      return 'after';
    });
    const mailbox = LocalMailbox.open(':memory:');
    const real = realAccounts(mailbox);
    const accounts: AccountProvisioner = {
      provision(buyer) {
        counts.poolCalls++;
        if (faults.chance(`provision:${buyer.email}`)) {
          counts.poolFailures++;
          return Promise.reject(new Error('user pool throttled (injected)'));
        }
        return real.provision(buyer);
      },
    };
    shop = await startTestShop({ store, sqlite, accounts, mailbox, retryScale: 0.0001 });
    const buyers = Array.from({ length: 8 }, (_, index) => `rate-${index}@example.com`);
    const started = Date.now();
    const purchases = await buyMany(shop, buyers, (index) => (index % 3 === 0 ? 2 : 1));
    await shop.emulator.waitForDeliveries(60_000);
    console.log(`[store+pool failures] ${JSON.stringify({ ...counts, seconds: (Date.now() - started) / 1000 })}`);
    expect(counts.storeFailures).toBeGreaterThan(0);
    expect(counts.lostReplies).toBeGreaterThan(0);
    expect(counts.poolFailures).toBeGreaterThan(0);
    await expectNothingLostOrDoubled(shop, mailbox, purchases, 'store+pool failures');
  }, 120_000);

  it('follow-up bookkeeping fails around the emails: every email still goes out exactly once', async () => {
    const once = firstTimeOnly();
    const mailbox = LocalMailbox.open(':memory:');
    const mailed = new Set<string>();
    const send = mailbox.send.bind(mailbox);
    mailbox.send = async (message) => {
      const outcome = await send(message);
      mailed.add(message.key);
      return outcome;
    };
    const counts = { lostWritesAfterEmail: 0, failedCompletions: 0, failedClaims: 0 };
    const sqlite = inspectableSqliteStore();
    const store = withInjectedFailures(sqlite.store, (method, args) => {
      const key = String(args[0]);
      const orderId = key.slice(key.indexOf(':') + 1);
      if (method === 'saveFollowUpProgress' && key.startsWith('order-receipt:') && mailed.has(`receipt:${orderId}`) && once(`save:${key}`)) {
        counts.lostWritesAfterEmail++;
        return 'before'; // The email went out, but the job's next write (its "sent" record) did not land.
      }
      if (method === 'completeFollowUp' && once(`complete:${key}`)) {
        counts.failedCompletions++;
        return 'before';
      }
      if (method === 'claimFollowUp' && once(`claim:${key}`)) {
        counts.failedClaims++;
        return 'before';
      }
      return false;
    });
    shop = await startTestShop({ store, sqlite, accounts: realAccounts(mailbox), mailbox, retryScale: 0.0001 });
    const buyers = Array.from({ length: 4 }, (_, index) => `books-${index}@example.com`);
    const purchases = await buyMany(shop, buyers, (index) => (index < 2 ? 3 : 1));
    await shop.emulator.waitForDeliveries(60_000);
    await shop.drainFollowUps(); // The worker runs the jobs after the responses.
    console.log(`[bookkeeping failures] ${JSON.stringify(counts)}`);
    // Every paid order owes three jobs (account, receipt, capacity confirmation). Each receipt job lost a write
    // right after its email; every job failed to claim and to complete once.
    expect(counts.lostWritesAfterEmail).toBe(purchases.length);
    expect(counts.failedCompletions).toBe(3 * purchases.length);
    expect(counts.failedClaims).toBe(3 * purchases.length);
    await expectNothingLostOrDoubled(shop, mailbox, purchases, 'bookkeeping failures');
  }, 120_000);

  it('claim and release replies lost after their commits: a held job is taken over when its lease ends, every email goes out once', async () => {
    // The shop's clock is moved by the test, so "held until the lease ends" needs no waiting.
    const clock = new ManualClock(new Date());
    const once = firstTimeOnly();
    const counts = { lostClaims: 0, lostReleases: 0, refusedSends: 0 };
    const mailbox = LocalMailbox.open(':memory:');
    const send = mailbox.send.bind(mailbox);
    mailbox.send = async (message) => {
      // SES refuses each receipt once, so every receipt job is released once for a retry.
      if (message.key.startsWith('receipt:') && once(`send:${message.key}`)) {
        counts.refusedSends++;
        throw new Error('SES throttled (injected)');
      }
      return send(message);
    };
    const sqlite = inspectableSqliteStore(clock);
    const store = withInjectedFailures(sqlite.store, (method, args) => {
      const key = String(args[0]);
      if (method === 'claimFollowUp' && once(`claim:${key}`)) {
        counts.lostClaims++;
        return 'after'; // The claim landed; the worker never learns that it holds the job.
      }
      if (method === 'releaseFollowUp' && once(`release:${key}`)) {
        counts.lostReleases++;
        return 'after'; // The job was handed back with its backoff; the worker saw an error.
      }
      return false;
    });
    shop = await startTestShop({ store, sqlite, accounts: realAccounts(mailbox), mailbox, retryScale: 0.0001, clock });
    const target = shop;
    const buyers = Array.from({ length: 3 }, (_, index) => `lost-reply-${index}@example.com`);
    const purchases = await buyMany(shop, buyers, (index) => (index === 0 ? 2 : 1));
    await shop.emulator.waitForDeliveries(60_000);
    const jobsOwed = 3 * purchases.length; // Account, receipt and capacity confirmation per paid order.

    // Every job is held by a claim whose reply was lost; nothing runs it before the lease ends.
    await expect.poll(async () => ({ ...(await owedJobs(target.store)), inFlight: target.worker.inFlight }), { timeout: 60_000, interval: 20 })
      .toEqual({ pending: jobsOwed, held: jobsOwed, inFlight: 0 });
    expect(await mailbox.list()).toEqual([]);

    // The lease ends: the jobs are taken over and run. Each receipt is refused once and handed back (reply lost).
    // The double buyer's two account jobs run side by side: the second may find the account the first has just
    // created before its invitation is out, and then waits for a retry rather than finishing with no invitation.
    clock.advance(FOLLOW_UP_LEASE_MS);
    shop.worker.wake();
    const settled = async () => {
      const pending = await target.store.listPendingFollowUps('9999-01-01T00:00:00.000Z', 1000);
      const receipts = pending.filter((job) => job.kind === 'order-receipt').length;
      const awaitingInvitation = pending.filter((job) => job.kind === 'order-paid' && /not sent yet/.test(job.lastError ?? '')).length;
      return { receipts, awaitingInvitation, others: pending.length - receipts - awaitingInvitation, held: pending.filter((job) => job.claimToken !== null).length, inFlight: target.worker.inFlight };
    };
    await expect.poll(async () => {
      const now = await settled();
      return { ...now, awaitingInvitation: now.awaitingInvitation <= 1 };
    }, { timeout: 60_000, interval: 20 }).toEqual({ receipts: purchases.length, awaitingInvitation: true, others: 0, held: 0, inFlight: 0 });
    const { awaitingInvitation } = await settled();
    expect(counts).toEqual({ lostClaims: jobsOwed, lostReleases: purchases.length + awaitingInvitation, refusedSends: purchases.length });

    // Past the backoff the receipts go out, once each.
    clock.advance(60_000);
    shop.worker.wake();
    console.log(`[lost claim and release replies] ${JSON.stringify(counts)}`);
    await expectNothingLostOrDoubled(shop, mailbox, purchases, 'lost claim and release replies');
  }, 120_000);

  it('the endpoint down for a while: Local Stripe retries until it is back', async () => {
    const mailbox = LocalMailbox.open(':memory:');
    shop = await startTestShop({ accounts: realAccounts(mailbox), mailbox, retryScale: 0.001 });
    // Point the endpoint at a closed port (the "outage"), then back at the shop.
    const endpoint = (await shop.stripe.webhookEndpoints.list()).data[0]!;
    await shop.stripe.webhookEndpoints.update(endpoint.id, { url: `http://127.0.0.1:${await freePort()}/down` });
    const buyers = Array.from({ length: 5 }, (_, index) => `outage-${index}@example.com`);
    const purchases = await buyMany(shop, buyers, (index) => (index === 0 ? 2 : 1));
    // Wait for the outage to be observed (a failed delivery), not for a fixed time.
    const target = shop;
    await expect
      .poll(async () => (await target.stripe.events.list({ delivery_success: false, limit: 100 })).data.length, { timeout: 60_000, interval: 20 })
      .toBeGreaterThan(0);
    const undelivered = (await shop.stripe.events.list({ delivery_success: false, limit: 100 })).data.length;
    await shop.stripe.webhookEndpoints.update(endpoint.id, { url: shop.webhookUrl });
    await shop.emulator.waitForDeliveries(60_000);
    console.log(`[endpoint down] ${JSON.stringify({ eventsUndeliveredDuringOutage: undelivered })}`);
    expect(undelivered).toBeGreaterThan(0);
    await expectNothingLostOrDoubled(shop, mailbox, purchases, 'endpoint down');
  }, 120_000);

  it('the endpoint down longer than the retry window: one reconciliation run recovers every order', async () => {
    const mailbox = LocalMailbox.open(':memory:');
    // 0.00001 × Stripe's ~3-day schedule: every retry is spent within a few seconds.
    shop = await startTestShop({ accounts: realAccounts(mailbox), mailbox, retryScale: 0.00001 });
    const endpoint = (await shop.stripe.webhookEndpoints.list()).data[0]!;
    await shop.stripe.webhookEndpoints.update(endpoint.id, { url: `http://127.0.0.1:${await freePort()}/down` });
    const buyers = Array.from({ length: 6 }, (_, index) => `recover-${index}@example.com`);
    const purchases = await buyMany(shop, buyers, (index) => (index < 2 ? 2 : 1));
    await shop.emulator.waitForDeliveries(60_000);
    expect(await shop.inspect.orders()).toEqual([]);
    await shop.stripe.webhookEndpoints.update(endpoint.id, { url: shop.webhookUrl });

    const report = await reconcile(shop.webhookDeps);
    console.log(`[reconciliation] ${JSON.stringify(report)}`);
    expect(report.failed).toBe(0);
    expect(report.recovered).toBe(report.listed - report.alreadyRecorded);
    await expectNothingLostOrDoubled(shop, mailbox, purchases, 'reconciliation');

    const again = await reconcile(shop.webhookDeps);
    expect(again.recovered).toBe(0);
    expect(again.cursor).toBeGreaterThanOrEqual(report.cursor);
  }, 120_000);

  it('a storm of concurrent duplicates: 10 copies of every event at once change nothing', async () => {
    const mailbox = LocalMailbox.open(':memory:');
    shop = await startTestShop({ accounts: realAccounts(mailbox), mailbox, retryScale: 0.001 });
    const buyers = Array.from({ length: 4 }, (_, index) => `storm-${index}@example.com`);
    const purchases = await buyMany(shop, buyers, () => 1);
    await shop.emulator.waitForDeliveries(30_000);
    const events = (await shop.stripe.events.list({ limit: 100 })).data;
    const target = shop;
    const started = Date.now();
    const statuses = await Promise.all(
      events.flatMap((event) => {
        const payload = JSON.stringify(event, null, 2);
        return Array.from({ length: 10 }, () =>
          fetch(target.webhookUrl, {
            method: 'POST',
            body: payload,
            headers: { 'Content-Type': 'application/json', 'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: target.webhookSecret }) },
          }).then((response) => response.status),
        );
      }),
    );
    console.log(`[duplicate storm] ${JSON.stringify({ deliveries: statuses.length, seconds: (Date.now() - started) / 1000 })}`);
    expect(statuses.every((status) => status === 200)).toBe(true);
    await expectNothingLostOrDoubled(shop, mailbox, purchases, 'duplicate storm');
  }, 120_000);
});
