import { parseStoredCart, type CartLine } from './cart-lines';

/** Why the customer is sent back to the cart: shown as a message above it. */
export type CartNotice = 'payment_failed' | 'expired' | 'date_full';

export function isCartNotice(value: unknown): value is CartNotice {
  return value === 'payment_failed' || value === 'expired' || value === 'date_full';
}

/**
 * A link back to the cart that carries the order's lines (price ids and quantities, nothing secret),
 * so a customer who opens it on another device still finds their cart and can retry.
 */
export function restoreCartPath(items: readonly { priceId: string | null; quantity: number }[], notice: CartNotice): string {
  const lines: CartLine[] = items.flatMap((item) => (item.priceId ? [{ priceId: item.priceId, quantity: item.quantity }] : []));
  const params = new URLSearchParams({ notice });
  if (lines.length > 0) params.set('restore', JSON.stringify(lines));
  return `/cart?${params.toString()}`;
}

/** The lines a restore link carries; anything malformed is dropped, as with a saved cart. */
export function linesFromRestoreParam(value: string | null | undefined): CartLine[] {
  return parseStoredCart(value ?? null);
}
