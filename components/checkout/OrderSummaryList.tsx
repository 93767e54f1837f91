import type { OrderItem } from '@/lib/domain/orders/order';
import { totalServings } from '@/lib/domain/orders/order';
import { formatMoney } from '@/lib/domain/money';

interface OrderSummaryListProps {
  items: OrderItem[];
  amountTotal: number | null;
  currency: string | null;
  /** "Total paid" only once the payment is confirmed; otherwise the amount is still due. */
  paid: boolean;
}

export function OrderSummaryList({ items, amountTotal, currency, paid }: OrderSummaryListProps) {
  const code = currency ?? 'usd';
  const servings = totalServings(items);
  return (
    <>
      <ul className="order-items" aria-label="Items in your order">
        {items.map((item) => (
          <li key={`${item.priceId ?? item.name}`}>
            <span>
              {item.quantity} × {item.name}
              {item.serves ? <span className="hint"> · serves {item.serves} each</span> : null}
            </span>
            <span>{formatMoney(item.amountTotal, code)}</span>
          </li>
        ))}
      </ul>
      {servings ? <p className="hint">Serves about {servings} people in all.</p> : null}
      {amountTotal != null ? (
        <p className="summary-row total">
          <span>{paid ? 'Total paid' : 'Total due'}</span>
          <span data-testid="confirmation-total">{formatMoney(amountTotal, code)}</span>
        </p>
      ) : null}
    </>
  );
}
