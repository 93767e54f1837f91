import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random bytes drawn 4 KiB at a time: a request makes several ids, and each crypto call has a fixed cost. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function takeRandom(length: number): Buffer {
  if (offset + length > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, length));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + length);
  offset += length;
  return bytes;
}

/** Random base62 string, same alphabet as Stripe ids. */
export function randomId(length: number): string {
  const bytes = takeRandom(length);
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
