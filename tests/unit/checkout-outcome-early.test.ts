import { describe, expect, it } from 'vitest';
import { getCheckoutOutcome } from '@/lib/domain/orders/checkout-outcome';
import type { Order } from '@/lib/domain/orders/order';
import { applyFact } from '@/lib/domain/orders/order-state';
import { completedPaid } from '../support/order-facts';

const SESSION = 'cs_test_order1';

/** What Stripe would say when asked; the page falls back to it while the shop's record is incomplete. */
const stripeSays = async () => 'confirming' as const;

const storeHolding = (order: Order) => ({ getOrder: async (id: string) => (id === order.id ? order : null) });

describe('the success page before the session is recorded', () => {
  it('does not call an order paid from a payment event alone: it asks Stripe until the session arrives', async () => {
    const recorded = applyFact(null, completedPaid, { eventId: 'evt_1', created: 1 });
    const paidBeforeSession: Order = { ...recorded, id: SESSION, sessionCreated: null };
    expect(paidBeforeSession.status).toBe('paid');
    expect(await getCheckoutOutcome({ store: storeHolding(paidBeforeSession), lookupSession: stripeSays }, SESSION)).toEqual({ state: 'confirming' });
  });

  it('asks Stripe about a recorded order that is still pending', async () => {
    const recorded = applyFact(null, completedPaid, { eventId: 'evt_1', created: 1 });
    const pending: Order = { ...recorded, id: SESSION, status: 'pending' };
    expect(pending.sessionCreated).not.toBeNull();
    expect(await getCheckoutOutcome({ store: storeHolding(pending), lookupSession: stripeSays }, SESSION)).toEqual({ state: 'confirming' });
  });

  it('says paid once the session is recorded', async () => {
    const recorded = applyFact(null, completedPaid, { eventId: 'evt_1', created: 1 });
    const order: Order = { ...recorded, id: SESSION };
    expect(await getCheckoutOutcome({ store: storeHolding(order), lookupSession: stripeSays }, SESSION)).toMatchObject({ state: 'paid', order });
  });
});
