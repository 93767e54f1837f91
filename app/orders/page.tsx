import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/lib/auth/require-user';
import { getServices } from '@/lib/composition';
import { formatMoney } from '@/lib/money';
import { listCustomerOrders, STATUS_LABELS } from '@/lib/orders/customer-orders';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your orders', robots: { index: false } };

function orderDate(seconds: number | null): string {
  return seconds ? new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(seconds * 1000)) : '—';
}

export default async function OrdersPage() {
  const user = await requireUser('/orders');
  const orders = await listCustomerOrders(getServices().store, user);
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
        <div className="panel">
          <table className="orders-table">
            <caption className="visually-hidden">Your orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order date</th>
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
                  <td>{orderDate(order.sessionCreated)}</td>
                  <td>{order.items.reduce((sum, item) => sum + item.quantity, 0)}</td>
                  <td>{order.amountTotal != null ? formatMoney(order.amountTotal, order.currency ?? 'usd') : '—'}</td>
                  <td>
                    <span className={`status-pill status-${order.status}`}>{STATUS_LABELS[order.status]}</span>
                  </td>
                  <td>
                    <Link href={`/orders/${order.id}`}>View order</Link>
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
