/**
 * The kitchen's side of an order: how far the food has got. Kept apart from the payment status (Stripe's
 * facts, a monotonic state machine): staff move this one, and each move is checked against the rules below.
 */
export const FULFILMENT_STATUSES = ['received', 'preparing', 'out_for_delivery', 'delivered', 'cancelled'] as const;
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

export interface FulfilmentChange {
  status: FulfilmentStatus;
  /** When the change was made (ISO 8601). */
  at: string;
  /** Who made it (the staff member's email). */
  by: string;
}

export interface OrderFulfilment {
  status: FulfilmentStatus;
  /** Bumped by every change; a write names the version it read and is refused if it moved on. */
  version: number;
  history: FulfilmentChange[];
}

/** An order nobody in the kitchen has touched yet. */
export const NOT_STARTED: OrderFulfilment = { status: 'received', version: 0, history: [] };

export function fulfilmentOf(order: { fulfilment?: OrderFulfilment | null }): OrderFulfilment {
  return order.fulfilment ?? NOT_STARTED;
}

/** Forward only, one step at a time; cancelling is possible until the food has left the kitchen. */
const NEXT: Record<FulfilmentStatus, readonly FulfilmentStatus[]> = {
  received: ['preparing', 'cancelled'],
  preparing: ['out_for_delivery', 'cancelled'],
  out_for_delivery: ['delivered'],
  delivered: [],
  cancelled: [],
};

export function allowedNext(status: FulfilmentStatus): readonly FulfilmentStatus[] {
  return NEXT[status];
}

export function canMove(from: FulfilmentStatus, to: FulfilmentStatus): boolean {
  return NEXT[from].includes(to);
}

export const FULFILMENT_LABELS: Record<FulfilmentStatus, string> = {
  received: 'Received',
  preparing: 'Being prepared',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

/** The fulfilment after a legal move (the caller checked canMove). */
export function advance(current: OrderFulfilment, to: FulfilmentStatus, change: { at: string; by: string }): OrderFulfilment {
  return { status: to, version: current.version + 1, history: [...current.history, { status: to, ...change }] };
}
