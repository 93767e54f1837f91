import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { UnknownStripeObjectError } from '@/lib/services/webhooks/errors';
import type { Order } from '@/lib/domain/orders/order';
import { followUpsForEvent, orderFactForEvent } from '@/lib/services/webhooks/event-facts';
import { eventObjectId, followUpsForFact } from '@/lib/domain/webhooks/order-event-facts';
import { fakeStripe, grazingBoard, sessionEvent, stripeEvent } from '../support/stripe-events';

/** A charge that has been refunded twice: 3,000 then 2,000 of 10,000 captured. */
const twiceRefunded = { id: 'ch_1', amount: 10_000, amount_captured: 10_000, amount_refunded: 5_000, payment_intent: 'pi_1' };
const stripeData = { charges: { ch_1: twiceRefunded }, sessionByPaymentIntent: { pi_1: 'cs_test_abc' }, lineItems: [grazingBoard] };

describe('refund events', () => {
  it.each(['refund.created', 'refund.updated'])('%s takes the charge’s running total, not the one refund’s amount', async (type) => {
    const { stripe, calls } = fakeStripe(stripeData);
    const secondRefund = { id: 're_2', object: 'refund', amount: 2_000, charge: 'ch_1', payment_intent: 'pi_1', status: 'succeeded' };
    const found = await orderFactForEvent(stripe, stripeEvent(type, secondRefund));
    expect(found).toEqual({
      orderId: 'cs_test_abc',
      fact: { kind: 'refund_updated', sessionId: 'cs_test_abc', paymentIntentId: 'pi_1', refund: { amountRefunded: 5_000, amountCaptured: 10_000 } },
    });
    expect(calls).toEqual(['charges.retrieve ch_1', 'sessions.list pi_1']);
  });

  it('reads a refund whose charge is expanded as an object', async () => {
    const { stripe } = fakeStripe(stripeData);
    const found = await orderFactForEvent(stripe, stripeEvent('refund.created', { id: 're_1', amount: 3_000, charge: { id: 'ch_1' } }));
    expect(found?.fact).toMatchObject({ refund: { amountRefunded: 5_000 } });
  });

  it('ignores a refund without a charge', async () => {
    const { stripe, calls } = fakeStripe(stripeData);
    expect(await orderFactForEvent(stripe, stripeEvent('refund.created', { id: 're_1', amount: 3_000, charge: null }))).toBeNull();
    expect(calls).toEqual([]);
  });

  it('charge.refunded reads the charge in the event; amount stands in when nothing was captured', async () => {
    const { stripe, calls } = fakeStripe(stripeData);
    const found = await orderFactForEvent(stripe, stripeEvent('charge.refunded', { ...twiceRefunded, amount_captured: 0, amount_refunded: 3_000 }));
    expect(found?.fact).toEqual({ kind: 'refund_updated', sessionId: 'cs_test_abc', paymentIntentId: 'pi_1', refund: { amountRefunded: 3_000, amountCaptured: 10_000 } });
    expect(calls).toEqual(['sessions.list pi_1']);
  });

  it('ignores refunds of payments made outside Checkout, or without a payment intent', async () => {
    const { stripe } = fakeStripe({ ...stripeData, sessionByPaymentIntent: {} });
    expect(await orderFactForEvent(stripe, stripeEvent('charge.refunded', twiceRefunded))).toBeNull();
    expect(await orderFactForEvent(fakeStripe(stripeData).stripe, stripeEvent('charge.refunded', { ...twiceRefunded, payment_intent: null }))).toBeNull();
  });
});

describe('payment events', () => {
  it('payment_intent.succeeded and charge.succeeded pay the session of their payment intent', async () => {
    const { stripe } = fakeStripe(stripeData);
    const expected = { orderId: 'cs_test_abc', fact: { kind: 'payment_succeeded', sessionId: 'cs_test_abc', paymentIntentId: 'pi_1' } };
    expect(await orderFactForEvent(stripe, stripeEvent('payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent' }))).toEqual(expected);
    expect(await orderFactForEvent(stripe, stripeEvent('charge.succeeded', { id: 'ch_1', payment_intent: { id: 'pi_1' } }))).toEqual(expected);
  });

  it('ignores payments outside Checkout and charges without a payment intent', async () => {
    const { stripe, calls } = fakeStripe(stripeData);
    expect(await orderFactForEvent(stripe, stripeEvent('payment_intent.succeeded', { id: 'pi_elsewhere' }))).toBeNull();
    expect(await orderFactForEvent(stripe, stripeEvent('charge.succeeded', { id: 'ch_2', payment_intent: null }))).toBeNull();
    expect(calls).toEqual(['sessions.list pi_elsewhere']);
  });
});

