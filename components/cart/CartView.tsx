'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import type { CatalogItem } from '@/lib/services/catalog/catalog';
import { MAX_QUANTITY, MIN_QUANTITY } from '@/lib/domain/cart/cart-limits';
import type { CartLine } from '@/lib/domain/cart/cart-lines';
import type { CartNotice } from '@/lib/domain/cart/cart-restore';
import { formatMoney } from '@/lib/domain/money';
import { useCart } from './CartProvider';

export interface DeliveryWindowOption {
  value: string;
  label: string;
}

interface CartViewProps {
  catalog: CatalogItem[];
  earliestDeliveryDate: string;
  /** The earliest date in words, for the hint. */
  earliestDeliveryLabel: string;
  latestDeliveryDate: string;
  deliveryWindows: DeliveryWindowOption[];
  /** The windows still outside the lead time on the earliest date (every window is open on later dates). */
  earliestDateWindows: string[];
  leadTimeHours: number;
  /** Why the customer was sent back here (a failed or expired payment). */
  notice: CartNotice | null;
  /** Lines from a "try again" link: they fill the cart only if it is empty (e.g. on another device). */
  restoreLines: CartLine[];
}

const NOTICES: Record<CartNotice, string> = {
  payment_failed:
    'Your last payment did not go through and nothing was charged. Your cart is just as you left it: choose a delivery date and try again with another card or account.',
  expired: 'Your checkout expired before you paid, so nothing was charged. Your cart is just as you left it: try again when you are ready.',
  date_full: 'The date you chose filled up before your payment was confirmed, so we refunded it in full. Your cart is as it was: choose another delivery date.',
};

interface ApiError {
  error?: { message?: string };
}

