import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/lib/auth/require-user';
import { getServices } from '@/lib/composition';
import { shopTimeFormatter } from '@/lib/format/shop-time';
import { formatMoney } from '@/lib/money';
import { listCustomerOrders, STATUS_LABELS } from '@/lib/orders/customer-orders';
import { orderNumberOf } from '@/lib/orders/order-number';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your orders', robots: { index: false } };

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
        <div className="panel table-scroll" role="region" aria-label="Your orders" tabIndex={0}>
          <table className="orders-table">
            <caption className="visually-hidden">Your orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Delivery</th>
                <th scope="col">Ordered</th>
                <th scope="col">Items</th>
                <th scope="col">Total</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
