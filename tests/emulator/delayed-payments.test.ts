import { afterEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import type { RunningStripeEmulator, StripeEmulatorOptions } from '@/emulators/stripe';
import { cardForm, postForm, removeDir, sdk, seededPrice, startEmulator, startReceiver, tempDir, type Receiver } from './helpers';

const SECRET = 'whsec_test_delayed_payments_secret';
const SUCCEEDS = 'DE89370400440532013000';
const FAILS = 'AT861904300235473202';
const LONG = 60_000; // never fires during a test: settlement only through the dev control

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup {
  emulator: RunningStripeEmulator;
  stripe: Stripe;
  receiver: Receiver;
}

async function setup(options: StripeEmulatorOptions, receiver?: Receiver): Promise<Setup> {
  const rx = receiver ?? (await startReceiver());
  if (!receiver) cleanups.push(() => rx.close());
  const emulator = await startEmulator({ webhookEndpoint: { url: rx.url, secret: SECRET }, ...options });
  cleanups.push(() => emulator.close());
  return { emulator, stripe: sdk(emulator), receiver: rx };
}

/** `payment_method_types` is gone from this SDK version's create params; the emulator (and the CLI fixtures) still use it. */
type SessionExtra = Partial<Stripe.Checkout.SessionCreateParams> & { payment_method_types?: string[] };

/** A EUR session: SEPA Direct Debit is offered only for euros (USD sessions offer a US bank account instead). */
async function openSession(stripe: Stripe, extra: SessionExtra = {}): Promise<Stripe.Checkout.Session> {
  const price = await seededPrice(stripe, 'prod_grazing_board');
  return stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price_data: { currency: 'eur', unit_amount: price.unit_amount ?? 0, product: 'prod_grazing_board' }, quantity: 1 }],
    success_url: 'http://shop.test/thanks?session_id={CHECKOUT_SESSION_ID}',
    ...extra,
  });
}

function bankForm(iban: string, extra: Record<string, string> = {}): Record<string, string> {
  return { paymentMethod: 'sepa_debit', email: 'jenny@example.com', iban, accountHolderName: 'Jenny Rosen', ...extra };
}

const pageUrl = (e: RunningStripeEmulator, id: string): string => `${e.url}/c/pay/${id}`;

async function payByBank(s: Setup, iban: string): Promise<Stripe.Checkout.Session> {
  const session = await openSession(s.stripe);
  const res = await postForm(pageUrl(s.emulator, session.id), bankForm(iban));
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe(`http://shop.test/thanks?session_id=${session.id}`);
  return session;
}

function settle(e: RunningStripeEmulator, id: string, body?: { json?: unknown; form?: Record<string, string> }): Promise<Response> {
  const init: RequestInit = { method: 'POST' };
  if (body?.json !== undefined) {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body.json);
  } else if (body?.form) {
    // A form body needs the dev-control header (a cross-site HTML form cannot send it).
    init.headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Local-Stripe-Control': '1' };
    init.body = new URLSearchParams(body.form).toString();
  }
  return fetch(`${e.url}/_emulator/checkout/sessions/${id}/settle`, init);
}

/** Events about one session/payment intent, in delivery order, verified against the secret. */
function eventsFor(receiver: Receiver, sessionId: string, piId?: string): Stripe.Event[] {
  return receiver.received
    .map((r) => Stripe.webhooks.constructEvent(r.body, r.signature, SECRET))
    .filter((e) => {
      const o = e.data.object as { id?: string; payment_intent?: unknown };
      return o.id === sessionId || (piId !== undefined && (o.id === piId || o.payment_intent === piId));
    });
}

const sessionOf = (e: Stripe.Event | undefined): Stripe.Checkout.Session | undefined => e?.data.object as Stripe.Checkout.Session | undefined;
const byType = (events: Stripe.Event[], type: string): Stripe.Event | undefined => events.find((e) => e.type === type);

