import type { Schema } from '../../../amplify/data/resource';
import type { Order, OrderCustomer, OrderItem, OrderShipping, OrderStatusChange } from '../../orders/order';
import type { EventRecord, StoredEvent, StoredFollowUp } from '../../orders/order-store';

/**
 * Items as AppSync returns them for the selection sets in ./documents.ts. AWSJSON fields travel as
 * JSON strings; absent attributes come back as null. Enum and field types come from the schema, so
 * renaming a field there breaks the build here.
 */
type Model<Name extends 'Order' | 'StripeEvent' | 'FollowUp'> = Schema[Name]['type'];
type Assert<Condition extends true> = Condition;
/** Breaks the build if the Order model gains a status that the schema's OrderStatus enum lacks. */
export type OrderStatusesInSchema = Assert<Order['status'] extends NonNullable<Model<'Order'>['status']> ? true : false>;

type Nullable<T> = { [K in keyof T]-?: Exclude<T[K], undefined> | null };

export type OrderItemRecord = Nullable<
  Pick<
    Model<'Order'>,
    'owner' | 'email' | 'currency' | 'amountSubtotal' | 'amountTotal' | 'deliveryDate' | 'paymentIntentId' | 'sessionCreated'
  >
> & {
  id: string;
  status: Model<'Order'>['status'] & Order['status'];
  amountRefunded: number;
  items: string;
  customer: string | null;
  shipping: string | null;
  history: string;
  version: number;
  createdAt: string;
};

export type StripeEventStatusValue = NonNullable<Model<'StripeEvent'>['status']>;

export type StripeEventItemRecord = Nullable<
  Pick<Model<'StripeEvent'>, 'objectId' | 'apiVersion' | 'processedAt' | 'lastError' | 'claimToken' | 'claimedUntil' | 'expiresAt'>
> & {
  id: string;
  type: string;
  created: number;
  receivedAt: string;
  status: StripeEventStatusValue;
  attempts: number;
};

export type FollowUpItemRecord = Nullable<Pick<Model<'FollowUp'>, 'lastError' | 'claimedUntil' | 'claimToken' | 'completedAt'>> & {
  key: string;
  kind: string;
  payload: string;
  status: NonNullable<Model<'FollowUp'>['status']> & StoredFollowUp['status'];
  progress: string;
  attempts: number;
  enqueuedAt: string;
};

export interface Page<T> {
  items: T[];
  nextToken: string | null;
}

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function toOrder(record: OrderItemRecord): Order {
  return {
    id: record.id,
    status: record.status,
    currency: record.currency,
    amountSubtotal: record.amountSubtotal,
    amountTotal: record.amountTotal,
    amountRefunded: record.amountRefunded,
    items: parseJson<OrderItem[]>(record.items) ?? [],
    customer: parseJson<OrderCustomer>(record.customer),
    shipping: parseJson<OrderShipping>(record.shipping),
    deliveryDate: record.deliveryDate,
    paymentIntentId: record.paymentIntentId,
    sessionCreated: record.sessionCreated,
    history: parseJson<OrderStatusChange[]>(record.history) ?? [],
    owner: record.owner,
  };
}

/**
 * The order's fields as mutation input, without `owner`: only assignOwner/claimOrdersByEmail set it,
 * so an event can never hand an order to someone else. `email` is the lower-cased lookup key.
 */
export function orderContentInput(order: Order): Record<string, unknown> {
  return {
    id: order.id,
    email: order.customer?.email?.toLowerCase() ?? null,
    status: order.status,
    currency: order.currency,
    amountSubtotal: order.amountSubtotal,
    amountTotal: order.amountTotal,
    amountRefunded: order.amountRefunded,
    items: JSON.stringify(order.items),
    customer: order.customer === null ? null : JSON.stringify(order.customer),
    shipping: order.shipping === null ? null : JSON.stringify(order.shipping),
    deliveryDate: order.deliveryDate,
    paymentIntentId: order.paymentIntentId,
    sessionCreated: order.sessionCreated,
    history: JSON.stringify(order.history),
  };
}

/**
 * Create inputs leave out null values: AppSync's create stores them as DynamoDB NULL, which still
 * "exists" for `attributeExists` conditions and would put the item in a sparse index under no key.
 * (Updates are different: a null there removes the attribute.)
 */
export function withoutNulls(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined));
}

export function eventRecordInput(event: EventRecord): Record<string, unknown> {
  return {
    id: event.id,
    type: event.type,
    objectId: event.objectId,
    apiVersion: event.apiVersion,
    created: event.created,
    receivedAt: event.receivedAt,
  };
}

/**
 * What the port may see of an event item. A 'processing' item is an in-flight claim, not a record:
 * like an uncommitted transaction it is invisible, except that an earlier failure stays visible.
 */
export function toStoredEvent(record: StripeEventItemRecord): StoredEvent | null {
  if (record.status === 'processing' && record.attempts === 0) return null;
  return {
    id: record.id,
    type: record.type,
    objectId: record.objectId,
    apiVersion: record.apiVersion,
    created: record.created,
    receivedAt: record.receivedAt,
    status: record.status === 'processing' ? 'failed' : record.status,
    processedAt: record.processedAt,
    lastError: record.lastError,
    attempts: record.attempts,
  };
}

export function toStoredFollowUp(record: FollowUpItemRecord): StoredFollowUp {
  return {
    key: record.key,
    kind: record.kind,
    payload: parseJson<Record<string, unknown>>(record.payload) ?? {},
    status: record.status,
    progress: parseJson<Record<string, unknown>>(record.progress) ?? {},
    attempts: record.attempts,
    lastError: record.lastError,
    claimedUntil: record.claimedUntil,
    claimToken: record.claimToken,
    createdAt: record.enqueuedAt,
    completedAt: record.completedAt,
  };
}
