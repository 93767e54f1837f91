import { describe, expect, it } from 'vitest';
import { linesFromRestoreParam, restoreCartPath } from '@/lib/domain/cart/cart-restore';
import { paymentFailedEmail, receiptEmail, refundEmail } from '@/lib/services/mail/templates';
import { applyFact } from '@/lib/domain/orders/order-state';
import { parseShopDetails } from '@/lib/config/shop';
import { completedPaid, sampleItems } from '../support/order-facts';

const shop = parseShopDetails({ SHOP_NAME: 'Lunch Co', SHOP_PHONE: '+1 555-0100', SHOP_EMAIL: 'hi@lunch.example' });
const order = { ...applyFact(null, completedPaid, { eventId: 'evt_1', created: 100 }), deliveryWindow: '10:00-12:00' };

describe('customer emails', () => {
  it('the receipt has the order number, delivery, items, total, next steps and the shop, and no ISO date', () => {
    const mail = receiptEmail({ order, siteUrl: 'https://shop.example', shop });
    expect(mail.key).toBe('receipt:cs_test_order1');
    expect(mail.to).toBe('ada@example.com');
    expect(mail.subject).toBe(`Order ${order.orderNumber} confirmed — Lunch Co`);
    expect(mail.text).toContain('When:  Tuesday, January 15, 2030, 10:00 AM – 12:00 PM');
    expect(mail.text).toContain('Where: Ada Lovelace, 1 Main St, Springfield, IL 62701, US');
    expect(mail.text).toContain('2 × Grand Grazing Board — $578.00');
    expect(mail.text).toContain('Total paid: $788.00');
    expect(mail.text).toContain('What happens next');
    expect(mail.text).toContain('+1 555-0100 · hi@lunch.example');
    expect(mail.text).toContain(shop.allergenPolicy);
    expect(mail.text).not.toContain('2030-01-15');
    expect(mail.text).not.toContain('Order cs_test');
  });

  it('a failed payment links back to a cart with the same lines', () => {
    const mail = paymentFailedEmail({ order, siteUrl: 'https://shop.example', shop });
    const link = /Your cart is waiting with the same items: (\S+)/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    const url = new URL(link!);
    expect(url.pathname).toBe('/cart');
    expect(url.searchParams.get('notice')).toBe('payment_failed');
    expect(linesFromRestoreParam(url.searchParams.get('restore'))).toEqual(sampleItems.map((item) => ({ priceId: item.priceId, quantity: item.quantity })));
    expect(mail.text).not.toContain('Total paid');
  });

  it('a full refund reads as a cancellation, a partial one as a refund with the delivery still on', () => {
    const full = refundEmail({ order: { ...order, status: 'refunded', amountRefunded: 78800 }, siteUrl: 'https://shop.example', shop });
    expect(full.subject).toBe(`Order ${order.orderNumber} cancelled and refunded — Lunch Co`);
    expect(full.text).toContain('There will be no delivery.');
    const partial = refundEmail({ order: { ...order, status: 'partially_refunded', amountRefunded: 10000 }, siteUrl: 'https://shop.example', shop });
    expect(partial.subject).toBe(`Partial refund for order ${order.orderNumber} — Lunch Co`);
    expect(partial.text).toContain('We refunded $100.00');
    expect(partial.text).toContain('$688.00 in total after the refund');
    expect(full.key).not.toBe(partial.key);
  });
});

describe('cart restore links', () => {
  it('carry only price ids and quantities, and drop anything malformed', () => {
    expect(restoreCartPath([{ priceId: null, quantity: 1 }], 'expired')).toBe('/cart?notice=expired');
    expect(linesFromRestoreParam('[{"priceId":"price_a","quantity":2},{"priceId":"<script>","quantity":1},{"priceId":"price_b","quantity":99}]')).toEqual([
      { priceId: 'price_a', quantity: 2 },
      { priceId: 'price_b', quantity: 20 },
    ]);
    expect(linesFromRestoreParam('not json')).toEqual([]);
    expect(linesFromRestoreParam(null)).toEqual([]);
  });
});