describe('hosted page: payment method choice', () => {
  it('offers card (default) and bank debit in a labelled radio group; only the chosen group is required', async () => {
    const { emulator, stripe } = await setup({ asyncPaymentDelayMs: LONG });
    const session = await openSession(stripe);
    expect(session.payment_method_types).toEqual(['card', 'sepa_debit']);
    const html = await (await fetch(pageUrl(emulator, session.id))).text();
    expect(html).toContain('<fieldset><legend>Payment method</legend>');
    expect(html).toContain('<input type="radio" id="pm-card" name="paymentMethod" value="card" checked><label for="pm-card">Card</label>');
    expect(html).toContain(
      '<input type="radio" id="pm-sepa_debit" name="paymentMethod" value="sepa_debit"><label for="pm-sepa_debit">Bank debit (SEPA, settles later)</label>',
    );
    for (const [id, label] of [['cardNumber', 'Card number'], ['expiry', 'Expiration'], ['cvc', 'CVC'], ['cardholderName', 'Cardholder name'], ['iban', 'IBAN'], ['accountHolderName', 'Account holder name']]) {
      expect(html).toContain(`<label for="${id}">${label}</label>`);
    }
    expect(html).toMatch(/id="cardNumber"[^>]* required/);
    expect(html).not.toMatch(/id="iban"[^>]* required/);

    // Re-rendered after a bank-debit error: bank debit stays chosen and its fields become the required ones.
    const res = await postForm(pageUrl(emulator, session.id), bankForm(''));
    const again = await res.text();
    expect(again).toContain('value="sepa_debit" checked>');
    expect(again).toMatch(/id="iban"[^>]* required/);
    expect(again).not.toMatch(/id="cardNumber"[^>]* required/);

    // A card-only session keeps the single card form.
    const cardOnly = await openSession(stripe, { payment_method_types: ['card'] });
    const cardHtml = await (await fetch(pageUrl(emulator, cardOnly.id))).text();
    expect(cardHtml).not.toContain('Payment method</legend>');
    expect(cardHtml).not.toContain('for="iban"');
    expect(cardHtml).toContain('<legend>Payment details</legend>');
  });

  it('refuses an invalid IBAN inline, validates only the chosen method, and never echoes the IBAN', async () => {
    const { emulator, stripe } = await setup({ asyncPaymentDelayMs: LONG });
    const session = await openSession(stripe);
    const url = pageUrl(emulator, session.id);
    const badChecksum = await postForm(url, bankForm('DE89 3704 0044 0532 0130 01'));
    expect(badChecksum.status).toBe(400);
    const html = await badChecksum.text();
    expect(html).toContain('<p class="field-error" id="iban-error">Your IBAN is invalid.</p>');
    expect(html).toContain('aria-invalid="true" aria-describedby="iban-error"');
    expect(html).toContain('<input id="iban" name="iban" value=""');
    expect(html).not.toContain('0130 01');
    expect(html).not.toContain('013001');
    expect(html).not.toContain('Your card number is incomplete.');
    expect(await (await postForm(url, bankForm('DE89'))).text()).toContain('Your IBAN is invalid.');
    expect(await (await postForm(url, bankForm(''))).text()).toContain('Your IBAN is incomplete.');
    expect(await (await postForm(url, bankForm(SUCCEEDS, { accountHolderName: '' }))).text()).toContain('Account holder name is required.');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    // Card chosen: stray bank fields are ignored.
    const card = await postForm(url, cardForm('4242424242424242', { paymentMethod: 'card', iban: 'garbage' }));
    expect(card.status).toBe(303);
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');
  });
});

