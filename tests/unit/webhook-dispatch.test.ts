import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/logger';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { orderFactForEvent } from '@/lib/services/webhooks/event-facts';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { processEvent } from '@/lib/services/webhooks/process-event';
import { MemoryAccounts } from '../support/memory-accounts';
import { fakeStripe, grazingBoard, sessionEvent } from '../support/stripe-events';

function followUpDeps() {
  return { accounts: new MemoryAccounts(), mailer: LocalMailbox.open(':memory:'), siteUrl: 'http://shop.test' };
}

describe('webhook dispatch', () => {
  it('turns a paid checkout.session.completed into a paid order with fetched line items', async () => {
    const { stripe, calls } = fakeStripe({ lineItems: [grazingBoard] });
    const found = await orderFactForEvent(stripe, sessionEvent('checkout.session.completed', {}));
    expect(calls).toEqual(['listLineItems cs_test_abc']);
    expect(found?.orderId).toBe('cs_test_abc');
    expect(found?.fact).toMatchObject({ kind: 'checkout_completed', paid: true });
    const fact = found?.fact;
    if (fact?.kind !== 'checkout_completed') throw new Error('expected a checkout_completed fact');
    expect(fact.session.items).toEqual([
      { priceId: 'price_g', productId: 'prod_grazing_board', name: 'Grand Grazing Board', quantity: 2, unitAmount: 28900, amountTotal: 57800 },
    ]);
    expect(fact.session.shipping?.address?.postalCode).toBe('62701');
    expect(fact.session.deliveryDate).toBe('2030-01-15');
  });

  it('treats a completed but unpaid session as awaiting payment', async () => {
    const { stripe } = fakeStripe({ lineItems: [grazingBoard] });
    const found = await orderFactForEvent(stripe, sessionEvent('checkout.session.completed', { payment_status: 'unpaid' }));
    expect(found?.fact).toMatchObject({ kind: 'checkout_completed', paid: false });
  });

  it('expires an order without fetching anything', async () => {
    const { stripe, calls } = fakeStripe();
    const found = await orderFactForEvent(stripe, sessionEvent('checkout.session.expired', { status: 'expired', payment_status: 'unpaid' }));
    expect(found?.fact.kind).toBe('checkout_expired');
    expect(calls).toEqual([]);
  });

  it('ignores event types the shop does not act on', async () => {
    const { stripe } = fakeStripe();
    expect(await orderFactForEvent(stripe, sessionEvent('customer.created', {}))).toBeNull();
  });

  it('processes an event once and acknowledges copies as duplicates', async () => {
    const { stripe, calls } = fakeStripe({ lineItems: [grazingBoard] });
    const store = SqliteOrderStore.open(':memory:');
    const deps = { stripe, store, clock: { now: () => new Date('2030-01-01T00:00:00Z') }, logger: silentLogger, ...followUpDeps() };
    const event = sessionEvent('checkout.session.completed', {});
    const outcomes = await Promise.all([processEvent(deps, event), processEvent(deps, event)]);
    expect(outcomes).toEqual(['applied', 'applied']); // concurrent copies in one process share one run
    expect(await processEvent(deps, event)).toBe('duplicate');
    expect(calls).toHaveLength(1);
    expect((await store.getOrder('cs_test_abc'))?.status).toBe('paid');
    expect(await store.getEvent('evt_1')).toMatchObject({ status: 'processed', type: 'checkout.session.completed', objectId: 'cs_test_abc' });
  });

  it('records the failure and rethrows when an effect cannot be applied', async () => {
    const store = SqliteOrderStore.open(':memory:');
    const stripe = {
      checkout: { sessions: { listLineItems: () => { throw new Error('Stripe unreachable'); } } },
    } as unknown as Stripe;
    const deps = { stripe, store, clock: { now: () => new Date() }, logger: silentLogger, ...followUpDeps() };
    await expect(processEvent(deps, sessionEvent('checkout.session.completed', {}, 'evt_fail'))).rejects.toThrow('Stripe unreachable');
    expect(await store.getEvent('evt_fail')).toMatchObject({ status: 'failed', lastError: 'Stripe unreachable' });
    expect(await store.getOrder('cs_test_abc')).toBeNull();
  });
});
