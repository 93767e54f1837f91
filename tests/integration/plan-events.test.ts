import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@/lib/domain/clock';
import { sweepFollowUps } from '@/lib/services/followups/run-follow-ups';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { SqlitePlanStore } from '@/lib/adapters/sqlite/sqlite-plan-store';
import { inspectableSqliteStore } from '../support/store-inspection';
import { processEvent } from '@/lib/services/webhooks/process-event';
import { getShopDetails } from '@/lib/config/shop';
import { MemoryAccounts } from '../support/memory-accounts';
import { permutations } from '../support/permutations';
import { firstPeriodEvents, invoiceObject, PERIOD_1, planEvent, subscriptionObject, WEEK } from '../support/plan-events';
import { fakeStripe } from '../support/stripe-events';

/** A fresh shop (SQLite in memory) that processes the events in this order, then runs every follow-up. */
async function runShop(events: Stripe.Event[]) {
  const clock = new ManualClock('2030-01-07T16:00:00.000Z');
  const { store, inspect } = inspectableSqliteStore(clock);
  const plans = SqlitePlanStore.open(':memory:', clock);
  const mailer = LocalMailbox.open(':memory:');
  const fake = fakeStripe();
  const calls = fake.calls;
  // Subscription events are applied as the subscription Stripe holds now (lib/services/plans/fresh-subscription.ts).
  const stripe = {
    ...fake.stripe,
    subscriptions: {
      async retrieve(id: string) {
        calls.push(`subscriptions.retrieve ${id}`);
        return subscriptionObject();
      },
    },
  } as unknown as Stripe;
  const accounts = new MemoryAccounts();
  const deps = {
    stripe,
    store,
    plans,
    mailer,
    accounts,
    siteUrl: 'http://shop.test',
    clock,
    logger: silentLogger,
    shop: { ...getShopDetails(), timeZone: 'America/New_York' },
    random: () => 0,
  };
  for (const event of events) await processEvent(deps, event);
  await sweepFollowUps(deps);
  const result = { orders: await inspect.orders(), plan: await plans.getPlan('sub_1'), mail: await mailer.list(), calls, accounts: accounts.created };
  await Promise.all([store.close(), plans.close(), mailer.close()]);
  return result;
}

describe('plan events through the webhook processing (SQLite stores)', () => {
  const period = firstPeriodEvents();

  it('every arrival order and redelivery of a paid period: one order, one receipt, the plan active', async () => {
    const all = permutations([...period, period[3]!]);
    expect(all).toHaveLength(120);
    for (const events of all) {
      const { orders, plan, mail, accounts } = await runShop(events);
      expect(orders.map((order) => [order.id, order.status, order.deliveryDate])).toEqual([['in_1', 'paid', '2030-01-09']]);
      expect(plan).toMatchObject({ status: 'active', email: 'ada@example.com', invoices: [{ id: 'in_1', state: 'paid' }] });
      expect(mail.filter((message) => message.key === 'receipt:in_1')).toHaveLength(1);
      // The buyer's account is provisioned once and owns the period's order.
      expect(accounts).toBe(1);
      expect(orders[0]!.owner).not.toBeNull();
    }
  }, 120_000);

  it('the subscription Checkout alone makes no order and asks Stripe nothing', async () => {
    const { orders, plan, mail, calls } = await runShop([period[0]!]);
    expect(orders).toEqual([]);
    expect(mail).toEqual([]);
    expect(calls).toEqual([]);
    expect(plan).toMatchObject({ id: 'sub_1', status: 'active', delivery: { weekday: 'wednesday' } });
  });

  it('a failed renewal: past due, no order for the period, one email that links the invoice', async () => {
    const failed = planEvent('invoice.payment_failed', invoiceObject({ id: 'in_2', periodStart: PERIOD_1 + WEEK, status: 'open' }), 'evt_failed', PERIOD_1 + WEEK);
    const { orders, plan, mail } = await runShop([...period, failed, failed]);
    expect(orders.map((order) => order.id)).toEqual(['in_1']);
    expect(plan?.status).toBe('past_due');
    const emails = mail.filter((message) => message.key === 'plan-payment-failed:in_2');
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to: 'ada@example.com' });
    expect(emails[0]!.text).toContain('https://invoice.stripe.test/in_2');
    expect(emails[0]!.text).toContain('$500.00');
  });
});
