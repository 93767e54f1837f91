import { DEFAULT_CATERING_RULES } from '@/lib/domain/checkout/catering-rules';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '@/lib/domain/clock';
import { silentLogger } from '@/lib/logger';
import type { Mailer } from '@/lib/domain/mail/mailer';
import { createQuote, type QuoteDeps } from '@/lib/services/quotes/create-quote';
import { recentQuotes } from '@/lib/services/quotes/recent-quotes';
import { getShopDetails } from '@/lib/config/shop';
import { payOnHostedPage, type validCustomer } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

function quoteDeps(shop: TestShop, mailer: Mailer = shop.mailbox): QuoteDeps {
  return {
    stripe: shop.stripe,
    lookupPrices: shop.checkoutDeps.lookupPrices,
    mailer,
    clock: systemClock,
    logger: silentLogger,
    siteUrl: 'http://shop.test',
    shopTimeZone: 'UTC',
    rules: DEFAULT_CATERING_RULES,
    shop: getShopDetails(),
    newQuoteId: () => 'Q-TEST01',
  };
}

describe('quotes by payment link, end to end through Local Stripe', () => {
  let shop: TestShop;
  beforeEach(async () => {
    shop = await startTestShop();
  });
  afterEach(async () => {
    await shop.close();
  });

  it('a quote is emailed as a payment link; paying it becomes an order with the delivery details, in the kitchen’s day', async () => {
    const catalog = await shop.checkoutDeps.loadCatalog();
    const board = catalog.find((item) => item.productId === 'prod_grazing_board')!;
    const deliveryDate = daysFromNow(5);
    const result = await createQuote(quoteDeps(shop), 'chef@example.com', {
      customerEmail: 'grace@example.com',
      deliveryDate,
      deliveryWindow: '10:00-12:00',
      // 60 boards: three times the cart's limit.
      lines: [
        { kind: 'catalog', priceId: board.priceId, quantity: 60 },
        { kind: 'custom', name: 'On-site carving station', unitAmount: 45_000, quantity: 1 },
      ],
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.quote).toMatchObject({ quoteId: 'Q-TEST01', emailed: true });

    const link = await shop.stripe.paymentLinks.retrieve(result.quote.paymentLinkId);
    expect(link.metadata).toMatchObject({ delivery_date: deliveryDate, delivery_window: '10:00-12:00', quote_id: 'Q-TEST01', quoted_by: 'chef@example.com' });
    expect(link.after_completion).toEqual({ type: 'redirect', redirect: { url: 'http://shop.test/checkout/success?session_id={CHECKOUT_SESSION_ID}' } });

    const mail = (await shop.mailbox.list()).find((message) => message.key === 'quote:Q-TEST01')!;
    expect(mail.to).toBe('grace@example.com');
    expect(mail.text).toContain('60 × Grand Grazing Board');
    expect(mail.text).toContain('1 × On-site carving station — $450.00');
    const url = /Pay securely with Stripe: (\S+)/.exec(mail.text)![1]!;
    expect(url).toBe(result.quote.url);
    expect(url).toContain('prefilled_email=grace%40example.com');

    // The customer follows the link: a Checkout Session for the link, then the hosted page as for any checkout.
    const opened = await fetch(url, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const sessionUrl = opened.headers.get('location')!;
    const paid = await payOnHostedPage(sessionUrl, '4242424242424242', {
      email: 'grace@example.com',
      shippingName: 'Grace Hopper',
      custom_dietary: 'No nuts',
    } as Partial<typeof validCustomer>);
    const sessionId = /session_id=(cs_test_[A-Za-z0-9]+)/.exec(paid.location ?? '')![1]!;
    await shop.emulator.waitForDeliveries(10_000);

    const order = await shop.store.getOrder(sessionId);
    expect(order).toMatchObject({
      status: 'paid',
      deliveryDate,
      deliveryWindow: '10:00-12:00',
      customer: { email: 'grace@example.com' },
      amountTotal: 60 * board.unitAmount + 45_000,
      shipping: { name: 'Grace Hopper' },
      // The link asks what a cart checkout asks: a phone number and the dietary requirements.
      phone: '+1 555 010 0100',
      dietaryRequirements: 'No nuts',
    });
    expect(order!.items.map((item) => [item.name, item.quantity])).toEqual([
      ['Grand Grazing Board', 60],
      ['On-site carving station', 1],
    ]);
    // Paid once, the quote's link closes.
    expect(await shop.stripe.paymentLinks.retrieve(result.quote.paymentLinkId)).toMatchObject({ active: false, restrictions: { completed_sessions: { count: 1, limit: 1 } } });
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(410);
    // Staff see it among the recent quotes, paid.
    expect(await recentQuotes(shop.stripe)).toEqual([
      { quoteId: 'Q-TEST01', paymentLinkId: result.quote.paymentLinkId, url: link.url, deliveryDate, deliveryWindow: '10:00-12:00', quotedBy: 'chef@example.com', state: 'paid' },
    ]);
    // The kitchen's day lists it like any other order.
    const day = await shop.store.listOrdersByDeliveryDate(deliveryDate, deliveryDate);
    expect(day.map((entry) => entry.id)).toEqual([sessionId]);
    // And the buyer gets the same receipt as a cart checkout.
    await shop.drainFollowUps();
    expect((await shop.mailbox.list()).some((message) => message.key === `receipt:${sessionId}`)).toBe(true);
  });

  it('refuses a past date, an unknown price, a cheap custom line and quantities beyond 999, creating no link', async () => {
    const deps = quoteDeps(shop);
    const base = { customerEmail: 'grace@example.com', deliveryDate: daysFromNow(5), deliveryWindow: '10:00-12:00' };
    const custom = { kind: 'custom', name: 'Tasting', unitAmount: 1_000, quantity: 1 };
    const before = (await shop.stripe.paymentLinks.list({ limit: 100 })).data.length;
    const refusals = [
      await createQuote(deps, 'chef@example.com', { ...base, deliveryDate: daysFromNow(-1), lines: [custom] }),
      await createQuote(deps, 'chef@example.com', { ...base, lines: [{ kind: 'catalog', priceId: 'price_gone', quantity: 2 }] }),
      await createQuote(deps, 'chef@example.com', { ...base, lines: [{ ...custom, unitAmount: 10 }] }),
      await createQuote(deps, 'chef@example.com', { ...base, lines: [{ ...custom, quantity: 1_000 }] }),
      await createQuote(deps, 'chef@example.com', { ...base, customerEmail: 'not-an-email', lines: [custom] }),
    ];
    expect(refusals.map((result) => (result.ok ? 'created' : result.error.field))).toEqual([
      'deliveryDate',
      'lines.0.priceId',
      'lines.0.unitAmount',
      'lines.0.quantity',
      'customerEmail',
    ]);
    expect((await shop.stripe.paymentLinks.list({ limit: 100 })).data).toHaveLength(before);
  });

  it('a failed email still creates the quote and says so, so staff can pass the link on', async () => {
    const failing: Mailer = { send: async () => Promise.reject(new Error('SES is down')) };
    const result = await createQuote(quoteDeps(shop, failing), 'chef@example.com', {
      customerEmail: 'grace@example.com',
      deliveryDate: daysFromNow(5),
      deliveryWindow: '12:00-14:00',
      lines: [{ kind: 'custom', name: 'Tasting menu', unitAmount: 2_500, quantity: 30 }],
    });
    expect(result.ok && result.quote.emailed).toBe(false);
    expect(result.ok && (await shop.stripe.paymentLinks.retrieve(result.quote.paymentLinkId)).active).toBe(true);
    expect((await recentQuotes(shop.stripe)).map((quote) => quote.state)).toEqual(['open']);
  });
});
