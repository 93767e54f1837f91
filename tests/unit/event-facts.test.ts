import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { UnknownStripeObjectError } from '@/lib/webhooks/errors';
import { eventObjectId, followUpsForEvent, orderFactForEvent } from '@/lib/webhooks/event-facts';
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
