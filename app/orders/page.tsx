import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable } from '@/components/tables/DataTable';
import { requireUser } from '@/app/_server/require-user';
import { getServices } from '@/lib/composition';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';
import { formatMoney } from '@/lib/domain/money';
import { listCustomerOrders, STATUS_LABELS } from '@/lib/domain/orders/customer-orders';
import { orderNumberOf } from '@/lib/domain/orders/order-number';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your orders', robots: { index: false } };

const ORDER_COLUMNS = [
  { label: 'Order' },
  { label: 'Delivery' },
  { label: 'Ordered' },
  { label: 'Items' },
  { label: 'Total' },
  { label: 'Status' },
  { label: 'Details', hidden: true },
];

export default async function OrdersPage() {
  const user = await requireUser('/orders');
  const { store, config } = getServices();
  const orders = await listCustomerOrders(store, user);
  const format = shopTimeFormatter(config.shopTimeZone);
  return (
    <>
      <h1>Your orders</h1>
      {orders.length === 0 ? (
        <div className="panel empty-state">
          <h2>No orders yet</h2>
          <p>When you order catering, it will show up here.</p>
          <Link href="/" className="button">
            Browse the menu
          </Link>
        </div>
      ) : (
        <DataTable region={{ label: 'Your orders' }} caption={<caption className="visually-hidden">Your orders, newest first</caption>} columns={ORDER_COLUMNS}>
          {orders.map((order) => (
            <tr key={order.id} data-testid="order-row">
              <td data-testid="order-number">{orderNumberOf(order)}</td>
              <td data-testid="order-delivery">{order.deliveryDate ? format.deliveryDateShort(order.deliveryDate) : '—'}</td>
              <td>{order.sessionCreated ? format.date(order.sessionCreated) : '—'}</td>
              <td>{order.items.reduce((sum, item) => sum + item.quantity, 0)}</td>
              <td>{order.amountTotal != null ? formatMoney(order.amountTotal, order.currency ?? 'usd') : '—'}</td>
              <td>
                <span className={`status-pill status-${order.status}`}>{STATUS_LABELS[order.status]}</span>
              </td>
              <td>
                <Link href={`/orders/${order.id}`} className="tap-link" aria-label={`View order ${orderNumberOf(order)}`}>
                  View order
                </Link>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
