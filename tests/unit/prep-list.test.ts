import { describe, expect, it } from 'vitest';
import { advance, NOT_STARTED } from '@/lib/domain/kitchen/fulfilment';
import { matchesSearch } from '@/lib/domain/kitchen/kitchen-orders';
import { prepList } from '@/lib/domain/kitchen/prep-list';
import type { Order, OrderItem } from '@/lib/domain/orders/order';
import { paidOrder } from '../support/kitchen-orders';

const board: OrderItem = { priceId: 'price_a', productId: 'prod_board', name: 'Grand Grazing Board', quantity: 2, unitAmount: 100, amountTotal: 200, serves: 12 };
const desserts: OrderItem = { priceId: 'price_b', productId: 'prod_desserts', name: 'Petite Dessert Table', quantity: 1, unitAmount: 100, amountTotal: 100, serves: 20 };
const coffee: OrderItem = { priceId: 'price_c', productId: 'prod_coffee', name: 'Coffee urn', quantity: 3, unitAmount: 100, amountTotal: 300 };

function order(id: string, items: OrderItem[], changes: Partial<Order> = {}): Order {
  return paidOrder({ sessionId: id, items, customer: { email: `${id}@example.com`, name: 'Ada' } }, changes);
}

describe('the prep list', () => {
  it('adds up each package’s quantity and servings over the day’s paid orders, biggest first (ties by name)', () => {
    const list = prepList([
      order('cs_1', [board, desserts]),
      order('cs_2', [{ ...board, quantity: 1 }, coffee]),
      order('cs_3', [board], { status: 'expired' }),
      order('cs_4', [desserts], { fulfilment: advance(NOT_STARTED, 'cancelled', { at: 'now', by: 'chef' }) }),
      order('cs_5', [desserts], { status: 'refunded' }),
    ]);
    expect(list.lines).toEqual([
      { key: 'prod_coffee', name: 'Coffee urn', quantity: 3, servings: null, orders: 1 },
      { key: 'prod_board', name: 'Grand Grazing Board', quantity: 3, servings: 36, orders: 2 },
      { key: 'prod_desserts', name: 'Petite Dessert Table', quantity: 1, servings: 20, orders: 1 },
    ]);
    expect(list).toMatchObject({ totalQuantity: 7, totalServings: 56, orderCount: 2 });
  });

  it('is empty for a day without orders', () => {
    expect(prepList([])).toEqual({ lines: [], totalQuantity: 0, totalServings: 0, orderCount: 0 });
  });
});

describe('staff search', () => {
  const found = order('cs_test_abc', [board]);
  it('finds an order by email (part of it), order number or session id, in any case', () => {
    expect(matchesSearch(found, 'CS_TEST_ABC@example')).toBe(true);
    expect(matchesSearch(found, found.orderNumber!.toLowerCase())).toBe(true);
    expect(matchesSearch(found, 'cs_test_abc')).toBe(true);
    expect(matchesSearch(found, 'someone@else.com')).toBe(false);
    expect(matchesSearch(found, '  ')).toBe(false);
    expect(matchesSearch(found, 'ex')).toBe(false);
  });
});
