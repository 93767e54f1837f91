import { describe, expect, it } from 'vitest';
import { checkoutRequestSchema } from '@/lib/domain/checkout/checkout-request';
import { buildSessionParams } from '@/lib/services/checkout/create-checkout';
import { checkDeliverySlot, deliveryDateRange, shopToday } from '@/lib/domain/checkout/delivery-date';
import { DELIVERY_WINDOWS } from '@/lib/domain/checkout/delivery-window';

const valid = { lines: [{ priceId: 'price_123', quantity: 2 }], deliveryDate: '2030-01-15' };

describe('checkout request validation', () => {
  it('accepts price ids, quantities and a date', () => {
    expect(checkoutRequestSchema.safeParse(valid).success).toBe(true);
    const twoPackages = { ...valid, lines: [{ priceId: 'price_1', quantity: 1 }, { priceId: 'price_2', quantity: 3 }] };
    expect(checkoutRequestSchema.safeParse(twoPackages).success).toBe(true);
  });

  const rejected: [string, unknown, string][] = [
    ['an empty cart', { ...valid, lines: [] }, 'Your cart is empty'],
    ['a zero quantity', { ...valid, lines: [{ priceId: 'price_1', quantity: 0 }] }, 'at least 1'],
    ['a negative quantity', { ...valid, lines: [{ priceId: 'price_1', quantity: -3 }] }, 'at least 1'],
    ['a fractional quantity', { ...valid, lines: [{ priceId: 'price_1', quantity: 1.5 }] }, 'whole number'],
    ['a huge quantity', { ...valid, lines: [{ priceId: 'price_1', quantity: 1e9 }] }, 'at most 20'],
    ['a quantity as a string', { ...valid, lines: [{ priceId: 'price_1', quantity: '2' }] }, 'Quantity must be a number'],
    ['lines that are not a list', { ...valid, lines: 'price_1' }, 'lines must be a list of cart lines'],
    ['a price id with a prefix', { ...valid, lines: [{ priceId: 'my_price_1', quantity: 1 }] }, 'Not a price id'],
    ['a price id with a suffix', { ...valid, lines: [{ priceId: 'price_1/../x', quantity: 1 }] }, 'Not a price id'],
    ['something that is not a price id', { ...valid, lines: [{ priceId: 'prod_1', quantity: 1 }] }, 'Not a price id'],
    ['the same price twice', { ...valid, lines: [{ priceId: 'price_1', quantity: 1 }, { priceId: 'price_1', quantity: 1 }] }, 'only once'],
    ['too many lines', { ...valid, lines: Array.from({ length: 21 }, (_, i) => ({ priceId: `price_${i}`, quantity: 1 })) }, 'at most 20'],
    ['a client-supplied amount', { ...valid, lines: [{ priceId: 'price_1', quantity: 1, unitAmount: 1 }] }, 'nrecognized key'],
    ['an extra top-level field', { ...valid, total: 1 }, 'nrecognized key'],
    ['a malformed date', { ...valid, deliveryDate: '15/01/2030' }, 'YYYY-MM-DD'],
    ['an impossible date', { ...valid, deliveryDate: '2030-02-30' }, 'YYYY-MM-DD'],
    ['a missing date', { lines: valid.lines }, 'YYYY-MM-DD'],
  ];
  it.each(rejected)('rejects %s', (_name, input, message) => {
    const result = checkoutRequestSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join(' | ')).toContain(message);
  });
});

describe('delivery date', () => {
  // 2030-01-10 03:00 UTC is still 2030-01-09 in New York.
  const now = new Date('2030-01-10T03:00:00Z');
  const rules = { leadTimeHours: 8, deliveryWindows: DELIVERY_WINDOWS };

  it('counts days in the shop time zone', () => {
    expect(shopToday(now, 'America/New_York')).toBe('2030-01-09');
    expect(shopToday(now, 'UTC')).toBe('2030-01-10');
    expect(deliveryDateRange(now, 'America/New_York', rules)).toMatchObject({ earliest: '2030-01-10', latest: '2031-01-09' });
  });

  it('needs the lead time and at most a year', () => {
    expect(checkDeliverySlot('2030-01-09', undefined, now, 'America/New_York', rules)).toEqual({
      ok: false,
      field: 'deliveryDate',
      message: "Delivery date must be Thursday, January 10, 2030 or later (we need 8 hours' notice).",
    });
    expect(checkDeliverySlot('2031-01-10', undefined, now, 'America/New_York', rules)).toEqual({ ok: false, field: 'deliveryDate', message: 'Delivery date must be no later than Thursday, January 9, 2031.' });
    expect(checkDeliverySlot('2030-01-10', undefined, now, 'America/New_York', rules).ok).toBe(true);
    expect(checkDeliverySlot('2031-01-09', undefined, now, 'America/New_York', rules).ok).toBe(true);
    expect(checkDeliverySlot('2031-01-10', undefined, now, 'America/New_York', rules).ok).toBe(false);
  });
});

describe('checkout session parameters', () => {
  it('sends only prices and quantities, and builds return URLs from the configured site', () => {
    const params = buildSessionParams({ ...valid, deliveryWindow: '10:00-12:00' }, 'https://shop.example', 'America/New_York');
    expect(params).toEqual({
      mode: 'payment',
      line_items: [{ price: 'price_123', quantity: 2 }],
      success_url: 'https://shop.example/checkout/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://shop.example/checkout/canceled',
      shipping_address_collection: { allowed_countries: ['US'] },
      metadata: { delivery_date: '2030-01-15', delivery_window: '10:00-12:00' },
      custom_text: { submit: { message: 'Delivery on Tuesday, January 15, 2030, 10:00 AM – 12:00 PM. Your order confirmation follows by email.' } },
      custom_fields: [
        { key: 'ordernotes', label: { type: 'custom', custom: 'Order notes' }, type: 'text', optional: true, text: { maximum_length: 255 } },
        { key: 'dietary', label: { type: 'custom', custom: 'Dietary requirements' }, type: 'text', optional: true, text: { maximum_length: 255 } },
      ],
      phone_number_collection: { enabled: true },
    });
    expect(params).not.toHaveProperty('payment_method_types');
  });

  it('names the delivery date alone when no window was chosen', () => {
    expect(buildSessionParams(valid, 'https://shop.example', 'UTC').custom_text).toEqual({
      submit: { message: 'Delivery on Tuesday, January 15, 2030. Your order confirmation follows by email.' },
    });
  });

  it('refuses a malformed delivery window; the configured list is checked at checkout', () => {
    expect(checkoutRequestSchema.safeParse({ ...valid, deliveryWindow: 'noon' }).success).toBe(false);
    expect(checkoutRequestSchema.safeParse({ ...valid, deliveryWindow: '25:00-26:00' }).success).toBe(false);
    expect(checkoutRequestSchema.safeParse({ ...valid, deliveryWindow: '16:00-18:00' }).success).toBe(true);
  });
});
