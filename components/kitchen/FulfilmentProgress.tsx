import './fulfilment.css';
import type { ShopTimeFormatter } from '@/lib/domain/format/shop-time';
import { FULFILMENT_LABELS, fulfilmentOf } from '@/lib/domain/kitchen/fulfilment';
import { isPlanned } from '@/lib/domain/kitchen/kitchen-orders';
import type { Order } from '@/lib/domain/orders/order';

/** The customer's view of the kitchen's progress: the status and when each step happened (not who made it). */
export function FulfilmentProgress({ order, format }: { order: Order; format: ShopTimeFormatter }) {
  // A refunded or unpaid order the kitchen never touched has no delivery to follow.
  if (!order.fulfilment && !isPlanned(order)) return null;
  const fulfilment = fulfilmentOf(order);
  return (
    <>
      <h2>Your delivery</h2>
      <p>
        <span className={`status-pill fulfilment-${fulfilment.status}`} data-testid="fulfilment-status">
          {FULFILMENT_LABELS[fulfilment.status]}
        </span>
      </p>
      {fulfilment.history.length > 0 ? (
        <ol className="timeline" data-testid="fulfilment-timeline">
          {fulfilment.history.map((change) => (
            <li key={`${change.status}-${change.at}`}>
              <strong>{FULFILMENT_LABELS[change.status]}</strong> <time dateTime={change.at}>{format.dateTime(Date.parse(change.at) / 1000)}</time>
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}
