import { MAX_CART_LINES, MAX_QUANTITY, MIN_QUANTITY } from './cart-limits';

/** What the browser keeps: only price ids and quantities. Names and amounts always come from the catalog. */
export interface CartLine {
  priceId: string;
  quantity: number;
}

export function clampQuantity(quantity: number): number {
  if (!Number.isFinite(quantity)) return MIN_QUANTITY;
  return Math.min(MAX_QUANTITY, Math.max(MIN_QUANTITY, Math.trunc(quantity)));
}

export function addLine(lines: readonly CartLine[], priceId: string, quantity = 1): CartLine[] {
  const existing = lines.find((line) => line.priceId === priceId);
  if (existing) {
    return lines.map((line) =>
      line.priceId === priceId ? { ...line, quantity: clampQuantity(line.quantity + quantity) } : line,
    );
  }
  if (lines.length >= MAX_CART_LINES) return [...lines];
  return [...lines, { priceId, quantity: clampQuantity(quantity) }];
}

export function setLineQuantity(lines: readonly CartLine[], priceId: string, quantity: number): CartLine[] {
  return lines.map((line) => (line.priceId === priceId ? { ...line, quantity: clampQuantity(quantity) } : line));
}

export function removeLine(lines: readonly CartLine[], priceId: string): CartLine[] {
  return lines.filter((line) => line.priceId !== priceId);
}

export function countItems(lines: readonly CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}

/**
 * Reads a cart saved by an earlier visit. Anything malformed (edited by hand, an old format)
 * is dropped line by line rather than breaking the page.
 */
export function parseStoredCart(raw: string | null): CartLine[] {
  if (!raw) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const lines: CartLine[] = [];
  for (const entry of data) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { priceId, quantity } = entry as Record<string, unknown>;
    if (typeof priceId !== 'string' || !/^price_\w+$/.test(priceId) || typeof quantity !== 'number') continue;
    if (lines.some((line) => line.priceId === priceId) || lines.length >= MAX_CART_LINES) continue;
    lines.push({ priceId, quantity: clampQuantity(quantity) });
  }
  return lines;
}
