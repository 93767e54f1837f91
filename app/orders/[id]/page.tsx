import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { FulfilmentProgress } from '@/components/kitchen/FulfilmentProgress';
import { OrderHelp } from '@/components/orders/OrderHelp';
import { OrderNotes } from '@/components/orders/OrderNotes';
import { DataTable } from '@/components/tables/DataTable';
import { requireUser } from '@/app/_server/require-user';
import { getServices } from '@/lib/composition';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';
import { formatMoney } from '@/lib/domain/money';
import { getCustomerOrder, STATUS_LABELS } from '@/lib/domain/orders/customer-orders';
import { totalServings } from '@/lib/domain/orders/order';
import { orderNumberOf } from '@/lib/domain/orders/order-number';
import { getShopDetails } from '@/lib/config/shop';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Order details', robots: { index: false } };

const ITEM_COLUMNS = [{ label: 'Package' }, { label: 'Qty' }, { label: 'Unit price' }, { label: 'Line total' }];

interface OrderPageProps {
  params: Promise<{ id: string }>;
}

export default async function OrderPage({ params }: OrderPageProps) {
  const { id } = await params;
  const user = await requireUser(`/orders/${encodeURIComponent(id)}`);
  const { store, config } = getServices();
  const order = await getCustomerOrder(store, user, id);
  if (!order) notFound();
  const shop = getShopDetails();
  const format = shopTimeFormatter(config.shopTimeZone);
  const currency = order.currency ?? 'usd';
  const address = order.shipping?.address;
  const orderNumber = orderNumberOf(order);
  const servings = totalServings(order.items);
  return (
    <article className="order-detail">
      <p>
        <Link href="/orders" className="tap-link">
          ← All orders
        </Link>
      </p>
      <h1>
        Order <span data-testid="order-number">{orderNumber}</span>
      </h1>
      <p>
        <span className={`status-pill status-${order.status}`} data-testid="order-status">
          {STATUS_LABELS[order.status]}
        </span>
      </p>
      <div className="order-grid">
        <section className="panel" aria-labelledby="items-heading">
          <h2 id="items-heading">Items</h2>
          <DataTable
            region={{ labelledBy: 'items-heading' }}
            panel={false}
            columns={ITEM_COLUMNS}
            footer={
              <>
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
              </>
            }
          >
            {order.items.map((item) => (
              <tr key={item.priceId ?? item.name} data-testid="order-item">
                <td>
                  {item.name}
                  {item.serves ? <span className="hint"> · serves {item.serves}</span> : null}
                </td>
                <td>{item.quantity}</td>
                <td>{formatMoney(item.unitAmount, currency)}</td>
                <td>{formatMoney(item.amountTotal, currency)}</td>
              </tr>
            ))}
          </DataTable>
          {servings ? <p className="hint">Serves about {servings} people in all.</p> : null}
        </section>
        <aside className="panel" aria-label="Delivery">
          <h2>Delivery</h2>
          <p>
            <strong>Date:</strong> <span data-testid="delivery-date">{order.deliveryDate ? format.deliveryDate(order.deliveryDate) : '—'}</span>
          </p>
          <p>
            <strong>Time:</strong> {order.deliveryWindow ? format.deliveryWindow(order.deliveryWindow) : 'We will call to agree a time'}
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
          <FulfilmentProgress order={order} format={format} />
          <OrderNotes order={order} />
          <h2>Timeline</h2>
          <ol className="timeline">
            {order.history.map((change) => (
              <li key={`${change.status}-${change.eventId}`}>
                <strong>{STATUS_LABELS[change.status]}</strong> <time dateTime={new Date(change.at * 1000).toISOString()}>{format.dateTime(change.at)}</time>
              </li>
            ))}
          </ol>
          <h2>Questions or changes?</h2>
          <OrderHelp shop={shop} orderNumber={orderNumber} />
        </aside>
      </div>
    </article>
  );
}