describe('delayed payment settlement', () => {
  it('completes unpaid right away, then settles as paid after asyncPaymentDelayMs', async () => {
    const s = await setup({ asyncPaymentDelayMs: 250 });
    const session = await payByBank(s, SUCCEEDS);
    await s.receiver.waitFor((events) => events.some((e) => e.type === 'checkout.session.async_payment_succeeded'));
    const settled = await s.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.latest_charge'] });
    const pi = settled.payment_intent as Stripe.PaymentIntent;
    const events = eventsFor(s.receiver, session.id, pi.id);

    const completed = sessionOf(byType(events, 'checkout.session.completed'));
    expect(completed).toMatchObject({ status: 'complete', payment_status: 'unpaid', payment_intent: pi.id });
    expect(completed?.customer_details?.name).toBe('Jenny Rosen');
    expect((byType(events, 'payment_intent.processing')?.data.object as Stripe.PaymentIntent).status).toBe('processing');
    expect((byType(events, 'charge.pending')?.data.object as Stripe.Charge).status).toBe('pending');
    expect(sessionOf(byType(events, 'checkout.session.async_payment_succeeded'))).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid' });
    expect((byType(events, 'charge.succeeded')?.data.object as Stripe.Charge).status).toBe('succeeded');
    expect((byType(events, 'payment_intent.succeeded')?.data.object as Stripe.PaymentIntent).status).toBe('succeeded');

    expect(settled).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect(pi.status).toBe('succeeded');
    expect(pi.amount_received).toBe(pi.amount);
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ status: 'succeeded', paid: true });
    expect(charge.payment_method_details?.sepa_debit?.last4).toBe('3000');
    // The stored order: completed first, the async outcome last.
    const listed = (await s.stripe.events.list({ limit: 20 })).data.map((e) => e.type).reverse();
    expect(listed.indexOf('checkout.session.completed')).toBeLessThan(listed.indexOf('checkout.session.async_payment_succeeded'));
    expect(listed.at(-1)).toBe('checkout.session.async_payment_succeeded');
  });

  it('a failing IBAN ends in async_payment_failed and payment_intent.payment_failed', async () => {
    const s = await setup({ asyncPaymentDelayMs: 100 });
    const session = await payByBank(s, FAILS);
    await s.receiver.waitFor((events) => events.some((e) => e.type === 'checkout.session.async_payment_failed'));
    const after = await s.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.latest_charge'] });
    expect(after).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    const pi = after.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error?.message).toBe('The payment failed.');
    expect((pi.latest_charge as Stripe.Charge).status).toBe('failed');
    const events = eventsFor(s.receiver, session.id, pi.id);
    expect(sessionOf(byType(events, 'checkout.session.completed'))?.payment_status).toBe('unpaid');
    expect(sessionOf(byType(events, 'checkout.session.async_payment_failed'))).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect((byType(events, 'payment_intent.payment_failed')?.data.object as Stripe.PaymentIntent).last_payment_error?.charge).toBe(
      (pi.latest_charge as Stripe.Charge).id,
    );
    expect(byType(events, 'charge.failed')).toBeDefined();
    expect(byType(events, 'checkout.session.async_payment_succeeded')).toBeUndefined();
  });

  it('a pending settlement survives a restart and settles once', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const first = await setup({ dataDir: dir, asyncPaymentDelayMs: LONG }, receiver);
    const session = await payByBank(first, SUCCEEDS);
    await first.emulator.close(); // it cannot have settled: that is a minute away
    expect((await first.stripe.checkout.sessions.retrieve(session.id).catch((e: unknown) => e)) instanceof Error).toBe(true);
    expect(receiver.events().some((e) => e.type === 'checkout.session.async_payment_succeeded')).toBe(false);
    // The restarted emulator's clock is past the stored due time: only the restored settlement can fire.
    const second = await setup({ dataDir: dir, asyncPaymentDelayMs: LONG, clock: () => Date.now() + 2 * LONG }, receiver);
    await receiver.waitFor((events) => events.some((e) => e.type === 'checkout.session.async_payment_succeeded'));
    await second.emulator.waitForDeliveries(5000);
    expect((await second.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');
    const settledEvents = await second.stripe.events.list({ type: 'checkout.session.async_payment_succeeded' });
    expect(settledEvents.data).toHaveLength(1);
    const stats = (await (await fetch(`${second.emulator.url}/_emulator/stats`)).json()) as { pendingSettlements: number };
    expect(stats.pendingSettlements).toBe(0);
  });
});

describe('dev control POST /_emulator/checkout/sessions/:id/settle', () => {
  it('settles on demand with either outcome and refuses sessions without a pending delayed payment', async () => {
    const s = await setup({ asyncPaymentDelayMs: LONG });
    const { emulator, stripe, receiver } = s;

    // Pending: complete + unpaid, payment intent processing, charge pending.
    const a = await payByBank(s, SUCCEEDS);
    const pending = await stripe.checkout.sessions.retrieve(a.id, { expand: ['payment_intent.latest_charge'] });
    expect(pending).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    const pi = pending.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe('processing');
    expect((pi.latest_charge as Stripe.Charge).status).toBe('pending');
    await expect(stripe.refunds.create({ payment_intent: pi.id })).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { pendingSettlements: number };
    expect(stats.pendingSettlements).toBe(1);

    // Form body overrides the IBAN's natural (successful) outcome.
    const failed = await settle(emulator, a.id, { form: { outcome: 'failed' } });
    expect(failed.status).toBe(200);
    expect(((await failed.json()) as Stripe.Checkout.Session).payment_status).toBe('unpaid');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_payment_method');
    expect((await settle(emulator, a.id)).status).toBe(400); // already settled

    // JSON body: a failing IBAN forced to succeed.
    const b = await payByBank(s, FAILS);
    const succeeded = await settle(emulator, b.id, { json: { outcome: 'succeeded' } });
    expect(succeeded.status).toBe(200);
    expect(((await succeeded.json()) as Stripe.Checkout.Session).payment_status).toBe('paid');

    // No outcome: the IBAN decides.
    const c = await payByBank(s, FAILS);
    expect((await settle(emulator, c.id)).status).toBe(200);
    expect((await stripe.checkout.sessions.retrieve(c.id)).payment_status).toBe('unpaid');

    await receiver.waitFor((events) => {
      const types = (id: string): string[] => events.filter((e) => (e.data.object as { id?: string }).id === id).map((e) => e.type);
      return (
        types(a.id).includes('checkout.session.async_payment_failed') &&
        types(b.id).includes('checkout.session.async_payment_succeeded') &&
        types(c.id).includes('checkout.session.async_payment_failed')
      );
    });
    const aEvents = eventsFor(receiver, a.id, pi.id).map((e) => e.type);
    expect(aEvents).toEqual(expect.arrayContaining(['charge.failed', 'payment_intent.payment_failed', 'checkout.session.async_payment_failed']));
    expect(aEvents).not.toContain('checkout.session.async_payment_succeeded');

    // Refusals.
    const open = await openSession(stripe);
    const openRes = await settle(emulator, open.id);
    expect(openRes.status).toBe(400);
    expect(((await openRes.json()) as { error: { message: string } }).error.message).toContain('no pending delayed payment');
    const card = await openSession(stripe);
    expect((await postForm(pageUrl(emulator, card.id), cardForm('4242424242424242'))).status).toBe(303);
    expect((await settle(emulator, card.id)).status).toBe(400);
    expect((await settle(emulator, 'cs_test_unknown')).status).toBe(404);
    const d = await payByBank(s, SUCCEEDS);
    expect((await settle(emulator, d.id, { form: { outcome: 'maybe' } })).status).toBe(400);
    expect((await stripe.checkout.sessions.retrieve(d.id)).payment_status).toBe('unpaid');
  });
});

