import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { OrderFact } from '@/lib/domain/orders/order-state';
import { getCheckoutOutcome, isCheckoutSessionId } from '@/lib/domain/orders/checkout-outcome';
import { stripeSessionLookup } from '@/lib/services/orders/session-lookup';
import { completedPaid, completedUnpaid, expired, sessionSnapshot, storeWithFacts } from '../support/order-facts';
import { fakeStripe } from '../support/stripe-events';

const SESSION = 'cs_test_order1';

const storeWith = (...facts: OrderFact[]) => storeWithFacts(facts);

describe('what the success page says', () => {
  it('a complete but unpaid session that no webhook recorded yet is "confirming", never paid', async () => {
    const { stripe, calls } = fakeStripe({ sessions: { [SESSION]: { id: SESSION, status: 'complete', payment_status: 'unpaid' } } });
    expect(await getCheckoutOutcome({ store: await storeWith(), lookupSession: stripeSessionLookup(stripe) }, SESSION)).toEqual({ state: 'confirming' });
    expect(calls).toEqual([`sessions.retrieve ${SESSION}`]);
  });

  it('a complete and paid session is still only "confirming" until its webhook is recorded', async () => {
    const { stripe } = fakeStripe({ sessions: { [SESSION]: { id: SESSION, status: 'complete', payment_status: 'paid' } } });
    expect(await getCheckoutOutcome({ store: await storeWith(), lookupSession: stripeSessionLookup(stripe) }, SESSION)).toEqual({ state: 'confirming' });
  });

  it('asks Stripe about open, expired and unknown sessions', async () => {
    const { stripe } = fakeStripe({
      sessions: { cs_test_open: { status: 'open', payment_status: 'unpaid' }, cs_test_gone: { status: 'expired', payment_status: 'unpaid' } },
    });
    const store = await storeWith();
    expect(await getCheckoutOutcome({ store, lookupSession: stripeSessionLookup(stripe) }, 'cs_test_open')).toEqual({ state: 'not_paid' });
    expect(await getCheckoutOutcome({ store, lookupSession: stripeSessionLookup(stripe) }, 'cs_test_gone')).toEqual({ state: 'expired' });
    expect(await getCheckoutOutcome({ store, lookupSession: stripeSessionLookup(stripe) }, 'cs_test_unknown')).toEqual({ state: 'not_found' });
  });

  it('an unrecognisable id is not found without asking anyone', async () => {
    const { stripe, calls } = fakeStripe();
    for (const id of [undefined, ['cs_test_a', 'cs_test_b'], ['cs_test_abc'], 'xcs_test_abc', 'cs_test_abc!', 'pi_123', 'cs_test_', 'cs_prod_abc', `cs_test_${'a'.repeat(201)}`, 'cs_test_a/b']) {
      expect(await getCheckoutOutcome({ store: await storeWith(), lookupSession: stripeSessionLookup(stripe) }, id)).toEqual({ state: 'not_found' });
    }
    expect(calls).toEqual([]);
    expect(isCheckoutSessionId('cs_live_Abc123')).toBe(true);
    expect(isCheckoutSessionId(`cs_test_${'a'.repeat(200)}`)).toBe(true);
  });

  it('answers from the recorded order without asking Stripe', async () => {
    const { stripe, calls } = fakeStripe();
    const summary = { firstName: 'Ada', items: sessionSnapshot().items, amountTotal: 78800, currency: 'usd' };
    // The whole recorded order comes along for the confirmation: exactly what the store holds.
    const outcomeFrom = async (...facts: OrderFact[]) => {
      const store = await storeWith(...facts);
      return { outcome: await getCheckoutOutcome({ store, lookupSession: stripeSessionLookup(stripe) }, SESSION), order: await store.getOrder(SESSION) };
    };
    const paid = await outcomeFrom(completedPaid);
    expect(paid.outcome).toEqual({ state: 'paid', ...summary, order: paid.order });
    expect(paid.order).toMatchObject({ id: SESSION, status: 'paid' });
    const awaiting = await outcomeFrom(completedUnpaid);
    expect(awaiting.outcome).toEqual({ state: 'awaiting_payment', ...summary, order: awaiting.order });
    expect(await getCheckoutOutcome({ store: await storeWith(expired), lookupSession: stripeSessionLookup(stripe) }, SESSION)).toEqual({ state: 'expired' });
    const failed: OrderFact = { kind: 'async_payment_failed', session: sessionSnapshot() };
    const paymentFailed = await outcomeFrom(completedUnpaid, failed);
    expect(paymentFailed.outcome).toEqual({ state: 'payment_failed', order: paymentFailed.order });
    expect(paymentFailed.order).toMatchObject({ status: 'payment_failed' });
    const refunded: OrderFact = { kind: 'refund_updated', sessionId: SESSION, paymentIntentId: 'pi_1', refund: { amountRefunded: 100, amountCaptured: 78800 } };
    expect(await getCheckoutOutcome({ store: await storeWith(completedPaid, refunded), lookupSession: stripeSessionLookup(stripe) }, SESSION)).toMatchObject({ state: 'paid' });
    const refundedInFull: OrderFact = { ...refunded, refund: { amountRefunded: 78800, amountCaptured: 78800 } };
    expect(await getCheckoutOutcome({ store: await storeWith(completedPaid, refundedInFull), lookupSession: stripeSessionLookup(stripe) }, SESSION)).toMatchObject({ state: 'paid', firstName: 'Ada' });
    expect(calls).toEqual([]);
  });

  it('lets Stripe errors other than "no such session" through', async () => {
    const { stripe } = fakeStripe();
    const broken = { ...stripe, checkout: { sessions: { retrieve: () => Promise.reject(new Error('connection reset')) } } } as unknown as typeof stripe;
    await expect(getCheckoutOutcome({ store: await storeWith(), lookupSession: stripeSessionLookup(broken) }, SESSION)).rejects.toThrow('connection reset');
    const failing = (error: Error) => ({ checkout: { sessions: { retrieve: () => Promise.reject(error) } } }) as unknown as typeof stripe;
    const badRequest = new Stripe.errors.StripeInvalidRequestError({ message: 'Bad request', statusCode: 400 } as never);
    await expect(getCheckoutOutcome({ store: await storeWith(), lookupSession: stripeSessionLookup(failing(badRequest)) }, SESSION)).rejects.toBe(badRequest);
    const notStripe404 = Object.assign(new Error('proxy says 404'), { statusCode: 404 });
    await expect(getCheckoutOutcome({ store: await storeWith(), lookupSession: stripeSessionLookup(failing(notStripe404)) }, SESSION)).rejects.toBe(notStripe404);
  });
});
