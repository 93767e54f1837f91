import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { formatMoney } from '@/lib/domain/money';
import { orderNumberOf } from '@/lib/domain/orders/order-number';
import { payOnHostedPage } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

/** Buys two Grand Grazing Boards with a chosen delivery window and waits until the webhooks have landed. */
async function buyGrazingBoards(shop: TestShop): Promise<string> {
  const catalog = await shop.checkoutDeps.loadCatalog();
  const board = catalog.find((item) => item.productId === 'prod_grazing_board')!;
  const result = await createCheckout(shop.checkoutDeps, {
    lines: [{ priceId: board.priceId, quantity: 2 }],
    deliveryDate: daysFromNow(3),
    deliveryWindow: '12:00-14:00',
  });
  if (!result.ok) throw new Error(result.error.message);
  expect((await payOnHostedPage(result.url, '4242424242424242')).status).toBe(303);
  await shop.emulator.waitForDeliveries(10_000);
  return result.sessionId;
}

describe('what the buyer hears, end to end through Local Stripe', () => {
  let shop: TestShop;
  beforeEach(async () => {
    shop = await startTestShop();
  });
  afterEach(async () => {
    await shop.close();
  });

  it('a paid order is recorded with its number, time window and servings, and its receipt goes out once', async () => {
    const sessionId = await buyGrazingBoards(shop);
    const order = await shop.store.getOrder(sessionId);
    expect(order).toMatchObject({ status: 'paid', deliveryWindow: '12:00-14:00', orderNumber: orderNumberOf({ id: sessionId }) });
    expect(order?.items[0]?.serves).toBeGreaterThan(0);

    const receipts = (await shop.mailbox.list()).filter((mail) => mail.key === `receipt:${sessionId}`);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.subject).toBe(`Order ${order!.orderNumber} confirmed — Harvest Table Catering`);
    expect(receipts[0]!.text).toContain('12:00 PM – 2:00 PM');
    expect(receipts[0]!.text).toContain('2 × Grand Grazing Board');
    expect(receipts[0]!.text).toMatch(/Serves about \d+ people/);
  });

  it('each refund step sends one email: a partial refund, then the rest as a cancellation', async () => {
    const sessionId = await buyGrazingBoards(shop);
    const session = await shop.stripe.checkout.sessions.retrieve(sessionId);
    const paymentIntent = session.payment_intent as string;

    await shop.stripe.refunds.create({ payment_intent: paymentIntent, amount: 10_000 });
    await shop.emulator.waitForDeliveries(10_000);
    await shop.stripe.refunds.create({ payment_intent: paymentIntent });
    await shop.emulator.waitForDeliveries(10_000);

    const order = await shop.store.getOrder(sessionId);
    expect(order?.status).toBe('refunded');
    const refunds = (await shop.mailbox.list()).filter((mail) => mail.key.startsWith(`refund:${sessionId}:`));
    expect(refunds.map((mail) => mail.subject).sort()).toEqual(
      [`Order ${order!.orderNumber} cancelled and refunded — Harvest Table Catering`, `Partial refund for order ${order!.orderNumber} — Harvest Table Catering`].sort(),
    );
    const partial = refunds.find((mail) => mail.subject.startsWith('Partial'))!;
    expect(partial.text).toContain('We refunded $100.00');
    const cancelled = refunds.find((mail) => mail.subject.includes('cancelled'))!;
    expect(cancelled.text).toContain(`refunded the full ${formatMoney(order!.amountTotal!, 'usd')}`);
  });
});
