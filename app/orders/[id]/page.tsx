import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/require-user';
import { getServices } from '@/lib/composition';
import { formatMoney } from '@/lib/money';
import { getCustomerOrder, STATUS_LABELS } from '@/lib/orders/customer-orders';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Order details', robots: { index: false } };

interface OrderPageProps {
  params: Promise<{ id: string }>;
}

function when(seconds: number): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(seconds * 1000));
}

export default async function OrderPage({ params }: OrderPageProps) {
  const { id } = await params;
  const user = await requireUser(`/orders/${encodeURIComponent(id)}`);
  const order = await getCustomerOrder(getServices().store, user, id);
  if (!order) notFound();
  const currency = order.currency ?? 'usd';
  const address = order.shipping?.address;
  return (
    <article className="order-detail">
      <p>
        <Link href="/orders">← All orders</Link>
      </p>
      <h1>Order details</h1>
      <p>
        <span className={`status-pill status-${order.status}`} data-testid="order-status">
          {STATUS_LABELS[order.status]}
        </span>
      </p>
      <div className="order-grid">
        <section className="panel" aria-labelledby="items-heading">
          <h2 id="items-heading">Items</h2>
          <table className="orders-table">
            <thead>
              <tr>
                <th scope="col">Package</th>
                <th scope="col">Quantity</th>
                <th scope="col">Unit price</th>
                <th scope="col">Line total</th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((item) => (
                <tr key={item.priceId ?? item.name} data-testid="order-item">
                  <td>{item.name}</td>
                  <td>{item.quantity}</td>
                  <td>{formatMoney(item.unitAmount, currency)}</td>
                  <td>{formatMoney(item.amountTotal, currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  Total ({currency.toUpperCase()})
                </th>
                <td data-testid="order-total">{order.amountTotal != null ? formatMoney(order.amountTotal, currency) : '—'}</td>
              </tr>
              {order.amountRefunded > 0 ? (
                <tr>
                  <th scope="row" colSpan={3}>
                    Refunded
                  </th>
                  <td>{formatMoney(order.amountRefunded, currency)}</td>
                </tr>
              ) : null}
            </tfoot>
          </table>
        </section>
        <aside className="panel" aria-label="Delivery">
          <h2>Delivery</h2>
          <p>
            <strong>Date:</strong> {order.deliveryDate ?? '—'}
          </p>
          {address ? (
            <address>
              {order.shipping?.name}
              <br />
              {address.line1}
              {address.line2 ? (
                <>
                  <br />
                  {address.line2}
                </>
              ) : null}
              <br />
              {[address.city, address.state, address.postalCode].filter(Boolean).join(', ')}
              <br />
              {address.country}
            </address>
          ) : null}
          <h2>Timeline</h2>
          <ol className="timeline">
            {order.history.map((change) => (
              <li key={`${change.status}-${change.eventId}`}>
                <strong>{STATUS_LABELS[change.status]}</strong> <time dateTime={new Date(change.at * 1000).toISOString()}>{when(change.at)}</time>
              </li>
            ))}
          </ol>
        </aside>
      </div>
    </article>
  );
}
