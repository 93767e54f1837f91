import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { systemClock } from '@/lib/domain/clock';
import { changeFulfilment, stripeRefundInFull } from '@/lib/services/kitchen/change-fulfilment';
import { payOnHostedPage } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

describe('cancelling an order in the kitchen, through Local Stripe', () => {
  let shop: TestShop;
  beforeEach(async () => {
    shop = await startTestShop();
  });
  afterEach(async () => {
    await shop.close();
  });

  it('refunds the whole payment once, and the charge.refunded webhook records it like any refund', async () => {
    const catalog = await shop.checkoutDeps.loadCatalog();
    const board = catalog.find((item) => item.productId === 'prod_grazing_board')!;
    const result = await createCheckout(shop.checkoutDeps, { lines: [{ priceId: board.priceId, quantity: 1 }], deliveryDate: daysFromNow(3) });
    if (!result.ok) throw new Error(result.error.message);
    expect((await payOnHostedPage(result.url, '4242424242424242')).status).toBe(303);
    await shop.emulator.waitForDeliveries(10_000);

    const kitchen = { store: shop.store, clock: systemClock, refundInFull: stripeRefundInFull(shop.stripe) };
    const cancelled = await changeFulfilment(kitchen, 'manager@example.com', { orderId: result.sessionId, to: 'cancelled', expectedVersion: 0 });
    expect(cancelled.ok).toBe(true);
    await shop.emulator.waitForDeliveries(10_000);
    await shop.drainFollowUps();

    const order = await shop.store.getOrder(result.sessionId);
    expect(order).toMatchObject({ status: 'refunded', amountRefunded: order?.amountTotal, fulfilment: { status: 'cancelled', version: 1 } });
    const session = await shop.stripe.checkout.sessions.retrieve(result.sessionId);
    const refundsOfOrder = async () => (await shop.stripe.refunds.list({ limit: 100 })).data.filter((refund) => refund.payment_intent === session.payment_intent);
    const refunds = await refundsOfOrder();
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.metadata).toMatchObject({ order_id: result.sessionId, cancelled_by: 'manager@example.com' });
    const mails = (await shop.mailbox.list()).filter((mail) => mail.key.startsWith(`refund:${result.sessionId}:`));
    expect(mails.map((mail) => mail.subject)).toEqual([`Order ${order!.orderNumber} cancelled and refunded — Harvest Table Catering`]);

    // Staff who loaded the page before the cancellation are told it changed; nothing is refunded twice.
    expect(await changeFulfilment(kitchen, 'chef@example.com', { orderId: result.sessionId, to: 'cancelled', expectedVersion: 0 })).toMatchObject({ ok: false, status: 409 });
    expect(await refundsOfOrder()).toHaveLength(1);
  });
});
