import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { cardForm, postForm, sdk, seededPrice, startEmulator } from './helpers';

let emulator: RunningStripeEmulator;
let stripe: Stripe;
let priceId: string;

beforeAll(async () => {
  emulator = await startEmulator({ publicUrl: 'http://pay.local' });
  stripe = sdk(emulator);
  priceId = (await seededPrice(stripe, 'prod_breakfast_spread')).id;
});
afterAll(() => emulator.close());

function newSession(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price: priceId, quantity: 2 }],
    success_url: 'http://shop.test/thanks?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://shop.test/cart',
    customer_email: 'jenny@example.com',
    ...extra,
  });
}

const pageUrl = (id: string): string => `${emulator.url}/c/pay/${id}`;

describe('checkout sessions API', () => {
  it('creates, retrieves with expansions and lists line items', async () => {
    const session = await newSession({ client_reference_id: 'order_1', metadata: { order: '1' } });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`http://pay.local/c/pay/${session.id}`);
    expect(session.amount_total).toBe(37800);
    expect(session.status).toBe('open');
    expect(session.payment_status).toBe('unpaid');
    const got = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    expect(got.line_items?.data[0]?.quantity).toBe(2);
    const items = await stripe.checkout.sessions.listLineItems(session.id, { expand: ['data.price.product'] });
    const product = items.data[0]?.price?.product as Stripe.Product;
    expect(product.name).toBe('Sunrise Breakfast Spread');
    expect(items.data[0]?.amount_total).toBe(37800);
  });

  it('validates params and names the param', async () => {
    const cases: Array<[Partial<Stripe.Checkout.SessionCreateParams>, string]> = [
      [{ line_items: [{ price: 'price_missing', quantity: 1 }] }, 'line_items[0][price]'],
      [{ line_items: [{ price: priceId, quantity: 0 }] }, 'line_items[0][quantity]'],
      [{ line_items: [{ price: priceId, quantity: 1.5 }] }, 'line_items[0][quantity]'],
      [{ success_url: '' }, 'success_url'],
      [{ expires_at: Math.floor(Date.now() / 1000) + 60 }, 'expires_at'],
      [{ expires_at: Math.floor(Date.now() / 1000) + 25 * 3600 }, 'expires_at'],
    ];
    for (const [params, param] of cases) {
      const err = await newSession(params).catch((e: unknown) => e);
      expect(err, param).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect((err as Stripe.errors.StripeError).param).toBe(param);
    }
    const inactive = await stripe.prices.create({ product: 'prod_taco_bar', unit_amount: 100, currency: 'usd', active: false });
    const err = await newSession({ line_items: [{ price: inactive.id, quantity: 1 }] }).catch((e: unknown) => e);
    expect((err as Stripe.errors.StripeError).param).toBe('line_items[0][price]');
  });

  it('expires an open session once, then refuses', async () => {
    const session = await newSession();
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe('expired');
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const events = await stripe.events.list({ type: 'checkout.session.expired' });
    expect(events.data.filter((e) => (e.data.object as Stripe.Checkout.Session).id === session.id)).toHaveLength(1);
    const page = await fetch(pageUrl(session.id));
    expect(await page.text()).toContain('This checkout session has expired');
  });
});

