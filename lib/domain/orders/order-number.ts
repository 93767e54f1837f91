import { createHash } from 'node:crypto';

/**
 * The short reference a customer reads out on the phone ("HT-7K3Q9C"), shown everywhere instead
 * of the Checkout Session id, which stays internal. It is derived from the session id, so every
 * event, page and email agrees on it without asking Stripe; a store that finds it taken by another
 * order asks for the next attempt.
 */
export const ORDER_NUMBER_PREFIX = 'HT-';
const LENGTH = 6;
// Crockford's base32: no I, L, O or U, so nothing is misread as 1, 0 or V.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PATTERN = new RegExp(`^${ORDER_NUMBER_PREFIX}[${ALPHABET}]{${LENGTH}}$`);

export function orderNumberFor(orderId: string, attempt = 0): string {
  const digest = createHash('sha256').update(attempt === 0 ? orderId : `${orderId}#${attempt}`).digest();
  let code = '';
  for (let index = 0; index < LENGTH; index++) code += ALPHABET[digest[index]! % ALPHABET.length];
  return `${ORDER_NUMBER_PREFIX}${code}`;
}

export function isOrderNumber(value: unknown): value is string {
  return typeof value === 'string' && PATTERN.test(value);
}

/** The order's stored number, or the derived one for an order recorded before numbers existed. */
export function orderNumberOf(order: { id: string; orderNumber?: string | null }): string {
  return order.orderNumber ?? orderNumberFor(order.id);
}
