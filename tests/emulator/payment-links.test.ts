import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { payOnHostedPage } from '../support/hosted-checkout';
import { API_KEY, sdk, startEmulator, startReceiver, type Receiver } from './helpers';

let emulator: RunningStripeEmulator;
let receiver: Receiver;
let stripe: Stripe;
const PRICE = 'price_mezze_platter';

beforeAll(async () => {
  receiver = await startReceiver();
  emulator = await startEmulator({ webhookEndpoint: { url: receiver.url, secret: 'whsec_payment_links' } });
  stripe = sdk(emulator);
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

/** Opens a link's page as a browser would, without following the redirect. */
async function openLink(url: string): Promise<Response> {
  return fetch(url, { redirect: 'manual' });
}

async function refusal(form: Record<string, string>, path = '/v1/payment_links'): Promise<{ status: number; error: { type: string; code?: string; param?: string; message: string } }> {
  const res = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, error: ((await res.json()) as { error: { type: string; code?: string; param?: string; message: string } }).error };
}

describe('Payment Links through the stripe SDK', () => {
  it('creates, retrieves, lists and updates a link with catalog and price_data lines, metadata and a redirect', async () => {
    const link = await stripe.paymentLinks.create({
      line_items: [
        { price: PRICE, quantity: 40 },
        { price_data: { currency: 'usd', unit_amount: 12_500, product_data: { name: 'Custom carving station' } }, quantity: 1 },
      ],
      after_completion: { type: 'redirect', redirect: { url: 'http://shop.test/checkout/success?session_id={CHECKOUT_SESSION_ID}' } },
      metadata: { delivery_date: '2031-05-01', delivery_window: '10:00-12:00', quote: 'q_1' },
      shipping_address_collection: { allowed_countries: ['US'] },
    });
    expect(link).toMatchObject({
      object: 'payment_link',
      active: true,
      currency: 'usd',
      after_completion: { type: 'redirect', redirect: { url: 'http://shop.test/checkout/success?session_id={CHECKOUT_SESSION_ID}' } },
      metadata: { delivery_date: '2031-05-01', delivery_window: '10:00-12:00', quote: 'q_1' },
      shipping_address_collection: { allowed_countries: ['US'] },
    });
    expect(link.id).toMatch(/^plink_/);
    expect(link.url).toMatch(/\/b\/test_[A-Za-z0-9]+$/);

    expect(await stripe.paymentLinks.retrieve(link.id)).toEqual(link);
    const items = await stripe.paymentLinks.listLineItems(link.id);
    expect(items.data.map((item) => [item.description, item.quantity, item.amount_total])).toEqual([
      ['Mediterranean Mezze Platter', 40, 40 * (items.data[0]!.price!.unit_amount ?? 0)],
      ['Custom carving station', 1, 12_500],
    ]);
    const listed = await stripe.paymentLinks.list({ limit: 5 });
    expect(listed.data[0]?.id).toBe(link.id);

    const updated = await stripe.paymentLinks.update(link.id, { active: false, metadata: { quote: '' } });
    expect(updated).toMatchObject({ active: false, metadata: { delivery_date: '2031-05-01', delivery_window: '10:00-12:00' } });
    expect(updated.metadata).not.toHaveProperty('quote');
    expect((await stripe.paymentLinks.list({ active: false })).data.map((l) => l.id)).toContain(link.id);
    await receiver.waitFor((events) => events.some((e) => e.type === 'payment_link.updated' && (e.data.object as Stripe.PaymentLink).id === link.id));
    expect(receiver.events().some((e) => e.type === 'payment_link.created' && (e.data.object as Stripe.PaymentLink).id === link.id)).toBe(true);
  });

  it('refuses what Stripe refuses, naming the parameter', async () => {
    const unknown = await refusal({ 'line_items[0][price]': PRICE, 'line_items[0][quantity]': '1', success_url: 'http://x.test' });
    expect(unknown).toMatchObject({ status: 400, error: { type: 'invalid_request_error', param: 'success_url' } });
    const noItems = await refusal({ 'metadata[a]': 'b' });
    expect(noItems).toMatchObject({ status: 400, error: { code: 'parameter_missing', param: 'line_items' } });
    const badRedirect = await refusal({ 'line_items[0][price]': PRICE, 'line_items[0][quantity]': '1', 'after_completion[type]': 'redirect' });
    expect(badRedirect).toMatchObject({ status: 400, error: { code: 'parameter_missing', param: 'after_completion[redirect]' } });
    const notUrl = await refusal({ 'line_items[0][price]': PRICE, 'line_items[0][quantity]': '1', 'after_completion[type]': 'redirect', 'after_completion[redirect][url]': 'shop.test/ok' });
    expect(notUrl).toMatchObject({ status: 400, error: { code: 'url_invalid', param: 'after_completion[redirect][url]' } });
    const missingPrice = await refusal({ 'line_items[0][price]': 'price_nope', 'line_items[0][quantity]': '1' });
    expect(missingPrice).toMatchObject({ status: 400, error: { code: 'resource_missing', param: 'line_items[0][price]' } });
    const adjustable = await refusal({ 'line_items[0][price]': PRICE, 'line_items[0][quantity]': '1', 'line_items[0][metadata][a]': 'b' });
    expect(adjustable).toMatchObject({ status: 400, error: { param: 'line_items[0][metadata]' } });
    const missing = await fetch(`${emulator.url}/v1/payment_links/plink_nope`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(missing.status).toBe(404);
  });
});

describe('a Payment Link’s hosted page', () => {
  it('opens a Checkout Session for the link (payment mode, payment_link, metadata, prefilled email) and pays it like any session', async () => {
    const link = await stripe.paymentLinks.create({
      line_items: [{ price_data: { currency: 'usd', unit_amount: 9_900, product_data: { name: 'Quote: lunch for 60' } }, quantity: 2 }],
      after_completion: { type: 'redirect', redirect: { url: 'http://shop.test/checkout/success?session_id={CHECKOUT_SESSION_ID}' } },
      metadata: { delivery_date: '2031-06-02', delivery_window: '12:00-14:00' },
      shipping_address_collection: { allowed_countries: ['US'] },
    });
    const opened = await openLink(`${link.url}?prefilled_email=${encodeURIComponent('grace@example.com')}`);
    expect(opened.status).toBe(303);
    const sessionUrl = opened.headers.get('location')!;
    const sessionId = /\/c\/pay\/(cs_test_[A-Za-z0-9]+)/.exec(sessionUrl)![1]!;
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    expect(session).toMatchObject({
      mode: 'payment',
      status: 'open',
      payment_link: link.id,
      customer_email: 'grace@example.com',
      amount_total: 19_800,
      metadata: { delivery_date: '2031-06-02', delivery_window: '12:00-14:00' },
      shipping_address_collection: { allowed_countries: ['US'] },
    });
    const page = await (await fetch(sessionUrl)).text();
    expect(page).toContain('grace@example.com');
    expect(page).toContain('Quote: lunch for 60');

    const paid = await payOnHostedPage(sessionUrl, '4242424242424242', { email: 'grace@example.com' });
    expect(paid.status).toBe(303);
    expect(paid.location).toBe(`http://shop.test/checkout/success?session_id=${sessionId}`);
    await receiver.waitFor((events) => events.some((e) => e.type === 'checkout.session.completed' && (e.data.object as Stripe.Checkout.Session).id === sessionId));
    const completed = receiver.events().find((e) => e.type === 'checkout.session.completed' && (e.data.object as Stripe.Checkout.Session).id === sessionId)!;
    expect(completed.data.object).toMatchObject({ payment_link: link.id, payment_status: 'paid', metadata: { delivery_date: '2031-06-02' } });

    // Every visit is a new session; the link itself stays as it was.
    const again = await openLink(link.url);
    expect(again.headers.get('location')).not.toBe(sessionUrl);
  });

  it('an inactive link shows its message instead of a checkout; an unknown one is a 404', async () => {
    const link = await stripe.paymentLinks.create({ line_items: [{ price: PRICE, quantity: 1 }], inactive_message: 'This quote has expired' });
    await stripe.paymentLinks.update(link.id, { active: false });
    const closed = await openLink(link.url);
    expect(closed.status).toBe(410);
    expect(await closed.text()).toContain('This quote has expired');
    expect((await openLink(`${emulator.url}/b/test_nothing_here`)).status).toBe(404);
  });

  it('a link limited to one completed session takes one payment, then closes', async () => {
    const link = await stripe.paymentLinks.create({ line_items: [{ price: PRICE, quantity: 2 }], restrictions: { completed_sessions: { limit: 1 } } });
    expect(link.restrictions).toEqual({ completed_sessions: { count: 0, limit: 1 } });
    const sessionUrl = (await openLink(link.url)).headers.get('location')!;
    expect((await payOnHostedPage(sessionUrl, '4242424242424242')).status).toBe(303);
    expect(await stripe.paymentLinks.retrieve(link.id)).toMatchObject({ active: false, restrictions: { completed_sessions: { count: 1, limit: 1 } } });
    expect((await openLink(link.url)).status).toBe(410);
    const zero = await refusal({ 'line_items[0][price]': PRICE, 'line_items[0][quantity]': '1', 'restrictions[completed_sessions][limit]': '0' });
    expect(zero).toMatchObject({ status: 400, error: { param: 'restrictions[completed_sessions][limit]' } });
  });

  it('a hosted-confirmation link ends on Local Stripe’s confirmation page with its message', async () => {
    const link = await stripe.paymentLinks.create({
      line_items: [{ price: PRICE, quantity: 1 }],
      after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'See you on the day!' } },
    });
    const sessionUrl = (await openLink(link.url)).headers.get('location')!;
    const paid = await payOnHostedPage(sessionUrl, '4242424242424242');
    expect(paid.location).toMatch(/\/b\/test_[A-Za-z0-9]+\/complete\?session_id=cs_test_/);
    expect(await (await fetch(paid.location!)).text()).toContain('See you on the day!');
  });
});