describe('hosted checkout page', () => {
  it('renders line items, total and labelled fields', async () => {
    const session = await newSession({ shipping_address_collection: { allowed_countries: ['US', 'CA'] } });
    const res = await fetch(pageUrl(session.id));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Sunrise Breakfast Spread');
    expect(html).toContain('$378.00');
    expect(html).toContain('Local Stripe — test mode');
    for (const [id, label] of [
      ['email', 'Email'], ['cardNumber', 'Card number'], ['expiry', 'Expiration'], ['cvc', 'CVC'],
      ['cardholderName', 'Cardholder name'], ['line1', 'Address line 1'], ['city', 'City'], ['state', 'State'],
      ['postalCode', 'ZIP'], ['country', 'Country'],
    ]) {
      expect(html).toContain(`<label for="${id}">${label}</label>`);
    }
    expect(html).toContain('<button type="submit">Pay</button>');
    expect(html).toContain('href="http://shop.test/cart">← Back</a>');
    expect(html).toContain('value="jenny@example.com"');
    expect((await fetch(pageUrl('cs_test_unknown'))).status).toBe(404);
  });

  it('pays with 4242 and redirects to success_url with the session id', async () => {
    const session = await newSession({ shipping_address_collection: { allowed_countries: ['US'] } });
    const res = await postForm(
      pageUrl(session.id),
      cardForm('4242 4242 4242 4242', { shippingName: 'Jenny Rosen', line1: '1 Main St', city: 'Austin', state: 'TX', postalCode: '78701', country: 'US' }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`http://shop.test/thanks?session_id=${session.id}`);
    const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.latest_charge'] });
    expect(paid.status).toBe('complete');
    expect(paid.payment_status).toBe('paid');
    expect(paid.customer_details?.email).toBe('jenny@example.com');
    expect(paid.collected_information?.shipping_details?.address.city).toBe('Austin');
    const pi = paid.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe('succeeded');
    expect(pi.amount).toBe(37800);
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.paid).toBe(true);
    expect(charge.payment_method_details?.card?.last4).toBe('4242');
    expect(charge.payment_method_details?.card?.brand).toBe('visa');
    // Paying twice is refused; the page says it's complete.
    const again = await postForm(pageUrl(session.id), cardForm('4242424242424242'));
    expect(await again.text()).toContain('This checkout session is already complete');
  });

  it.each([
    ['4000000000000002', 'Your card was declined.'],
    ['4000000000009995', 'Your card has insufficient funds.'],
    ['4000000000009987', 'Your card was declined.'],
    ['4000000000000069', 'Your card has expired.'],
    ['4000000000000127', 'Your card&#39;s security code is incorrect.'],
    ['4000000000000119', 'An error occurred while processing your card. Try again in a little bit.'],
  ])('declines %s with its message, then 4242 succeeds', async (number, message) => {
    const session = await newSession();
    const res = await postForm(pageUrl(session.id), cardForm(number));
    expect(res.status).toBe(402);
    const html = await res.text();
    expect(html).toContain(`<div class="alert" role="alert">${message}</div>`);
    expect(html).not.toContain(number);
    expect(html).toContain('value="Jenny Rosen"');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    const retry = await postForm(pageUrl(session.id), cardForm('5555555555554444'));
    expect(retry.status).toBe(303);
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');
  });

  it('refuses invalid input next to the field without echoing card data', async () => {
    const session = await newSession();
    const badNumber = await postForm(pageUrl(session.id), cardForm('4242424242424241'));
    expect(badNumber.status).toBe(400);
    const html = await badNumber.text();
    expect(html).toContain('Your card number is invalid.');
    expect(html).not.toContain('4242424242424241');
    const past = await postForm(pageUrl(session.id), cardForm('4242424242424242', { expiry: '01 / 20' }));
    expect(await past.text()).toContain('expiration year is in the past');
    const badEmail = await postForm(pageUrl(session.id), cardForm('4242424242424242', { email: 'nope' }));
    expect(await badEmail.text()).toContain('Your email address is invalid.');
    const noShip = await newSession({ shipping_address_collection: { allowed_countries: ['US'] } });
    const missing = await postForm(pageUrl(noShip.id), cardForm('4242424242424242'));
    expect(await missing.text()).toContain('Address line 1 is required.');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('escapes HTML from API data', async () => {
    const product = await stripe.products.create({ name: '<script>alert(1)</script>' });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 500, currency: 'usd' });
    const session = await newSession({ line_items: [{ price: price.id, quantity: 1 }] });
    const html = await (await fetch(pageUrl(session.id))).text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
