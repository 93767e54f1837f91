import { describe, expect, it } from 'vitest';
import type { SignedInUser } from '@/lib/domain/auth/signed-in-user';
import { getCustomerOrder } from '@/lib/domain/orders/customer-orders';
import type { Order } from '@/lib/domain/orders/order';

const ada: SignedInUser = { sub: 's1', username: 's1', email: 'ada@example.com', emailVerified: true, owner: 's1::s1' };

/** A store that has an order of Ada's under every id, so only the id check can turn a lookup away. */
const everyIdIsAdas = {
  getOrder: async (id: string): Promise<Order | null> => ({ id, owner: ada.owner }) as Order,
};

describe('which order ids a customer may look up', () => {
  it('finds plan delivery orders by their invoice id', async () => {
    expect(await getCustomerOrder(everyIdIsAdas, ada, 'in_1QxYz2AbC')).toMatchObject({ id: 'in_1QxYz2AbC' });
    expect(await getCustomerOrder(everyIdIsAdas, ada, `in_${'a'.repeat(200)}`)).not.toBeNull();
  });

  it.each([
    ['something before the prefix', 'xin_1QxYz2'],
    ['something after the id', 'in_1QxYz2/../../admin'],
    ['an id that is too long', `in_${'a'.repeat(201)}`],
    ['the bare prefix', 'in_'],
  ])('turns away an invoice-like id with %s', async (_case, id) => {
    expect(await getCustomerOrder(everyIdIsAdas, ada, id)).toBeNull();
  });
});
