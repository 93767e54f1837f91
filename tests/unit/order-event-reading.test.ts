import { describe, expect, it } from 'vitest';
import { eventObjectId, readOrderEvent } from '@/lib/domain/webhooks/order-event-facts';
import { ORDER_EVENT_TYPES, isOrderEvent, type CheckoutSessionShape, type OrderEvent } from '@/lib/domain/webhooks/stripe-shapes';

/** The domain reads plain objects of its own shapes: no SDK and no Stripe client needed. */
const session: CheckoutSessionShape = {
  id: 'cs_1',
  payment_status: 'unpaid',
  currency: 'usd',
  amount_subtotal: 1_000,
  amount_total: 1_000,
  customer_details: null,
  customer_email: 'ada@example.com',
  metadata: null,
  payment_intent: null,
  created: 1_900_000_000,
};

describe('what an order event asks for before it becomes a fact', () => {
  it('a completed session needs its line items; the fact is built from them', () => {
    const reading = readOrderEvent({ type: 'checkout.session.completed', data: { object: session } });
    expect(reading).toMatchObject({ needs: 'line-items', sessionId: 'cs_1' });
    if (reading.needs !== 'line-items') throw new Error('expected a line-items reading');
    const item = { priceId: 'price_1', productId: 'prod_1', name: 'Board', quantity: 1, unitAmount: 1_000, amountTotal: 1_000 };
    expect(reading.factFor([item])).toMatchObject({ orderId: 'cs_1', fact: { kind: 'checkout_completed', paid: false, session: { items: [item] } } });
  });

  it('a payment needs its session, and a payment outside Checkout is no order’s', () => {
    const reading = readOrderEvent({ type: 'payment_intent.succeeded', data: { object: { id: 'pi_1' } } });
    expect(reading).toMatchObject({ needs: 'session-of-payment', paymentIntentId: 'pi_1' });
    if (reading.needs !== 'session-of-payment') throw new Error('expected a session-of-payment reading');
    expect(reading.factFor('cs_1')).toEqual({ orderId: 'cs_1', fact: { kind: 'payment_succeeded', sessionId: 'cs_1', paymentIntentId: 'pi_1' } });
    expect(reading.factFor(null)).toBeNull();
  });

  it('a refund needs its charge; a subscription checkout asks for nothing', () => {
    expect(readOrderEvent({ type: 'refund.updated', data: { object: { charge: { id: 'ch_1' } } } })).toEqual({ needs: 'charge', chargeId: 'ch_1' });
    expect(readOrderEvent({ type: 'checkout.session.completed', data: { object: { ...session, mode: 'subscription' } } })).toEqual({ needs: 'nothing', found: null });
  });

  it('narrows to the events orders read, and only those', () => {
    const types: string[] = [...ORDER_EVENT_TYPES, 'invoice.paid', 'product.updated', 'checkout.session.created'];
    expect(types.filter((type) => isOrderEvent({ type, data: { object: {} } }))).toEqual([...ORDER_EVENT_TYPES]);
  });

  it('names the object an event is about only when it has a string id', () => {
    expect(eventObjectId({ data: { object: { id: 'cs_1' } } })).toBe('cs_1');
    expect(eventObjectId({ data: { object: { id: 7 } } })).toBeNull();
    expect(eventObjectId({ data: { object: {} } })).toBeNull();
  });
});

// Compile-time: the list names every type OrderEvent has (a missing one makes this line a type error).
type Unlisted = Exclude<OrderEvent['type'], (typeof ORDER_EVENT_TYPES)[number]>;
const everyTypeListed: [Unlisted] extends [never] ? true : false = true;
void everyTypeListed;
