import { addressLine } from '../format/address';
import { shopTimeFormatter } from '../format/shop-time';
import { formatMoney } from '../money';
import type { Order } from '../orders/order';
import { totalServings } from '../orders/order';
import { orderNumberOf } from '../orders/order-number';
import { toCsv } from './csv';
import { FULFILMENT_LABELS, fulfilmentOf } from './fulfilment';
import { isKitchenRelevant } from './kitchen-orders';

const HEADER = [
  'Order',
  'Delivery date',
  'Window',
  'Customer',
  'Email',
  'Phone',
  'Deliver to',
  'Address',
  'Items',
  'Servings',
  'Notes',
  'Dietary requirements',
  'Payment',
  'Fulfilment',
  'Total',
] as const;

/** A day's deliveries for the driver's sheet or another system, one row per order, in delivery order. */
export function deliveriesCsv(orders: readonly Order[], timeZone: string): string {
  const format = shopTimeFormatter(timeZone);
  const rows = orders.filter(isKitchenRelevant).map((order) => [
    orderNumberOf(order),
    order.deliveryDate,
    order.deliveryWindow ? format.deliveryWindow(order.deliveryWindow) : null,
    order.customer?.name,
    order.customer?.email,
    order.phone,
    order.shipping?.name,
    addressLine(order.shipping?.address),
    order.items.map((item) => `${item.quantity} x ${item.name}`).join('; '),
    totalServings(order.items),
    order.notes,
    order.dietaryRequirements,
    order.status,
    FULFILMENT_LABELS[fulfilmentOf(order).status],
    order.amountTotal != null ? formatMoney(order.amountTotal, order.currency ?? 'usd') : null,
  ]);
  return toCsv([HEADER, ...rows]);
}
