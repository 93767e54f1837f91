import { describe, expect, it } from 'vitest';
import { addLine, clampQuantity, countItems, parseStoredCart, removeLine, setLineQuantity } from '@/lib/domain/cart/cart-lines';
import { MAX_CART_LINES, MAX_QUANTITY } from '@/lib/domain/cart/cart-limits';

describe('cart lines', () => {
  it('adds a new line and increments an existing one', () => {
    const once = addLine([], 'price_a');
    expect(once).toEqual([{ priceId: 'price_a', quantity: 1 }]);
    const twice = addLine(once, 'price_a', 2);
    expect(twice).toEqual([{ priceId: 'price_a', quantity: 3 }]);
    expect(countItems(addLine(twice, 'price_b'))).toBe(4);
  });

  it('keeps quantities between 1 and the maximum', () => {
    expect(clampQuantity(0)).toBe(1);
    expect(clampQuantity(-5)).toBe(1);
    expect(clampQuantity(MAX_QUANTITY + 10)).toBe(MAX_QUANTITY);
    expect(clampQuantity(2.7)).toBe(2);
    expect(clampQuantity(Number.NaN)).toBe(1);
    expect(addLine([{ priceId: 'price_a', quantity: MAX_QUANTITY }], 'price_a')).toEqual([{ priceId: 'price_a', quantity: MAX_QUANTITY }]);
  });

  it('changes and removes lines without touching the others', () => {
    const lines = [
      { priceId: 'price_a', quantity: 1 },
      { priceId: 'price_b', quantity: 2 },
    ];
    expect(setLineQuantity(lines, 'price_b', 5)).toEqual([
      { priceId: 'price_a', quantity: 1 },
      { priceId: 'price_b', quantity: 5 },
    ]);
    expect(removeLine(lines, 'price_a')).toEqual([{ priceId: 'price_b', quantity: 2 }]);
  });

  it('refuses a line beyond the maximum number of lines', () => {
    let lines = Array.from({ length: MAX_CART_LINES }, (_, index) => ({ priceId: `price_${index}`, quantity: 1 }));
    lines = addLine(lines, 'price_extra');
    expect(lines).toHaveLength(MAX_CART_LINES);
    expect(lines.some((line) => line.priceId === 'price_extra')).toBe(false);
  });

  it('reads a saved cart and drops whatever is malformed', () => {
    expect(parseStoredCart(null)).toEqual([]);
    expect(parseStoredCart('not json')).toEqual([]);
    expect(parseStoredCart('{"priceId":"price_a"}')).toEqual([]);
    expect(
      parseStoredCart(
        JSON.stringify([
          { priceId: 'price_a', quantity: 2 },
          { priceId: 'price_a', quantity: 3 },
          { priceId: 'evil<script>', quantity: 1 },
          { priceId: 'price_b', quantity: '4' },
          { priceId: 'price_c', quantity: 99 },
          null,
        ]),
      ),
    ).toEqual([
      { priceId: 'price_a', quantity: 2 },
      { priceId: 'price_c', quantity: MAX_QUANTITY },
    ]);
  });
});
