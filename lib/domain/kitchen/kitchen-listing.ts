import type { Order } from '../orders/order';
import type { OrderRepository } from '../orders/order-repository';
import { isKitchenRelevant } from './kitchen-orders';

/** The kitchen's orders page: the staff search when there is a term, otherwise the days' deliveries worth showing. */
export async function kitchenOrders(
  store: Pick<OrderRepository, 'searchOrders' | 'listOrdersByDeliveryDate'>,
  query: string,
  range: { from: string; to: string },
): Promise<Order[]> {
  if (query) return store.searchOrders(query);
  return (await store.listOrdersByDeliveryDate(range.from, range.to)).filter(isKitchenRelevant);
}
