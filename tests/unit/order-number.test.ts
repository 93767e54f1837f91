import { describe, expect, it } from 'vitest';
import { isOrderNumber, orderNumberFor, orderNumberOf } from '@/lib/domain/orders/order-number';
import { applyFact } from '@/lib/domain/orders/order-state';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { completedPaid, sessionSnapshot } from '../support/order-facts';

describe('order numbers', () => {
  it('are short, readable and the same for the same order every time', () => {
    const number = orderNumberFor('cs_test_a1b2c3');
    expect(isOrderNumber(number)).toBe(true);
    expect(number).toMatch(/^HT-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(orderNumberFor('cs_test_a1b2c3')).toBe(number);
    expect(orderNumberFor('cs_test_a1b2c4')).not.toBe(number);
    expect(orderNumberFor('cs_test_a1b2c3', 1)).not.toBe(number);
  });

  it('are given to an order when it is first recorded, and an older order without one still shows one', () => {
    const order = applyFact(null, completedPaid, { eventId: 'evt_1', created: 100 });
    expect(order.orderNumber).toBe(orderNumberFor('cs_test_order1'));
    expect(orderNumberOf({ ...order, orderNumber: undefined })).toBe(orderNumberFor('cs_test_order1'));
  });

  it('stay unique in the SQLite store: an order whose number is taken gets the next attempt, and keeps it', async () => {
    const store = SqliteOrderStore.open(':memory:');
    const event = (id: string) => ({ id, type: 'checkout.session.completed', objectId: null, apiVersion: null, created: 100, receivedAt: '2030-01-01T00:00:00Z' });
    const fact = (sessionId: string) => ({ kind: 'checkout_completed' as const, paid: true, session: sessionSnapshot({ sessionId }) });
    await store.applyEvent(event('evt_a'), { orderId: 'cs_test_a', apply: (current) => applyFact(current, fact('cs_test_a'), { eventId: 'evt_a', created: 100 }) }, '2030-01-01T00:00:00Z');
    const first = await store.getOrder('cs_test_a');
    // Force a collision: the second order derives the very number the first one holds.
    await store.applyEvent(
      event('evt_b'),
      { orderId: 'cs_test_b', apply: (current) => ({ ...applyFact(current, fact('cs_test_b'), { eventId: 'evt_b', created: 100 }), orderNumber: first!.orderNumber }) },
      '2030-01-01T00:00:00Z',
    );
    const second = await store.getOrder('cs_test_b');
    expect(second?.orderNumber).toBe(orderNumberFor('cs_test_b', 1));
    // A later event about the second order keeps the number it was given.
    await store.applyEvent(event('evt_c'), { orderId: 'cs_test_b', apply: (current) => applyFact(current, fact('cs_test_b'), { eventId: 'evt_c', created: 101 }) }, '2030-01-01T00:00:01Z');
    expect((await store.getOrder('cs_test_b'))?.orderNumber).toBe(orderNumberFor('cs_test_b', 1));
    await store.close();
  });
});
