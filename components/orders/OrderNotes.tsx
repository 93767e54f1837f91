import type { Order } from '@/lib/domain/orders/order';

/** The buyer's own words from the hosted Checkout page: notes and dietary requirements, when given. */
export function OrderNotes({ order }: { order: Pick<Order, 'notes' | 'dietaryRequirements'> }) {
  if (!order.notes && !order.dietaryRequirements) return null;
  return (
    <dl className="order-notes">
      {order.notes ? (
        <>
          <dt>Order notes</dt>
          <dd data-testid="order-notes">{order.notes}</dd>
        </>
      ) : null}
      {order.dietaryRequirements ? (
        <>
          <dt>Dietary requirements</dt>
          <dd data-testid="order-dietary">{order.dietaryRequirements}</dd>
        </>
      ) : null}
    </dl>
  );
}
