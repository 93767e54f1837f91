import { totalServings, type Order, type PostalAddress } from '../orders/order';
import { fulfilmentOf } from '../kitchen/fulfilment';
import { orderNumberOf } from '../orders/order-number';
import type { FulfilmentEventPayload } from './events';

/** The version of the documented payload (docs/fulfilment-webhooks.md); bumped only for breaking changes. */
export const FULFILMENT_API_VERSION = '2026-12-01';

export interface FulfilmentAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
}

/** The order as the fulfilment system sees it: a stable, documented shape, not the store's internal type. */
export interface FulfilmentOrder {
  id: string;
  object: 'order';
  order_number: string;
  status: Order['status'];
  currency: string | null;
  amount_subtotal: number | null;
  amount_total: number | null;
  amount_refunded: number;
  customer: { email: string | null; name: string | null } | null;
  shipping: { name: string | null; address: FulfilmentAddress | null } | null;
  delivery: { date: string | null; window: string | null };
  items: { name: string; quantity: number; unit_amount: number; amount_total: number; serves: number | null; price_id: string | null; product_id: string | null }[];
  total_servings: number | null;
  payment_intent: string | null;
  phone: string | null;
  notes: string | null;
  dietary_requirements: string | null;
  /** The kitchen's progress: received, preparing, out_for_delivery, delivered or cancelled. */
  fulfilment_status: string;
}

export interface FulfilmentEvent {
  id: string;
  object: 'event';
  type: FulfilmentEventPayload['type'];
  api_version: string;
  /** When the cause happened (unix seconds). */
  created: number;
  data: {
    object: FulfilmentOrder;
    refund?: { amount_refunded: number; fully_refunded: boolean };
    fulfilment?: { status: string; previous_status: string | null; changed_by: string | null };
  };
}

function toAddress(address: PostalAddress | null): FulfilmentAddress | null {
  if (!address) return null;
  const { line1, line2, city, state, postalCode, country } = address;
  return { line1, line2, city, state, postal_code: postalCode, country };
}

export function toFulfilmentOrder(order: Order): FulfilmentOrder {
  return {
    id: order.id,
    object: 'order',
    order_number: orderNumberOf(order),
    status: order.status,
    currency: order.currency,
    amount_subtotal: order.amountSubtotal,
    amount_total: order.amountTotal,
    amount_refunded: order.amountRefunded,
    customer: order.customer ? { email: order.customer.email, name: order.customer.name } : null,
    shipping: order.shipping ? { name: order.shipping.name, address: toAddress(order.shipping.address) } : null,
    delivery: { date: order.deliveryDate, window: order.deliveryWindow ?? null },
    items: order.items.map((item) => ({
      name: item.name,
      quantity: item.quantity,
      unit_amount: item.unitAmount,
      amount_total: item.amountTotal,
      serves: item.serves ?? null,
      price_id: item.priceId,
      product_id: item.productId,
    })),
    total_servings: totalServings(order.items),
    payment_intent: order.paymentIntentId,
    phone: order.phone ?? null,
    notes: order.notes ?? null,
    dietary_requirements: order.dietaryRequirements ?? null,
    fulfilment_status: fulfilmentOf(order).status,
  };
}

/** The event a job delivers: the job's own facts around the order as it stood when the event was first sent. */
export function buildFulfilmentEvent(payload: FulfilmentEventPayload, order: Order): FulfilmentEvent {
  return {
    id: payload.eventId,
    object: 'event',
    type: payload.type,
    api_version: FULFILMENT_API_VERSION,
    created: payload.created,
    data: {
      object: toFulfilmentOrder(order),
      ...(payload.refund ? { refund: { amount_refunded: payload.refund.amountRefunded, fully_refunded: payload.refund.fullyRefunded } } : {}),
      ...(payload.fulfilment
        ? { fulfilment: { status: payload.fulfilment.status, previous_status: payload.fulfilment.previousStatus, changed_by: payload.fulfilment.changedBy } }
        : {}),
    },
  };
}
