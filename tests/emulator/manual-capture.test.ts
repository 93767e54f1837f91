import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { cardForm, postForm, sdk, seededPrice, startEmulator } from './helpers';
import { cliTarget, removeCliConfigs, runCli } from './stripecli-harness';

// The emulator's clock: tests move it to reach the 7-day authorization expiry without waiting.
let nowMs = Date.parse('2031-03-01T12:00:00Z');
let emulator: RunningStripeEmulator;
let stripe: Stripe;
let priceId: string;
const DAY_MS = 24 * 3600 * 1000;

beforeAll(async () => {
  emulator = await startEmulator({ clock: () => nowMs });
  stripe = sdk(emulator);
  priceId = (await seededPrice(stripe, 'prod_breakfast_spread')).id;
});
afterAll(async () => {
  await emulator.close();
  removeCliConfigs();
});

/** A Checkout Session with manual capture, paid on the hosted page with a card; returns it and its PaymentIntent. */
async function authorizedSession(): Promise<{ session: Stripe.Checkout.Session; pi: Stripe.PaymentIntent }> {
  const created = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price: priceId, quantity: 2 }],
    success_url: 'http://shop.test/thanks',
    payment_intent_data: { capture_method: 'manual' },
  });
  const res = await postForm(`${emulator.url}/c/pay/${created.id}`, cardForm('4242424242424242'));
  expect(res.status).toBe(303);
  const session = await stripe.checkout.sessions.retrieve(created.id);
  const pi = await stripe.paymentIntents.retrieve(String(session.payment_intent));
  return { session, pi };
}

async function eventsFor(objectId: string): Promise<Stripe.Event[]> {
  const all = await stripe.events.list({ limit: 100 });
  return all.data.filter((e) => (e.data.object as { id?: string }).id === objectId).reverse();
}

async function chargeOf(pi: Stripe.PaymentIntent): Promise<Stripe.Charge> {
  return stripe.charges.retrieve(String(pi.latest_charge));
}

async function stripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(Stripe.errors.StripeError);
  return err as Stripe.errors.StripeError;
}

