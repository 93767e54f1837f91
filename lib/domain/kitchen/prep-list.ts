import type { Order } from '../orders/order';
import { isPlanned } from './kitchen-orders';

export interface PrepLine {
  /** The package (its product id when known, else its name). */
  key: string;
  name: string;
  quantity: number;
  /** People the line serves in all; null when the package does not say. */
  servings: number | null;
  /** How many orders include it. */
  orders: number;
}

export interface PrepList {
  lines: PrepLine[];
  totalQuantity: number;
  totalServings: number;
  orderCount: number;
}

/** What to cook for a set of orders: each package's quantity and servings, biggest first; cancelled and unpaid orders left out. */
export function prepList(orders: readonly Order[]): PrepList {
  const planned = orders.filter(isPlanned);
  const lines = new Map<string, PrepLine>();
  for (const order of planned) {
    for (const item of order.items) {
      const key = item.productId ?? item.name;
      const line = lines.get(key) ?? { key, name: item.name, quantity: 0, servings: null, orders: 0 };
      line.quantity += item.quantity;
      if (item.serves) line.servings = (line.servings ?? 0) + item.quantity * item.serves;
      line.orders += 1;
      lines.set(key, line);
    }
  }
  const sorted = [...lines.values()].sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
  return {
    lines: sorted,
    totalQuantity: sorted.reduce((sum, line) => sum + line.quantity, 0),
    totalServings: sorted.reduce((sum, line) => sum + (line.servings ?? 0), 0),
    orderCount: planned.length,
  };
}
