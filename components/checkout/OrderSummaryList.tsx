import type { OrderItem } from '@/lib/orders/order';
import { formatMoney } from '@/lib/money';

export function OrderSummaryList({ items, amountTotal, currency }: { items: OrderItem[]; amountTotal: number | null; currency: string | null }) {
  const code = currency ?? 'usd';
  return (
    <>
      <ul className="order-items" aria-label="Items in your order">
        {items.map((item) => (
          <li key={`${item.priceId ?? item.name}`}>
            <span>
              {item.quantity} × {item.name}
            </span>
            <span>{formatMoney(item.amountTotal, code)}</span>
          </li>
        ))}
      </ul>
      {amountTotal != null ? (
        <p className="summary-row total">
          <span>Total paid</span>
          <span>{formatMoney(amountTotal, code)}</span>
        </p>
      ) : null}
    </>
  );
}
