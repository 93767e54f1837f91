import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 string, same alphabet as Stripe ids. */
export function randomId(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 62];
  return out;
}

export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomId(length)}`;
}

/** Checkout session ids are long in real Stripe (`cs_test_a1…`). */
export function newSessionId(): string {
  return `cs_test_a1${randomId(56)}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
