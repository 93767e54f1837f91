import type { OrderFulfilment } from '../../domain/kitchen/fulfilment';
import type { Order, OrderCustomer, OrderItem, OrderShipping, OrderStatusChange } from '../../domain/orders/order';
import type { EventRecord, StoredEvent } from '../../domain/orders/event-log';
import type { StoredFollowUp } from '../../domain/followups/follow-up-queue';

/**
 * Items as they sit in the Amplify-generated tables, written the way AppSync's own resolvers write them
 * (`__typename`, `createdAt`, `updatedAt`; AWSJSON fields as native maps and lists), so the GraphQL API
 * reads what the store writes directly and the reverse.
 */
export type Item = Record<string, unknown>;

/** The table names `backend.addOutput` exports (amplify_outputs.json → custom.orderStoreTables). */
export interface OrderStoreTables {
  order: string;
  stripeEvent: string;
  followUp: string;
}

/** The FollowUp model's secondary index (status, enqueuedAt), named as Amplify names it. */
export const FOLLOW_UPS_BY_STATUS = 'followUpsByStatusAndEnqueuedAt';
export const ORDERS_BY_PAYMENT_INTENT = 'ordersByPaymentIntentId';
export const ORDERS_BY_DELIVERY_DATE = 'ordersByDeliveryDate';

const optional = <T>(value: unknown): T | null => (value === undefined || value === null ? null : (value as T));

/** AppSync writes AWSJSON as native values; a JSON string (older writes) is read too. */
function json<T>(value: unknown): T | null {
  if (value === undefined || value === null) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function stamped(typename: string, item: Item, now: string, createdAt = now): Item {
  return { ...item, __typename: typename, createdAt, updatedAt: now };
}

/** Drops null/undefined: AppSync's create leaves absent fields out (a NULL would still "exist"). */
export function compact(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== null && value !== undefined));
}

/** An order's content as an item, without `owner`: only ownership writes set it. */
export function orderContentItem(order: Order): Item {
  return compact({
    id: order.id,
    email: order.customer?.email?.toLowerCase() ?? null,
    status: order.status,
    currency: order.currency,
    amountSubtotal: order.amountSubtotal,
    amountTotal: order.amountTotal,
    amountRefunded: order.amountRefunded,
    items: order.items,
    customer: order.customer,
    shipping: order.shipping,
    deliveryDate: order.deliveryDate,
    deliveryWindow: order.deliveryWindow ?? null,
    orderNumber: order.orderNumber ?? null,
    paymentIntentId: order.paymentIntentId,
    sessionCreated: order.sessionCreated,
    history: order.history,
    phone: order.phone ?? null,
    notes: order.notes ?? null,
    dietaryRequirements: order.dietaryRequirements ?? null,
  });
}

export function itemToOrder(item: Item): Order {
  return {
    id: String(item['id']),
    status: item['status'] as Order['status'],
    currency: optional<string>(item['currency']),
    amountSubtotal: optional<number>(item['amountSubtotal']),
    amountTotal: optional<number>(item['amountTotal']),
    amountRefunded: Number(item['amountRefunded'] ?? 0),
    items: json<OrderItem[]>(item['items']) ?? [],
    customer: json<OrderCustomer>(item['customer']),
    shipping: json<OrderShipping>(item['shipping']),
    deliveryDate: optional<string>(item['deliveryDate']),
    deliveryWindow: optional<string>(item['deliveryWindow']),
    orderNumber: optional<string>(item['orderNumber']),
    paymentIntentId: optional<string>(item['paymentIntentId']),
    sessionCreated: optional<number>(item['sessionCreated']),
    history: json<OrderStatusChange[]>(item['history']) ?? [],
    owner: optional<string>(item['owner']),
    ...fulfilmentField(json<OrderFulfilment>(item['fulfilment'])),
    ...(typeof item['phone'] === 'string' ? { phone: item['phone'] } : {}),
    notes: optional<string>(item['notes']),
    dietaryRequirements: optional<string>(item['dietaryRequirements']),
  };
}

/** Only orders the kitchen has moved carry a fulfilment (so untouched orders read as before). */
export function fulfilmentField(fulfilment: OrderFulfilment | null): { fulfilment?: OrderFulfilment } {
  return fulfilment ? { fulfilment } : {};
}

export function eventItem(event: EventRecord): Item {
  return compact({
    id: event.id,
    type: event.type,
    objectId: event.objectId,
    apiVersion: event.apiVersion,
    created: event.created,
    receivedAt: event.receivedAt,
  });
}

export function itemToStoredEvent(item: Item): StoredEvent {
  const status = item['status'];
  return {
    id: String(item['id']),
    type: String(item['type']),
    objectId: optional<string>(item['objectId']),
    apiVersion: optional<string>(item['apiVersion']),
    created: Number(item['created']),
    receivedAt: String(item['receivedAt']),
    status: status === 'processed' || status === 'ignored' ? status : 'failed',
    processedAt: optional<string>(item['processedAt']),
    lastError: optional<string>(item['lastError']),
    attempts: Number(item['attempts'] ?? 0),
  };
}

export function itemToFollowUp(item: Item): StoredFollowUp {
  return {
    key: String(item['key']),
    kind: String(item['kind']),
    payload: json<Record<string, unknown>>(item['payload']) ?? {},
    status: item['status'] === 'done' || item['status'] === 'failed' ? item['status'] : 'pending',
    progress: json<Record<string, unknown>>(item['progress']) ?? {},
    attempts: Number(item['attempts'] ?? 0),
    lastError: optional<string>(item['lastError']),
    claimedUntil: optional<string>(item['claimedUntil']),
    claimToken: optional<string>(item['claimToken']),
    createdAt: String(item['enqueuedAt']),
    completedAt: optional<string>(item['completedAt']),
  };
}