describe('refunds and stats', () => {
  it('refunds a settled bank debit: refund.created and charge.refunded with cumulative amounts', async () => {
    const s = await setup({ asyncPaymentDelayMs: LONG });
    const session = await payByBank(s, SUCCEEDS);
    expect((await settle(s.emulator, session.id)).status).toBe(200);
    const pi = await s.stripe.paymentIntents.retrieve((await s.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string);
    const chargeId = pi.latest_charge as string;
    const total = pi.amount;
    const partial = await s.stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    expect(partial).toMatchObject({ amount: 1000, charge: chargeId, payment_intent: pi.id });
    const rest = await s.stripe.refunds.create({ charge: chargeId });
    expect(rest.amount).toBe(total - 1000);
    await s.receiver.waitFor((events) => events.filter((e) => e.type === 'charge.refunded').length === 2);
    const events = eventsFor(s.receiver, session.id, pi.id);
    const refunds = events.filter((e) => e.type === 'refund.created').map((e) => e.data.object as Stripe.Refund);
    expect(refunds.map((r) => [r.amount, r.charge, r.payment_intent]).sort()).toEqual(
      [[1000, chargeId, pi.id], [total - 1000, chargeId, pi.id]].sort(),
    );
    const refunded = events
      .filter((e) => e.type === 'charge.refunded')
      .map((e) => e.data.object as Stripe.Charge)
      .sort((x, y) => x.amount_refunded - y.amount_refunded);
    expect(refunded.map((c) => [c.id, c.amount_refunded, c.refunded, c.payment_intent])).toEqual([
      [chargeId, 1000, false, pi.id],
      [chargeId, total, true, pi.id],
    ]);
  });

  it('reports request counts per route in /_emulator/stats', async () => {
    const { emulator, stripe } = await setup({ asyncPaymentDelayMs: LONG });
    await stripe.prices.list();
    await stripe.prices.list({ limit: 1 });
    const session = await openSession(stripe); // one more GET /v1/prices
    await stripe.checkout.sessions.retrieve(session.id);
    await stripe.checkout.sessions.retrieve(session.id);
    await fetch(`${emulator.url}/v1/nope/cs_test_a1X2`, { headers: { Authorization: 'Bearer sk_test_emulator_suite_key' } });
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
      apiRequests: number;
      pendingDeliveries: number;
      requestsByPath: Record<string, number>;
    };
    expect(stats.requestsByPath['GET /v1/prices']).toBe(3);
    expect(stats.requestsByPath['GET /v1/checkout/sessions/:id']).toBe(2);
    expect(stats.requestsByPath['POST /v1/checkout/sessions']).toBe(1);
    expect(stats.requestsByPath['GET /v1/nope/:id']).toBe(1);
    expect(stats.apiRequests).toBe(Object.values(stats.requestsByPath).reduce((a, b) => a + b, 0));
    expect(typeof stats.pendingDeliveries).toBe('number');
  });
});
