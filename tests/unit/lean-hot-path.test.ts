import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/mail/local-mailbox';
import { SqliteOrderStore } from '@/lib/store/sqlite/sqlite-order-store';
import { orderFactForEvent } from '@/lib/webhooks/event-facts';
import { processEvent } from '@/lib/webhooks/process-event';
import { MemoryAccounts } from '../support/memory-accounts';

/** A Stripe client that records every call the processing makes. */
function recordingStripe() {
  const calls: string[] = [];
  const stripe = {
    checkout: {
      sessions: {
        listLineItems(sessionId: string) {
          calls.push(`listLineItems ${sessionId}`);
          return (async function* () {
            yield { amount_total: 1000, quantity: 1, description: 'Taco Bar', price: { id: 'price_t', unit_amount: 1000, product: 'prod_t' } };
          })();
        },
        async list(params: { payment_intent: string }) {
          calls.push(`sessions.list ${params.payment_intent}`);
          return { data: [{ id: 'cs_from_stripe' }] };
        },
      },
    },
  } as unknown as Stripe;
  return { stripe, calls };
}

function event(type: string, object: Record<string, unknown>, id: string): Stripe.Event {
  return { id, object: 'event', type, created: 1_900_000_100, api_version: null, livemode: false, pending_webhooks: 1, request: null, data: { object } } as unknown as Stripe.Event;
}

const session = (paymentStatus: string) => ({
  id: 'cs_known',
  object: 'checkout.session',
  created: 1_900_000_000,
  currency: 'usd',
  amount_subtotal: 1000,
  amount_total: 1000,
  payment_status: paymentStatus,
  status: 'complete',
  payment_intent: 'pi_known',
  metadata: {},
  customer_details: { email: 'ada@example.com', name: null },
});

function deps(stripe: Stripe) {
  const store = SqliteOrderStore.open(':memory:');
  return { stripe, store, clock: { now: () => new Date('2030-01-01T00:00:00Z') }, logger: silentLogger, accounts: new MemoryAccounts(), mailer: LocalMailbox.open(':memory:'), siteUrl: 'http://shop.test' };
}

describe('the webhook hot path asks Stripe only for what it does not know', () => {
  it('payment_intent.succeeded and charge.succeeded find their order in the store, with no Stripe call', async () => {
    const { stripe, calls } = recordingStripe();
    const d = deps(stripe);
    await processEvent(d, event('checkout.session.completed', session('unpaid'), 'evt_completed'));
    calls.length = 0;

    await processEvent(d, event('payment_intent.succeeded', { id: 'pi_known', object: 'payment_intent' }, 'evt_pi'));
    await processEvent(d, event('charge.succeeded', { id: 'ch_1', object: 'charge', payment_intent: 'pi_known' }, 'evt_charge'));
    expect(calls).toEqual([]);
    expect(await d.store.getOrder('cs_known')).toMatchObject({ status: 'paid' });
  });

  it('a payment event that overtook its session asks Stripe which session it belongs to', async () => {
    const { stripe, calls } = recordingStripe();
    const found = await orderFactForEvent(stripe, event('payment_intent.succeeded', { id: 'pi_new', object: 'payment_intent' }, 'evt_x'), SqliteOrderStore.open(':memory:'));
    expect(found?.orderId).toBe('cs_from_stripe');
    expect(calls).toEqual(['sessions.list pi_new']);
  });

  it('fetches a session’s line items once, however many of its events arrive', async () => {
    const { stripe, calls } = recordingStripe();
    const d = deps(stripe);
    await processEvent(d, event('checkout.session.completed', session('unpaid'), 'evt_completed'));
    await processEvent(d, event('checkout.session.async_payment_succeeded', session('paid'), 'evt_async'));
    expect(calls).toEqual(['listLineItems cs_known']);
    expect(await d.store.getOrder('cs_known')).toMatchObject({ status: 'paid', items: [{ name: 'Taco Bar', quantity: 1 }] });
  });
});