describe('session events', () => {
  it('a free order (no payment required) counts as paid', async () => {
    const { stripe } = fakeStripe(stripeData);
    const event = sessionEvent('checkout.session.completed', { payment_status: 'no_payment_required' });
    expect((await orderFactForEvent(stripe, event))?.fact).toMatchObject({ kind: 'checkout_completed', paid: true });
    expect(followUpsForEvent(event)).toEqual([
      { key: 'order-paid:cs_test_abc', kind: 'order-paid', payload: { orderId: 'cs_test_abc' } },
      { key: 'order-receipt:cs_test_abc', kind: 'order-receipt', payload: { orderId: 'cs_test_abc' } },
    ]);
  });

  it('async_payment_succeeded fetches the items; async_payment_failed does not', async () => {
    const succeeded = fakeStripe(stripeData);
    const paid = await orderFactForEvent(succeeded.stripe, sessionEvent('checkout.session.async_payment_succeeded', {}));
    expect(paid?.fact.kind).toBe('async_payment_succeeded');
    expect(paid?.fact.kind === 'async_payment_succeeded' && paid.fact.session.items?.map((item) => item.name)).toEqual(['Grand Grazing Board']);
    expect(succeeded.calls).toEqual(['listLineItems cs_test_abc']);

    const failed = fakeStripe(stripeData);
    const unpaid = await orderFactForEvent(failed.stripe, sessionEvent('checkout.session.async_payment_failed', { payment_status: 'unpaid' }));
    expect(unpaid).toMatchObject({ orderId: 'cs_test_abc', fact: { kind: 'async_payment_failed', session: { items: null, customer: { email: 'ada@example.com' } } } });
    expect(failed.calls).toEqual([]);
  });

  it('a session Stripe does not know is an unknown object, not a failure to retry', async () => {
    const { stripe } = fakeStripe();
    const missing = { ...stripe, checkout: { sessions: { listLineItems: () => { throw new Stripe.errors.StripeInvalidRequestError({ message: 'No such session', statusCode: 404 } as never); } } } } as unknown as Stripe;
    await expect(orderFactForEvent(missing, sessionEvent('checkout.session.completed', {}))).rejects.toBeInstanceOf(UnknownStripeObjectError);
    const refused = { checkout: { sessions: { listLineItems: () => { throw new Stripe.errors.StripeInvalidRequestError({ message: 'Bad', statusCode: 400 } as never); } } } } as unknown as Stripe;
    await expect(orderFactForEvent(refused, sessionEvent('checkout.session.completed', {}))).rejects.not.toBeInstanceOf(UnknownStripeObjectError);
  });
});

describe('follow-ups owed by an event', () => {
  const paidJob = { key: 'order-paid:cs_test_abc', kind: 'order-paid', payload: { orderId: 'cs_test_abc' } };
  // Every paid buyer, new or returning, gets the receipt as its own job.
  const receiptJob = { key: 'order-receipt:cs_test_abc', kind: 'order-receipt', payload: { orderId: 'cs_test_abc' } };

  it('a completed session owes account provisioning and the receipt only once paid', () => {
    expect(followUpsForEvent(sessionEvent('checkout.session.completed', {}))).toEqual([paidJob, receiptJob]);
    expect(followUpsForEvent(sessionEvent('checkout.session.completed', { payment_status: 'unpaid' }))).toEqual([]);
    expect(followUpsForEvent(sessionEvent('checkout.session.async_payment_succeeded', {}))).toEqual([paidJob, receiptJob]);
  });

  it('a failed delayed payment owes the payment-failed email; other events owe nothing', () => {
    expect(followUpsForEvent(sessionEvent('checkout.session.async_payment_failed', {}))).toEqual([
      { key: 'payment-failed:cs_test_abc', kind: 'payment-failed', payload: { orderId: 'cs_test_abc' } },
    ]);
    expect(followUpsForEvent(sessionEvent('checkout.session.expired', {}))).toEqual([]);
    expect(followUpsForEvent(stripeEvent('charge.refunded', twiceRefunded))).toEqual([]);
  });

  it('names the object an event is about', () => {
    expect(eventObjectId(stripeEvent('charge.refunded', twiceRefunded))).toBe('ch_1');
    expect(eventObjectId(stripeEvent('balance.available', { available: [] }))).toBeNull();
  });
});