export function CartView(props: CartViewProps) {
  const { catalog, earliestDeliveryDate, earliestDeliveryLabel, latestDeliveryDate, notice, restoreLines } = props;
  const [deliveryDate, setDeliveryDate] = useState('');
  // On the earliest date only the windows outside the lead time are offered; the server checks again.
  const deliveryWindows =
    deliveryDate === earliestDeliveryDate ? props.deliveryWindows.filter((option) => props.earliestDateWindows.includes(option.value)) : props.deliveryWindows;
  const { lines, ready, setQuantity, remove, add } = useCart();
  const [chosenWindow, setDeliveryWindow] = useState(deliveryWindows[1]?.value ?? deliveryWindows[0]?.value ?? '');
  const deliveryWindow = deliveryWindows.some((option) => option.value === chosenWindow) ? chosenWindow : (deliveryWindows[0]?.value ?? '');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const byPrice = new Map(catalog.map((item) => [item.priceId, item]));
  const rows = lines.map((line) => ({ line, item: byPrice.get(line.priceId) }));
  const unavailable = rows.filter((row) => !row.item);
  const currency = rows.find((row) => row.item)?.item?.currency ?? 'usd';
  const subtotal = rows.reduce((sum, row) => sum + (row.item ? row.item.unitAmount * row.line.quantity : 0), 0);

  // A "try again" link fills an empty cart (another device, cleared storage) and then leaves the URL,
  // so emptying the cart later does not bring the lines back. An intact cart is never overwritten.
  useEffect(() => {
    if (!ready || restoreLines.length === 0) return;
    if (lines.length === 0) for (const line of restoreLines) add(line.priceId, line.quantity);
    router.replace(notice ? `/cart?notice=${notice}` : '/cart', { scroll: false });
  }, [ready, restoreLines, lines.length, add, router, notice]);

  async function checkout(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setSubmitting(true);
    try {
      const response = await fetch('/api/checkout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ lines, deliveryDate, deliveryWindow }),
      });
      const body = (await response.json().catch(() => ({}))) as ApiError & { url?: string };
      if (response.ok && body.url) {
        window.location.assign(body.url);
        return;
      }
      setError(body.error?.message ?? 'Something went wrong starting checkout. Please try again.');
    } catch {
      setError('We could not reach the shop. Check your connection and try again.');
    }
    setSubmitting(false);
  }

  const noticeBanner = notice ? (
    <p className="alert info" role="status" data-testid="cart-notice">
      {NOTICES[notice]}
    </p>
  ) : null;

  if (!ready || (restoreLines.length > 0 && lines.length === 0)) {
    return <p aria-busy="true">Loading your cart…</p>;
  }

  if (lines.length === 0) {
    return (
      <div className="panel empty-state">
        {noticeBanner}
        <h2>Your cart is empty</h2>
        <p>Browse our catering packages and add something delicious.</p>
        <Link href="/" className="button">
          See the menu
        </Link>
      </div>
    );
  }

  return (
    <>
    {noticeBanner}
    <div className="cart-layout">
      <section className="panel" aria-labelledby="cart-items-heading">
        <h2 id="cart-items-heading">Items</h2>
        <ul className="cart-lines">
          {rows.map(({ line, item }) => (
            <li key={line.priceId} className="cart-line" data-testid="cart-line">
              {item?.image ? (
                // eslint-disable-next-line @next/next/no-img-element -- product art comes from Stripe as a URL
                <img src={item.image} alt="" width={88} height={66} />
              ) : (
                <span />
              )}
              <div>
                <h2>{item?.name ?? 'No longer available'}</h2>
                <div className="controls">
                  {item ? (
                    <div className="quantity" role="group" aria-label={`Quantity of ${item.name}`}>
                      <button
                        type="button"
                        aria-label={`Decrease quantity of ${item.name}`}
                        disabled={line.quantity <= MIN_QUANTITY}
                        onClick={() => setQuantity(line.priceId, line.quantity - 1)}
                      >
                        −
                      </button>
                      <input
                        type="number"
                        inputMode="numeric"
                        min={MIN_QUANTITY}
                        max={MAX_QUANTITY}
                        value={line.quantity}
                        aria-label={`Quantity of ${item.name}`}
                        onChange={(event) => setQuantity(line.priceId, Number(event.target.value))}
                      />
                      <button
                        type="button"
                        aria-label={`Increase quantity of ${item.name}`}
                        disabled={line.quantity >= MAX_QUANTITY}
                        onClick={() => setQuantity(line.priceId, line.quantity + 1)}
                      >
                        +
                      </button>
                    </div>
                  ) : null}
                  <button type="button" className="link-button" onClick={() => remove(line.priceId)}>
                    Remove<span className="visually-hidden"> {item?.name ?? 'unavailable item'}</span>
                  </button>
                </div>
              </div>
              <span className="line-total">{item ? formatMoney(item.unitAmount * line.quantity, item.currency) : '—'}</span>
            </li>
          ))}
        </ul>
      </section>

      <aside className="panel" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Order summary</h2>
        <div className="summary-row total">
          <span>Subtotal</span>
          <span data-testid="cart-subtotal">{formatMoney(subtotal, currency)}</span>
        </div>
        <p className="hint">Delivery address and payment are collected securely by Stripe.</p>
        <form onSubmit={checkout} noValidate>
          <div className="field">
            <label htmlFor="delivery-date">Delivery date</label>
            <input
              id="delivery-date"
              name="deliveryDate"
              type="date"
              required
              min={earliestDeliveryDate}
              max={latestDeliveryDate}
              value={deliveryDate}
              onChange={(event) => setDeliveryDate(event.target.value)}
              aria-describedby="delivery-date-hint"
            />
            <span id="delivery-date-hint" className="hint">
              We need {props.leadTimeHours} hours&apos; notice: {earliestDeliveryLabel} or later.
            </span>
          </div>
          <div className="field">
            <label htmlFor="delivery-window">Delivery time</label>
            <select id="delivery-window" name="deliveryWindow" value={deliveryWindow} onChange={(event) => setDeliveryWindow(event.target.value)}>
              {deliveryWindows.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
          {unavailable.length > 0 ? (
            <p className="alert error">Remove the packages that are no longer available to continue.</p>
          ) : null}
          {error ? (
            <p className="alert error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button large" disabled={submitting || unavailable.length > 0}>
            {submitting ? 'Redirecting to payment…' : 'Checkout'}
          </button>
        </form>
      </aside>
    </div>
    </>
  );
}
