import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { capacityFollowUpsForEvent } from '@/lib/services/capacity/capacity-jobs';
import { SqliteCapacityStore } from '@/lib/adapters/sqlite/sqlite-capacity-store';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { DEFAULT_CATERING_RULES } from '@/lib/domain/checkout/catering-rules';
import { ManualClock } from '@/lib/domain/clock';
import { followUpsForEvent } from '@/lib/services/webhooks/event-facts';

function sessionEvent(type: string, session: Partial<Stripe.Checkout.Session>): Stripe.Event {
  return { id: 'evt_1', type, data: { object: { id: 'cs_test_1', object: 'checkout.session', metadata: { capacity_hold: 'hold-1' }, payment_status: 'paid', ...session } } } as unknown as Stripe.Event;
}

describe('what a session event owes its capacity hold', () => {
  it('paid confirms; expired and a failed bank debit release; unpaid completion waits', () => {
    expect(capacityFollowUpsForEvent(sessionEvent('checkout.session.completed', {}))).toEqual([
      { key: 'capacity-confirm:hold-1', kind: 'capacity-confirm', payload: { holdId: 'hold-1', orderId: 'cs_test_1' } },
    ]);
    expect(capacityFollowUpsForEvent(sessionEvent('checkout.session.async_payment_succeeded', { payment_status: 'paid' }))[0]?.kind).toBe('capacity-confirm');
    expect(capacityFollowUpsForEvent(sessionEvent('checkout.session.completed', { payment_status: 'unpaid' }))).toEqual([]);
    expect(capacityFollowUpsForEvent(sessionEvent('checkout.session.expired', { payment_status: 'unpaid' }))).toEqual([
      { key: 'capacity-release:hold-1', kind: 'capacity-release', payload: { holdId: 'hold-1' } },
    ]);
    expect(capacityFollowUpsForEvent(sessionEvent('checkout.session.async_payment_failed', {}))[0]?.kind).toBe('capacity-release');
  });

  it('sessions without a hold and other events owe nothing; the webhook enqueues them beside the order jobs', () => {
    expect(capacityFollowUpsForEvent(sessionEvent('checkout.session.expired', { metadata: {} }))).toEqual([]);
    expect(capacityFollowUpsForEvent({ id: 'evt_2', type: 'charge.refunded', data: { object: { id: 'ch_1' } } } as unknown as Stripe.Event)).toEqual([]);
    expect(followUpsForEvent(sessionEvent('checkout.session.completed', {})).map((job) => job.kind)).toEqual(['order-paid', 'order-receipt', 'capacity-confirm']);
  });
});

describe('a hold whose session could not be created', () => {
  it('is released at once, so the servings are not lost', async () => {
    const capacity = SqliteCapacityStore.open(':memory:');
    const failingStripe = { checkout: { sessions: { create: async () => Promise.reject(new Error('Stripe is down')) } } } as unknown as Stripe;
    const deps = {
      stripe: failingStripe,
      lookupPrices: async () => new Map([['price_board', { priceId: 'price_board', productId: 'prod_board', name: 'Board', description: null, image: null, unitAmount: 100, currency: 'usd', serves: 20 }]]),
      siteUrl: 'https://shop.example',
      shopTimeZone: 'UTC',
      clock: new ManualClock('2030-01-01T00:00:00Z'),
      rules: DEFAULT_CATERING_RULES,
      capacity,
      newHoldId: () => 'hold-x',
    };
    await expect(createCheckout(deps, { lines: [{ priceId: 'price_board', quantity: 2 }], deliveryDate: '2030-01-10', deliveryWindow: '10:00-12:00' })).rejects.toThrow('Stripe is down');
    expect(await capacity.getHold('hold-x')).toMatchObject({ servings: 40, state: 'released' });
    expect(await capacity.used('2030-01-10')).toBe(0);
    await capacity.close();
  });
});
