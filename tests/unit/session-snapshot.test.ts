import { describe, expect, it } from 'vitest';
import { toOrderItem, toSessionSnapshot } from '@/lib/domain/webhooks/session-snapshot';
import { sessionOfEvent, type CheckoutSessionShape, type LineItemShape } from '@/lib/domain/webhooks/stripe-shapes';

const address = { line1: '1 High St', line2: 'Flat 2', city: 'Leeds', state: 'West Yorkshire', postal_code: 'LS1 1AA', country: 'GB' };

function session(overrides: Partial<CheckoutSessionShape> = {}): CheckoutSessionShape {
  return {
    id: 'cs_test_1',
    payment_status: 'paid',
    currency: 'gbp',
    amount_subtotal: 9_000,
    amount_total: 9_500,
    customer_details: { email: 'ada@example.com', name: 'Ada', phone: '+447700900123' },
    customer_email: null,
    collected_information: { shipping_details: { name: 'Ada', address } },
    metadata: { delivery_date: '2030-05-04', delivery_window: '11:00-13:00' },
    payment_intent: 'pi_1',
    created: 1_900_000_000,
    ...overrides,
  };
}

describe('session snapshot', () => {
  it('maps each field the shop keeps', () => {
    expect(toSessionSnapshot(session(), [])).toEqual({
      sessionId: 'cs_test_1',
      currency: 'gbp',
      amountSubtotal: 9_000,
      amountTotal: 9_500,
      customer: { email: 'ada@example.com', name: 'Ada' },
      shipping: {
        name: 'Ada',
        address: { line1: '1 High St', line2: 'Flat 2', city: 'Leeds', state: 'West Yorkshire', postalCode: 'LS1 1AA', country: 'GB' },
      },
      deliveryDate: '2030-05-04',
      deliveryWindow: '11:00-13:00',
      paymentIntentId: 'pi_1',
      sessionCreated: 1_900_000_000,
      items: [],
      phone: '+447700900123',
      notes: null,
      dietaryRequirements: null,
    });
  });

  it('falls back to the session email when Stripe has no customer details', () => {
    const snapshot = toSessionSnapshot(session({ customer_details: null, customer_email: 'prefilled@example.com' }), null);
    expect(snapshot.customer).toEqual({ email: 'prefilled@example.com', name: null });
    expect(snapshot.phone).toBeNull();
  });

  it('gives nulls for a session without customer, shipping, metadata or payment intent', () => {
    const snapshot = toSessionSnapshot(
      session({ customer_details: null, customer_email: null, collected_information: null, metadata: null, payment_intent: null, currency: null, amount_subtotal: null, amount_total: null }),
      null,
    );
    expect(snapshot).toMatchObject({
      customer: null,
      shipping: null,
      deliveryDate: null,
      deliveryWindow: null,
      paymentIntentId: null,
      currency: null,
      amountSubtotal: null,
      amountTotal: null,
      items: null,
      phone: null,
    });
  });

  it('keeps a shipping name whose address is missing, and drops a delivery window that is not HH:MM-HH:MM', () => {
    const noAddress = { shipping_details: { name: 'Ada', address: null } } as unknown as CheckoutSessionShape['collected_information'];
    const snapshot = toSessionSnapshot(session({ collected_information: noAddress, metadata: { delivery_window: 'lunchtime' } }), null);
    expect(snapshot.shipping).toEqual({ name: 'Ada', address: null });
    expect(snapshot.deliveryWindow).toBeNull();
  });

  it('reads an expanded payment intent by its id', () => {
    expect(toSessionSnapshot(session({ payment_intent: { id: 'pi_expanded' } }), null).paymentIntentId).toBe('pi_expanded');
  });
});

describe('order item from a line item', () => {
  const product = { id: 'prod_1', name: 'Sandwich platter', metadata: { serves: '10' } };
  const line = (overrides: Partial<LineItemShape> = {}): LineItemShape => ({
    amount_total: 2_700,
    description: 'Platter (Stripe description)',
    quantity: 2,
    price: { id: 'price_1', unit_amount: 1_500, product },
    ...overrides,
  });

  it('takes name, ids, serves and the unit price from the expanded product and price', () => {
    // A discounted line: the unit price stays the price's, not the total divided by the quantity.
    expect(toOrderItem(line())).toEqual({
      priceId: 'price_1',
      productId: 'prod_1',
      name: 'Sandwich platter',
      quantity: 2,
      unitAmount: 1_500,
      amountTotal: 2_700,
      serves: 10,
    });
  });

  it('keeps the product id of an unexpanded product and names the item from the line description', () => {
    const item = toOrderItem(line({ price: { id: 'price_1', unit_amount: 1_500, product: 'prod_plain' } }));
    expect(item).toMatchObject({ productId: 'prod_plain', name: 'Platter (Stripe description)' });
    expect(item).not.toHaveProperty('serves');
  });

  it('does not name the item after a deleted product', () => {
    const item = toOrderItem(line({ price: { id: 'price_1', unit_amount: 1_500, product: { id: 'prod_gone', deleted: true } } }));
    expect(item).toMatchObject({ productId: 'prod_gone', name: 'Platter (Stripe description)' });
  });

  it('copes with a line item without a price: nulls for the ids, the unit price from the total', () => {
    expect(toOrderItem({ amount_total: 3_000, description: null, quantity: 2, price: null })).toEqual({
      priceId: null,
      productId: null,
      name: 'Catering package',
      quantity: 2,
      unitAmount: 1_500,
      amountTotal: 3_000,
    });
  });

  it('derives the unit price from the total when the price has none, and counts a missing quantity as one', () => {
    expect(toOrderItem(line({ quantity: 3, amount_total: 3_000, price: { id: 'price_c', unit_amount: null, product } })).unitAmount).toBe(1_000);
    expect(toOrderItem(line({ quantity: null, amount_total: 3_000 }))).toMatchObject({ quantity: 1, unitAmount: 1_500 });
  });

  it.each(['0', '-3', 'many', ''])('leaves out serves when the product says %j', (serves) => {
    const item = toOrderItem(line({ price: { id: 'price_1', unit_amount: 1_500, product: { ...product, metadata: { serves } } } }));
    expect(item).not.toHaveProperty('serves');
  });
});

describe('the session an event is about', () => {
  it('is the event object for session events and null (not undefined) for the others', () => {
    const completed = session();
    expect(sessionOfEvent({ type: 'checkout.session.expired', data: { object: completed } })).toBe(completed);
    expect(sessionOfEvent({ type: 'payment_intent.succeeded', data: { object: { id: 'pi_1' } } })).toBeNull();
    expect(sessionOfEvent({ type: 'refund.created', data: { object: { charge: 'ch_1' } } })).toBeNull();
  });
});