describe('manual capture through Checkout', () => {
  it('offers only cards and leaves the PaymentIntent requires_capture with the session complete but unpaid', async () => {
    const { session, pi } = await authorizedSession();
    expect(session.payment_method_types).toEqual(['card']);
    expect(session.status).toBe('complete');
    expect(session.payment_status).toBe('unpaid');
    expect(pi.status).toBe('requires_capture');
    expect(pi.capture_method).toBe('manual');
    expect(pi.amount_capturable).toBe(37800);
    expect(pi.amount_received).toBe(0);
    const charge = await chargeOf(pi);
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, captured: false, amount_captured: 0, balance_transaction: null });
    expect(charge.payment_method_details?.card?.capture_before).toBe(charge.created + 7 * 24 * 3600);
    const types = (await eventsFor(pi.id)).map((e) => e.type);
    expect(types).toEqual(['payment_intent.created', 'payment_intent.amount_capturable_updated']);
    expect((await eventsFor(charge.id)).map((e) => e.type)).toEqual(['charge.succeeded']);
  });

  it('captures the full amount once: payment_intent.succeeded, charge.captured, the session becomes paid', async () => {
    const { session, pi } = await authorizedSession();
    const captured = await stripe.paymentIntents.capture(pi.id);
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 37800, amount_capturable: 0 });
    const charge = await chargeOf(pi);
    expect(charge).toMatchObject({ captured: true, amount_captured: 37800, amount_refunded: 0 });
    expect(charge.balance_transaction).toMatch(/^txn_/);
    expect((await eventsFor(charge.id)).map((e) => e.type)).toEqual(['charge.succeeded', 'charge.captured']);
    expect((await eventsFor(pi.id)).map((e) => e.type)).toContain('payment_intent.succeeded');
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');

    const again = await stripeError(stripe.paymentIntents.capture(pi.id));
    expect(again.statusCode).toBe(400);
    expect(again.code).toBe('payment_intent_unexpected_state');
    expect(again.message).toContain('status of succeeded');
  });

  it('captures part of the authorization and releases the rest; refunds reach only the captured part', async () => {
    const { pi } = await authorizedSession();
    const tooMuch = await stripeError(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 37801 }));
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount_to_capture' });
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 30000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 30000, amount_capturable: 0 });
    const charge = await chargeOf(pi);
    expect(charge).toMatchObject({ amount: 37800, amount_captured: 30000, amount_refunded: 7800, captured: true });
    const overRefund = await stripeError(stripe.refunds.create({ payment_intent: pi.id, amount: 30001 }));
    expect(overRefund.code).toBe('amount_too_large');
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.amount).toBe(30000);
  });

  it('cancels an authorization: payment_intent.canceled with the reason, the hold released', async () => {
    const { session, pi } = await authorizedSession();
    const badReason = await stripeError(
      stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'changed_my_mind' as Stripe.PaymentIntentCancelParams.CancellationReason }),
    );
    expect(badReason).toMatchObject({ statusCode: 400, param: 'cancellation_reason' });
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0 });
    expect(canceled.canceled_at).toBe(Math.floor(nowMs / 1000));
    const charge = await chargeOf(pi);
    expect(charge).toMatchObject({ captured: false, refunded: true, amount_refunded: 37800 });
    expect((await eventsFor(pi.id)).map((e) => e.type)).toContain('payment_intent.canceled');
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('unpaid');

    const capture = await stripeError(stripe.paymentIntents.capture(pi.id));
    expect(capture.code).toBe('payment_intent_unexpected_state');
    const twice = await stripeError(stripe.paymentIntents.cancel(pi.id));
    expect(twice.code).toBe('payment_intent_unexpected_state');
  });

  it('expires an uncaptured authorization after 7 days on the emulator clock', async () => {
    const { pi } = await authorizedSession();
    nowMs += 7 * DAY_MS - 1000;
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_capture');
    nowMs += 1000;
    const expired = await stripe.paymentIntents.retrieve(pi.id);
    expect(expired).toMatchObject({ status: 'canceled', cancellation_reason: 'expired', amount_capturable: 0 });
    const charge = await chargeOf(pi);
    expect(charge).toMatchObject({ refunded: true, amount_refunded: 37800, captured: false });
    expect((await eventsFor(charge.id)).map((e) => e.type)).toEqual(['charge.succeeded', 'charge.expired']);
    const late = await stripeError(stripe.paymentIntents.capture(pi.id));
    expect(late.code).toBe('payment_intent_unexpected_state');
  });

  it('refuses bank debits with manual capture and unknown capture parameters', async () => {
    const sepa = await stripeError(
      stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ price_data: { currency: 'eur', unit_amount: 5000, product_data: { name: 'Kaffee' } }, quantity: 1 }],
        success_url: 'http://shop.test/thanks',
        allowed_payment_method_types: ['card', 'sepa_debit'],
        payment_intent_data: { capture_method: 'manual' },
      }),
    );
    expect(sepa).toMatchObject({ statusCode: 400, param: 'allowed_payment_method_types[1]' });
    const method = await stripeError(
      stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ price: priceId, quantity: 1 }],
        success_url: 'http://shop.test/thanks',
        payment_intent_data: { capture_method: 'later' as Stripe.Checkout.SessionCreateParams.PaymentIntentData.CaptureMethod },
      }),
    );
    expect(method).toMatchObject({ statusCode: 400, param: 'payment_intent_data[capture_method]' });
    const { pi } = await authorizedSession();
    const unknown = await stripeError(stripe.paymentIntents.capture(pi.id, { application_fee_amount: 10 }));
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'application_fee_amount' });
  });
});

describe('manual capture through the PaymentIntents API', () => {
  it('authorizes on confirm, then captures', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(pi).toMatchObject({ status: 'requires_capture', capture_method: 'manual', amount_capturable: 2000 });
    const small = await stripeError(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 10 }));
    expect(small.code).toBe('amount_too_small');
    expect((await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1500 })).amount_received).toBe(1500);
  });

  it('cancels an unconfirmed PaymentIntent without a charge', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned', latest_charge: null });
    const confirm = await stripeError(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }));
    expect(confirm.code).toBe('payment_intent_unexpected_state');
  });

  it("refuses to cancel a Checkout Session's PaymentIntent before it is authorized", async () => {
    const created = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price: priceId, quantity: 1 }],
      success_url: 'http://shop.test/thanks',
    });
    const declined = await postForm(`${emulator.url}/c/pay/${created.id}`, cardForm('4000000000000002'));
    expect(declined.status).toBe(402);
    const session = await stripe.checkout.sessions.retrieve(created.id);
    const err = await stripeError(stripe.paymentIntents.cancel(String(session.payment_intent)));
    expect(err.code).toBe('payment_intent_unexpected_state');
    expect(err.message).toContain('expire the Checkout Session');
  });
});

describe('stripe trigger for the manual-capture events', () => {
  it.each(['payment_intent.amount_capturable_updated', 'charge.captured', 'payment_intent.canceled'])('%s', async (type) => {
    const before = new Set((await stripe.events.list({ type, limit: 100 })).data.map((e) => e.id));
    const trigger = runCli(cliTarget(emulator), ['trigger', type]);
    expect(await trigger.exited, trigger.output()).toBe(0);
    const after = (await stripe.events.list({ type, limit: 100 })).data.filter((e) => !before.has(e.id));
    expect(after).toHaveLength(1);
  });
});