describe('line items of a session', () => {
  /** Named on the product (expanded), described differently on the line: the product's name and servings must win. */
  const brunch = {
    amount_total: 45_000,
    quantity: 1,
    description: 'Line description',
    price: { id: 'price_b', unit_amount: 45_000, product: { id: 'prod_brunch', name: 'Garden Brunch', metadata: { serves: '12' } } },
  } as unknown as Partial<Stripe.LineItem>;

  it('asks Stripe to expand each price’s product, for its name and servings', async () => {
    const { stripe } = fakeStripe({ lineItems: [brunch] });
    const found = await orderFactForEvent(stripe, sessionEvent('checkout.session.completed', {}));
    expect(found?.fact.kind === 'checkout_completed' && found.fact.session.items).toEqual([
      { priceId: 'price_b', productId: 'prod_brunch', name: 'Garden Brunch', quantity: 1, unitAmount: 45_000, amountTotal: 45_000, serves: 12 },
    ]);
  });

  it('fetches the items again when the known order has none yet, and not when it has them', async () => {
    const empty = { id: 'cs_test_abc', items: [] } as unknown as Order;
    const first = fakeStripe({ lineItems: [brunch] });
    const known = { getOrder: async () => empty, findOrderIdByPaymentIntent: async () => null };
    const fetched = await orderFactForEvent(first.stripe, sessionEvent('checkout.session.completed', {}), known);
    expect(fetched?.fact.kind === 'checkout_completed' && fetched.fact.session.items?.map((item) => item.name)).toEqual(['Garden Brunch']);

    const kept = { id: 'cs_test_abc', items: [{ name: 'Kept item' }] } as unknown as Order;
    const second = fakeStripe({ lineItems: [brunch] });
    const reused = await orderFactForEvent(second.stripe, sessionEvent('checkout.session.completed', {}), { ...known, getOrder: async () => kept });
    expect(reused?.fact.kind === 'checkout_completed' && reused.fact.session.items?.map((item) => item.name)).toEqual(['Kept item']);
  });
});

describe('follow-ups owed by a refund', () => {
  const refund = (amountRefunded: number, amountCaptured = 10_000) => ({
    orderId: 'cs_test_abc',
    fact: { kind: 'refund_updated' as const, sessionId: 'cs_test_abc', paymentIntentId: 'pi_1', refund: { amountRefunded, amountCaptured } },
  });
  const job = (amountRefunded: number, fullyRefunded: boolean) => ({
    key: `order-refunded:cs_test_abc:${amountRefunded}`,
    kind: 'order-refunded',
    payload: { orderId: 'cs_test_abc', amountRefunded, fullyRefunded },
  });

  it('one refund email per refunded total, marked full once the whole capture is refunded', () => {
    expect(followUpsForFact(refund(3_000))).toEqual([job(3_000, false)]);
    expect(followUpsForFact(refund(9_999))).toEqual([job(9_999, false)]);
    expect(followUpsForFact(refund(10_000))).toEqual([job(10_000, true)]);
    expect(followUpsForFact(refund(12_000))).toEqual([job(12_000, true)]);
  });

  it('nothing for a refund of nothing, for other facts, or for an event tied to no order', () => {
    expect(followUpsForFact(refund(0))).toEqual([]);
    expect(followUpsForFact(null)).toEqual([]);
    expect(followUpsForFact({ orderId: 'cs_test_abc', fact: { kind: 'payment_succeeded', sessionId: 'cs_test_abc', paymentIntentId: 'pi_1' } })).toEqual([]);
  });
});
