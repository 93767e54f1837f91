import type { Schema } from '../../../amplify/data/resource';
import type { OrderFulfilment } from '../../domain/kitchen/fulfilment';
import type { Order, OrderCustomer, OrderItem, OrderShipping, OrderStatusChange } from '../../domain/orders/order';

/**
 * Items as AppSync returns them for the selection sets in ./documents.ts. AWSJSON fields travel as
 * JSON strings; absent attributes come back as null. Enum and field types come from the schema, so
 * renaming a field there breaks the build here.
 */
import { fulfilmentField } from './dynamo-items';

type Model<Name extends 'Order' | 'StripeEvent' | 'FollowUp'> = Schema[Name]['type'];
type Assert<Condition extends true> = Condition;
/** Breaks the build if the Order model gains a status that the schema's OrderStatus enum lacks. */
export type OrderStatusesInSchema = Assert<Order['status'] extends NonNullable<Model<'Order'>['status']> ? true : false>;

type Nullable<T> = { [K in keyof T]-?: Exclude<T[K], undefined> | null };

export type OrderItemRecord = Nullable<
  Pick<
    Model<'Order'>,
    'owner' | 'email' | 'currency' | 'amountSubtotal' | 'amountTotal' | 'deliveryDate' | 'deliveryWindow' | 'orderNumber' | 'paymentIntentId' | 'sessionCreated' | 'notes' | 'dietaryRequirements'
  >
> & {
  id: string;
  status: Model<'Order'>['status'] & Order['status'];
  amountRefunded: number;
  items: string;
  customer: string | null;
  shipping: string | null;
  history: string;
  fulfilment: string | null;
  phone: string | null;
  version: number;
  createdAt: string;
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
    deliveryWindow: record.deliveryWindow,
    orderNumber: record.orderNumber,
    paymentIntentId: record.paymentIntentId,
    sessionCreated: record.sessionCreated,
    history: parseJson<OrderStatusChange[]>(record.history) ?? [],
    owner: record.owner,
    ...fulfilmentField(parseJson<OrderFulfilment>(record.fulfilment)),
    ...(record.phone ? { phone: record.phone } : {}),
    notes: record.notes,
    dietaryRequirements: record.dietaryRequirements,
  };
}
