import { describe, expect, it } from 'vitest';
import { kitchenOrders } from '@/lib/domain/kitchen/kitchen-listing';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { recordOrder } from '../contracts/store-contract-support';
import { paidFact } from '../support/kitchen-orders';
import { sessionSnapshot } from '../support/order-facts';

describe('the kitchen orders page', () => {
  async function storeWithOrders() {
    const store = SqliteOrderStore.open(':memory:');
    await recordOrder(store, 'evt_paid', 'cs_test_paid', paidFact({ sessionId: 'cs_test_paid', deliveryDate: '2030-01-15', customer: { email: 'ada@example.com', name: 'Ada' } }));
    const abandoned = sessionSnapshot({ sessionId: 'cs_test_gone', deliveryDate: '2030-01-15', customer: { email: 'ada@example.com', name: 'Ada' } });
    await recordOrder(store, 'evt_gone', 'cs_test_gone', { kind: 'checkout_expired', session: abandoned });
    return store;
  }

  it('shows the days’ deliveries worth planning for, without abandoned sessions', async () => {
    const store = await storeWithOrders();
    expect((await kitchenOrders(store, '', { from: '2030-01-15', to: '2030-01-15' })).map((order) => order.id)).toEqual(['cs_test_paid']);
    expect(await kitchenOrders(store, '', { from: '2030-01-16', to: '2030-01-20' })).toEqual([]);
  });

  it('searches every order, whatever its state or day, when staff search', async () => {
    const store = await storeWithOrders();
    const found = await kitchenOrders(store, 'ada@example', { from: '2030-02-01', to: '2030-02-01' });
    expect(found.map((order) => order.id).sort()).toEqual(['cs_test_gone', 'cs_test_paid']);
  });
});
