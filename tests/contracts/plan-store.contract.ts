import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOwnedBy } from '@/lib/domain/orders/customer-orders';
import type { Plan } from '@/lib/domain/plans/plan';
import { applyPlanFact, type PlanFact } from '@/lib/domain/plans/plan-state';
import type { PlanStore } from '@/lib/domain/plans/plan-store';

const delivery = {
  weekday: 'thursday' as const,
  window: '10:00-12:00',
  recipient: 'Grace Hopper',
  address: { line1: '2 Harbor Rd', line2: null, city: 'Arlington', state: 'VA', postalCode: '22201', country: 'US' },
};

function paidInvoice(planId: string, invoiceId: string, periodStart: number, email = 'Grace@Example.com'): PlanFact {
  return {
    kind: 'invoice_paid',
    planId,
    customerId: 'cus_grace',
    email,
    name: 'Grace Hopper',
    delivery,
    invoice: { id: invoiceId, periodStart, periodEnd: periodStart + 604_800, amount: 30_000, currency: 'usd', hostedInvoiceUrl: null },
  };
}

const cancel: PlanFact = {
  kind: 'subscription_changed',
  planId: 'sub_contract',
  customerId: 'cus_grace',
  email: null,
  name: null,
  delivery,
  state: {
    stripeStatus: 'active',
    quantity: 3,
    priceId: 'price_weekly',
    productName: null,
    interval: 'week',
    unitAmount: 10_000,
    currency: 'usd',
    cancelAtPeriodEnd: true,
    currentPeriodStart: 1_900_000_000,
    currentPeriodEnd: 1_900_604_800,
  },
  deletedAt: null,
};

/** The behaviour every PlanStore adapter must have. Run it with a factory for a fresh, empty store. */
export function describePlanStoreContract(adapterName: string, openStore: () => Promise<PlanStore>): void {
  describe(`PlanStore contract: ${adapterName}`, () => {
    let store: PlanStore;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const update = (fact: PlanFact, eventId: string, created = 1_900_000_000) =>
      store.updatePlan(fact.planId, (current) => applyPlanFact(current, fact, { eventId, created }));

    it('creates a plan on its first fact and folds later ones into it', async () => {
      expect(await store.getPlan('sub_contract')).toBeNull();
      const first = await update(paidInvoice('sub_contract', 'in_a', 1_900_000_000), 'evt_a');
      expect(first).toMatchObject({ id: 'sub_contract', status: 'active', email: 'Grace@Example.com', delivery });
      await update(cancel, 'evt_b', 1_900_000_100);
      const stored = await store.getPlan('sub_contract');
      expect(stored).toMatchObject({ status: 'canceling', subscription: { quantity: 3, cancelAtPeriodEnd: true }, invoices: [{ id: 'in_a', state: 'paid' }] });
    });

    it('keeps every update under concurrency (no lost update)', async () => {
      await Promise.all(
        Array.from({ length: 6 }, (_, index) => update(paidInvoice('sub_contract', `in_${index}`, 1_900_000_000 + index * 604_800), `evt_${index}`)),
      );
      const stored = await store.getPlan('sub_contract');
      expect(stored?.invoices.map((invoice) => invoice.id)).toEqual(['in_0', 'in_1', 'in_2', 'in_3', 'in_4', 'in_5']);
    });

    it('gives unowned plans to a verified email (case-insensitive) once, and lists them by owner', async () => {
      await update(paidInvoice('sub_contract', 'in_a', 1_900_000_000), 'evt_a');
      await update(paidInvoice('sub_other', 'in_b', 1_900_604_800, 'someone@example.com'), 'evt_b');
      expect(await store.claimPlansByEmail('grace@example.com', 'sub-grace::grace')).toBe(1);
      expect(await store.claimPlansByEmail('grace@example.com', 'sub-mallory::mallory')).toBe(0);
      const owned = await store.listPlansByOwner('sub-grace::grace');
      expect(owned.map((plan: Plan) => plan.id)).toEqual(['sub_contract']);
      expect(isOwnedBy(owned[0]!, 'sub-grace::grace')).toBe(true);
      expect(await store.listPlansByOwner('sub-mallory::mallory')).toEqual([]);
      // A later fact keeps the owner.
      await update(cancel, 'evt_c', 1_900_000_100);
      expect(isOwnedBy((await store.getPlan('sub_contract'))!, 'sub-grace::grace')).toBe(true);
    });

    it('lists an owner’s plans newest period first', async () => {
      await update(paidInvoice('sub_old', 'in_old', 1_800_000_000), 'evt_old');
      await update(paidInvoice('sub_new', 'in_new', 1_900_000_000), 'evt_new');
      await store.claimPlansByEmail('grace@example.com', 'sub-grace::grace');
      expect((await store.listPlansByOwner('sub-grace::grace')).map((plan) => plan.id)).toEqual(['sub_new', 'sub_old']);
    });
  });
}
