import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { orderFactForEvent } from '@/lib/services/webhooks/event-facts';
import { processEvent } from '@/lib/services/webhooks/process-event';
import { MemoryAccounts } from '../support/memory-accounts';
import { checkoutSession, fakeStripe, stripeEvent } from '../support/stripe-events';

const tacoBar: Partial<Stripe.LineItem> = {
  amount_total: 1000,
  quantity: 1,
  description: 'Taco Bar',
  price: { id: 'price_t', unit_amount: 1000, product: 'prod_t' } as unknown as Stripe.Price,
};

/** Stripe as the hot path may meet it: the session's line items, and one session found by payment intent. */
const hotPathStripe = () => fakeStripe({ lineItems: [tacoBar], sessionByPaymentIntent: { pi_new: 'cs_from_stripe' } });

const event = (type: string, object: Record<string, unknown>, id: string) => stripeEvent(type, object, { id });

const session = (paymentStatus: 'paid' | 'unpaid') =>
  checkoutSession({ id: 'cs_known', payment_status: paymentStatus, payment_intent: 'pi_known', metadata: {}, collected_information: null });

function deps(stripe: Stripe) {
  const store = SqliteOrderStore.open(':memory:');
  return { stripe, store, clock: { now: () => new Date('2030-01-01T00:00:00Z') }, logger: silentLogger, accounts: new MemoryAccounts(), mailer: LocalMailbox.open(':memory:'), siteUrl: 'http://shop.test' };
}

describe('the webhook hot path asks Stripe only for what it does not know', () => {
  it('payment_intent.succeeded and charge.succeeded find their order in the store, with no Stripe call', async () => {
    const { stripe, calls } = hotPathStripe();
    const d = deps(stripe);
    await processEvent(d, event('checkout.session.completed', session('unpaid'), 'evt_completed'));
    calls.length = 0;

    await processEvent(d, event('payment_intent.succeeded', { id: 'pi_known', object: 'payment_intent' }, 'evt_pi'));
    await processEvent(d, event('charge.succeeded', { id: 'ch_1', object: 'charge', payment_intent: 'pi_known' }, 'evt_charge'));
    expect(calls).toEqual([]);
    expect(await d.store.getOrder('cs_known')).toMatchObject({ status: 'paid' });
  });

  it('a payment event that overtook its session asks Stripe which session it belongs to', async () => {
    const { stripe, calls } = hotPathStripe();
    const found = await orderFactForEvent(stripe, event('payment_intent.succeeded', { id: 'pi_new', object: 'payment_intent' }, 'evt_x'), SqliteOrderStore.open(':memory:'));
    expect(found?.orderId).toBe('cs_from_stripe');
    expect(calls).toEqual(['sessions.list pi_new']);
  });

  it('fetches a session’s line items once, however many of its events arrive', async () => {
    const { stripe, calls } = hotPathStripe();
    const d = deps(stripe);
    await processEvent(d, event('checkout.session.completed', session('unpaid'), 'evt_completed'));
    await processEvent(d, event('checkout.session.async_payment_succeeded', session('paid'), 'evt_async'));
    expect(calls).toEqual(['listLineItems cs_known']);
    expect(await d.store.getOrder('cs_known')).toMatchObject({ status: 'paid', items: [{ name: 'Taco Bar', quantity: 1 }] });
  });
});
