import { GetCommand, QueryCommand, ScanCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { byDelivery, datesIn } from '../../domain/kitchen/delivery-days';
import type { OrderFulfilment } from '../../domain/kitchen/fulfilment';
import { matchesSearch } from '../../domain/kitchen/kitchen-orders';
import type { Order } from '../../domain/orders/order';
import type { FollowUpJob } from '../../domain/followups/follow-up-queue';
import type { FulfilmentWriteOutcome } from '../../domain/orders/order-repository';
import { itemToOrder, ORDERS_BY_DELIVERY_DATE, stamped, type Item, type OrderStoreTables } from './dynamo-items';
import { lostRace } from './dynamo-ledger';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export interface KitchenOptions {
  clock: () => Date;
  maxConflictRetries: number;
  pageSize: number;
}

/**
 * The kitchen's reads and writes on the Amplify-generated Order table, straight to DynamoDB with the
 * server's IAM role (staff were checked by the server): orders by delivery date through the model's
 * deliveryDate index, and fulfilment changes as one transaction with their follow-up jobs, conditional
 * on the fulfilment version read. The order's own version is bumped too, so an event's write that read
 * the order before this change is retried and carries the fulfilment over.
 */
export class DynamoKitchen {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: OrderStoreTables,
    private readonly options: KitchenOptions,
  ) {}

  async listOrdersByDeliveryDate(from: string, to: string): Promise<Order[]> {
    const orders: Order[] = [];
    for (const date of datesIn(from, to)) orders.push(...(await this.ordersOn(date)));
    return orders.sort(byDelivery);
  }

  private async ordersOn(date: string): Promise<Order[]> {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tables.order,
          IndexName: ORDERS_BY_DELIVERY_DATE,
          KeyConditionExpression: 'deliveryDate = :date',
          ExpressionAttributeValues: { ':date': date },
          Limit: this.options.pageSize,
          ExclusiveStartKey: start,
        }),
      );
      ids.push(...(page.Items ?? []).map((item) => String(item['id'])));
      start = page.LastEvaluatedKey;
    } while (start);
    // The index is eventually consistent: read each order itself so the kitchen sees its latest state.
    const items = await Promise.all(ids.map((id) => this.getOrderItem(id)));
    return items.filter((item): item is Item => item !== null && item['deliveryDate'] === date).map(itemToOrder);
  }

  /**
   * Staff search: the session id by its key, order numbers and email parts by one filtered scan (a rare,
   * staff-only query; no index serves "contains"). Orders without a stored number (derived when shown) are
   * always candidates, and the domain's matchesSearch has the last word, as in every adapter.
   */
  async searchOrders(term: string): Promise<Order[]> {
    const wanted = term.trim().toLowerCase();
    if (!wanted) return [];
    const found = new Map<string, Item>();
    const byId = await this.getOrderItem(term.trim());
    if (byId) found.set(String(byId['id']), byId);
    const byEmail = wanted.length >= 3;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.tables.order,
          FilterExpression: `orderNumber = :number OR attribute_not_exists(orderNumber)${byEmail ? ' OR contains(email, :email)' : ''}`,
          ExpressionAttributeValues: { ':number': wanted.toUpperCase(), ...(byEmail ? { ':email': wanted } : {}) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) found.set(String(item['id']), item);
      start = page.LastEvaluatedKey;
    } while (start);
    return [...found.values()]
      .sort((a, b) => String(b['createdAt']).localeCompare(String(a['createdAt'])) || String(a['id']).localeCompare(String(b['id'])))
      .map(itemToOrder)
      .filter((order) => matchesSearch(order, wanted));
  }

  async updateFulfilment(orderId: string, expectedVersion: number, next: OrderFulfilment, followUps: FollowUpJob[], now: string): Promise<FulfilmentWriteOutcome> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.getOrderItem(orderId);
      if (!current) return { outcome: 'not_found' };
      const order = itemToOrder(current);
      if ((order.fulfilment?.version ?? 0) !== expectedVersion) return { outcome: 'stale', order };
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: [this.fulfilmentWrite(current, expectedVersion, next), ...(await this.jobWrites(followUps, now))] }));
        return { outcome: 'updated', order: { ...order, fulfilment: next } };
      } catch (error) {
        // Lost to another write: read again; a changed fulfilment then answers 'stale'.
        if (!lostRace(error) || attempt >= this.options.maxConflictRetries) throw error;
      }
    }
  }

  private fulfilmentWrite(current: Item, expectedVersion: number, next: OrderFulfilment): TransactItem {
    return {
      Update: {
        TableName: this.tables.order,
        Key: { id: current['id'] },
        UpdateExpression: 'SET #fulfilment = :next, version = :nextVersion, updatedAt = :stamp',
        ConditionExpression: `version = :version AND ${expectedVersion === 0 ? 'attribute_not_exists(#fulfilment)' : '#fulfilment.version = :expected'}`,
        ExpressionAttributeNames: { '#fulfilment': 'fulfilment' },
        ExpressionAttributeValues: {
          ':next': next,
          ':nextVersion': Number(current['version']) + 1,
          ':version': Number(current['version']),
          ':stamp': this.options.clock().toISOString(),
          ...(expectedVersion === 0 ? {} : { ':expected': expectedVersion }),
        },
      },
    };
  }

  /** Puts for the jobs not enqueued yet (deterministic keys: an existing job stays as it is). */
  private async jobWrites(followUps: FollowUpJob[], now: string): Promise<TransactItem[]> {
    const writes: TransactItem[] = [];
    for (const job of followUps) {
      const existing = await this.db.send(new GetCommand({ TableName: this.tables.followUp, Key: { key: job.key }, ConsistentRead: true }));
      if (existing.Item) continue;
      writes.push({
        Put: {
          TableName: this.tables.followUp,
          Item: stamped('FollowUp', { key: job.key, kind: job.kind, payload: job.payload, status: 'pending', progress: {}, attempts: 0, enqueuedAt: now }, this.options.clock().toISOString()),
          ConditionExpression: 'attribute_not_exists(#key)',
          ExpressionAttributeNames: { '#key': 'key' },
        },
      });
    }
    return writes;
  }

  private async getOrderItem(id: string): Promise<Item | null> {
    const result = await this.db.send(new GetCommand({ TableName: this.tables.order, Key: { id }, ConsistentRead: true }));
    return result.Item ?? null;
  }
}
