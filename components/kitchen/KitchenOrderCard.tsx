import './fulfilment.css';
import { addressLine } from '@/lib/domain/format/address';
import type { ShopTimeFormatter } from '@/lib/domain/format/shop-time';
import { allowedNext, FULFILMENT_LABELS, fulfilmentOf } from '@/lib/domain/kitchen/fulfilment';
import { formatMoney } from '@/lib/domain/money';
import { STATUS_LABELS } from '@/lib/domain/orders/customer-orders';
import { totalServings, type Order } from '@/lib/domain/orders/order';
import { orderNumberOf } from '@/lib/domain/orders/order-number';

const MOVE_LABELS = { preparing: 'Start preparing', out_for_delivery: 'Out for delivery', delivered: 'Delivered', cancelled: 'Cancel and refund', received: 'Received' } as const;

/** One order as the kitchen needs it: what, for how many, for whom, where, when, and what to do next. */
export function KitchenOrderCard({ order, format, returnTo }: { order: Order; format: ShopTimeFormatter; returnTo: string }) {
  const number = orderNumberOf(order);
  const fulfilment = fulfilmentOf(order);
  const servings = totalServings(order.items);
  return (
    <article className="panel kitchen-order" data-testid="kitchen-order" aria-labelledby={`order-${order.id}`}>
      <header className="kitchen-order-head">
        <h2 id={`order-${order.id}`}>
          <span data-testid="kitchen-order-number">{number}</span>
          <span className="hint">
            {' '}
            · {order.deliveryDate ? format.deliveryDateShort(order.deliveryDate) : 'no date'} ·{' '}
            {order.deliveryWindow ? format.deliveryWindow(order.deliveryWindow) : 'time to agree'}
          </span>
        </h2>
        <p>
          <span className={`status-pill status-${order.status}`}>{STATUS_LABELS[order.status]}</span>{' '}
          <span className={`status-pill fulfilment-${fulfilment.status}`} data-testid="fulfilment-status">
            {FULFILMENT_LABELS[fulfilment.status]}
          </span>
        </p>
      </header>
      <div className="kitchen-order-body">
        <ul className="kitchen-items">
          {order.items.map((item) => (
            <li key={item.priceId ?? item.name}>
              <strong>{item.quantity} ×</strong> {item.name}
              {item.serves ? <span className="hint"> (serves {item.serves} each)</span> : null}
            </li>
          ))}
          {servings ? <li className="hint">Serves about {servings} in all</li> : null}
        </ul>
        <dl className="kitchen-facts">
          <dt>Customer</dt>
          <dd>
            {order.customer?.name ?? '—'} · {order.customer?.email ?? '—'}
          </dd>
          <dt>Phone</dt>
          <dd>{order.phone ?? '—'}</dd>
          <dt>Deliver to</dt>
          <dd>{[order.shipping?.name, addressLine(order.shipping?.address)].filter(Boolean).join(', ') || '—'}</dd>
          {order.notes ? (
            <>
              <dt>Notes</dt>
              <dd data-testid="order-notes">{order.notes}</dd>
            </>
          ) : null}
          {order.dietaryRequirements ? (
            <>
              <dt>Dietary</dt>
              <dd data-testid="order-dietary">{order.dietaryRequirements}</dd>
            </>
          ) : null}
          <dt>Total</dt>
          <dd>{order.amountTotal != null ? formatMoney(order.amountTotal, order.currency ?? 'usd') : '—'}</dd>
        </dl>
      </div>
      {allowedNext(fulfilment.status).length > 0 ? (
        <div className="kitchen-actions no-print">
          {allowedNext(fulfilment.status).map((to) => (
            <form key={to} method="post" action={`/admin/orders/${encodeURIComponent(order.id)}/fulfilment`}>
              <input type="hidden" name="to" value={to} />
              <input type="hidden" name="version" value={fulfilment.version} />
              <input type="hidden" name="returnTo" value={returnTo} />
              <button type="submit" className={to === 'cancelled' ? 'link-button' : 'button'} aria-label={`${MOVE_LABELS[to]}: ${number}`}>
                {MOVE_LABELS[to]}
              </button>
            </form>
          ))}
        </div>
      ) : null}
      {fulfilment.history.length > 0 ? (
        <p className="hint">
          {fulfilment.history.map((change) => `${FULFILMENT_LABELS[change.status]} by ${change.by}, ${format.dateTime(Date.parse(change.at) / 1000)}`).join(' · ')}
        </p>
      ) : null}
    </article>
  );
}
