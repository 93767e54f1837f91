import { describe, expect, it, vi } from 'vitest';
import type { AccountProvisioner, ProvisionResult } from '@/lib/domain/accounts/account';
import { ManualClock } from '@/lib/domain/clock';
import { orderPaidJob } from '@/lib/domain/followups/order-jobs';
import { FollowUpWorker } from '@/lib/services/followups/worker';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { applyFact } from '@/lib/domain/orders/order-state';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { MemoryAccounts } from '../support/memory-accounts';
import { completedPaid, sessionSnapshot } from '../support/order-facts';

/** A generous cap on waiting for a condition: a safety net on a busy machine, never the thing tested. */
const SAFETY_NET = { timeout: 15_000 };

async function setup(accounts: AccountProvisioner, orders = ['cs_a']) {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const store = SqliteOrderStore.open(':memory:', clock);
  for (const [index, orderId] of orders.entries()) {
    const fact = { ...completedPaid, session: sessionSnapshot({ sessionId: orderId, customer: { email: `buyer${index}@example.com`, name: null } }) };
    await store.applyEvent(
      { id: `evt_${orderId}`, type: 'checkout.session.completed', objectId: orderId, apiVersion: null, created: 100, receivedAt: 'now' },
      { orderId, apply: (current) => applyFact(current, fact, { eventId: `evt_${orderId}`, created: 100 }) },
      clock.now().toISOString(),
      [orderPaidJob(orderId)],
    );
  }
  const deps = { store, clock, logger: silentLogger, accounts, mailer: LocalMailbox.open(':memory:'), siteUrl: 'http://shop.test' };
  return { store, deps };
}

function gatedAccounts() {
  const memory = new MemoryAccounts();
  const gates: (() => void)[] = [];
  let release = false;
  const accounts: AccountProvisioner = {
    async provision(buyer) {
      if (release) return memory.provision(buyer);
      const result = await memory.provision(buyer);
      return new Promise<ProvisionResult>((resolve) => gates.push(() => resolve(result)));
    },
  };
  return { accounts, gates, openAll: () => { release = true; gates.splice(0).forEach((open) => open()); } };
}

describe('follow-up worker', () => {
  it('runs every committed job once it is woken, within its concurrency', async () => {
    const gated = gatedAccounts();
    const { store, deps } = await setup(gated.accounts, ['cs_a', 'cs_b', 'cs_c']);
    const worker = new FollowUpWorker(deps, { concurrency: 2, pollIntervalMs: 60_000 }).start();
    await vi.waitFor(() => expect(gated.gates).toHaveLength(2), SAFETY_NET);
    expect(worker.inFlight).toBe(2);
    gated.openAll();
    await vi.waitFor(async () => expect(await store.listPendingFollowUps('2100-01-01T00:00:00.000Z', 10)).toEqual([]), SAFETY_NET);
    for (const id of ['cs_a', 'cs_b', 'cs_c']) expect(await store.getFollowUp(`order-paid:${id}`)).toMatchObject({ status: 'done', attempts: 1 });
    await worker.stop();
  });

  it('on stop, lets an in-flight job finish', async () => {
    const gated = gatedAccounts();
    const { store, deps } = await setup(gated.accounts);
    const worker = new FollowUpWorker(deps, { pollIntervalMs: 60_000, shutdownGraceMs: 60_000 }).start();
    await vi.waitFor(() => expect(gated.gates).toHaveLength(1), SAFETY_NET);
    const stopped = worker.stop();
    gated.openAll();
    await stopped;
    expect(await store.getFollowUp('order-paid:cs_a')).toMatchObject({ status: 'done' });
  });

  it('on stop, releases a job that outlives the grace period, and its late finish is refused', async () => {
    const gated = gatedAccounts();
    const { store, deps } = await setup(gated.accounts);
    const outcomes: string[] = [];
    const worker = new FollowUpWorker(deps, { pollIntervalMs: 60_000, shutdownGraceMs: 0, onOutcome: (_key, outcome) => outcomes.push(outcome) }).start();
    await vi.waitFor(() => expect(gated.gates).toHaveLength(1), SAFETY_NET);
    await worker.stop();
    expect(await store.getFollowUp('order-paid:cs_a')).toMatchObject({ status: 'pending', claimToken: null, lastError: 'released at worker shutdown' });
    // Another worker may take it at once; the released run, when it returns, can no longer write.
    gated.openAll();
    await vi.waitFor(() => expect(outcomes).toEqual(['lease_lost']), SAFETY_NET);
    expect(await store.getFollowUp('order-paid:cs_a')).toMatchObject({ status: 'pending', progress: {} });
    expect(await store.listPendingFollowUps(deps.clock.now().toISOString(), 10)).toHaveLength(1);
  });
});
