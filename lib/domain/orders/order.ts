import type { OrderFulfilment } from '../kitchen/fulfilment';

/** An order is one Checkout Session, as Stripe's webhooks have described it so far. */
export type OrderStatus = 'pending' | 'awaiting_payment' | 'paid' | 'payment_failed' | 'expired' | 'partially_refunded' | 'refunded';

export interface OrderItem {
  priceId: string | null;
  productId: string | null;
  name: string;
  quantity: number;
  unitAmount: number;
  amountTotal: number;
  /** How many people one unit serves (the product's `serves` metadata), when known. */
  serves?: number | null;
}

export interface PostalAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface OrderCustomer {
  email: string | null;
  name: string | null;
}

export interface OrderShipping {
  name: string | null;
  address: PostalAddress | null;
}

export interface OrderStatusChange {
  status: OrderStatus;
  /** When Stripe created the event that caused the change (unix seconds). */
  at: number;
  eventId: string;
}

export interface Order {
  id: string;
  /** The short reference customers see ("HT-7K3Q9C"); the id (a Checkout Session id) stays internal. Absent on orders recorded before numbers existed: see orderNumberOf. */
  orderNumber?: string | null;
  status: OrderStatus;
  currency: string | null;
  amountSubtotal: number | null;
  amountTotal: number | null;
  amountRefunded: number;
  items: OrderItem[];
  customer: OrderCustomer | null;
  shipping: OrderShipping | null;
  deliveryDate: string | null;
  /** The delivery time window the customer chose ("10:00-12:00", the shop's wall clock); null if none. */
  deliveryWindow?: string | null;
  paymentIntentId: string | null;
  /** When the Checkout Session was created (unix seconds), once known. */
  sessionCreated: number | null;
  history: OrderStatusChange[];
  /** The customer account that owns the order, in Amplify's owner format "<sub>::<username>"; null until provisioned. */
  owner: string | null;
  /** The kitchen's progress (staff-written, apart from the payment status); absent until staff first move it. */
  fulfilment?: OrderFulfilment | null;
  /** The buyer's phone (Checkout's customer_details.phone), when collected. */
  phone?: string | null;
  /** What the buyer wrote in the hosted page's "Order notes" field (Checkout custom_fields); null if nothing. */
  notes?: string | null;
  /** What the buyer wrote in "Dietary requirements" (Checkout custom_fields); null if nothing. */
  dietaryRequirements?: string | null;
}

/** Later statuses outrank earlier ones; an order never moves to a lower rank. */
export const STATUS_RANK: Record<OrderStatus, number> = {
  pending: 0,
  awaiting_payment: 1,
  payment_failed: 2,
  expired: 2,
  paid: 3,
  partially_refunded: 4,
  refunded: 5,
};

/** People the whole order serves, or null when no item says. */
export function totalServings(items: readonly OrderItem[]): number | null {
  const known = items.filter((item) => item.serves);
  return known.length > 0 ? known.reduce((sum, item) => sum + item.quantity * (item.serves ?? 0), 0) : null;
}

export function firstName(customer: OrderCustomer | null): string | null {
  const first = customer?.name?.trim().split(/\s+/)[0];
  return first ? first : null;
}
