import type { Order } from '../../domain/orders/order';
import { isOwnedBy } from '../../domain/orders/customer-orders';
import { documents, type OperationName } from './documents';
import { AppSyncError, execute, type GraphqlTransport } from './graphql-transport';
import { toOrder, type OrderItemRecord, type Page } from './records';

/**
 * Orders as Amplify Data serves them (AppSync under the model's owner/ADMINS rules), and the two
 * ownership writes, each conditional on "no owner yet" and on the version read.
 *
 * Reads go through Amplify's `owner` field resolver, which returns only the part after `::` of
 * "<sub>::<username>": compare owners with `isOwnedBy` (lib/domain/orders/customer-orders.ts), never `===`.
 */
export class AppSyncOrders {
  constructor(
    private readonly transport: GraphqlTransport,
    private readonly pageSize = 100,
  ) {}

  async getOrder(id: string): Promise<Order | null> {
    const record = await this.readOrder(id);
    return record ? toOrder(record) : null;
  }

  async listOrdersByOwner(owner: string): Promise<Order[]> {
    const records = await this.listAll<OrderItemRecord>('listOrderByOwner', { owner });
    return records
      .sort((a, b) => (b.sessionCreated ?? 0) - (a.sessionCreated ?? 0) || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))
      .map(toOrder);
  }

  async assignOwner(orderId: string, owner: string, maxConflictRetries = 10): Promise<Order | null> {
    for (let attempt = 0; ; attempt++) {
      const record = await this.readOrder(orderId);
      if (!record || record.owner) return record ? toOrder(record) : null;
      try {
        return toOrder(await this.setOwner(record, owner));
      } catch (error) {
        // Someone else set an owner or changed the order since the read: read again.
        if (!(error instanceof AppSyncError && error.isConditionFailure) || attempt >= maxConflictRetries) throw error;
      }
    }
  }

  async claimOrdersByEmail(email: string, owner: string): Promise<number> {
    const unowned = await this.listAll<OrderItemRecord>('listOrderByEmail', { email: email.toLowerCase(), filter: { owner: { attributeExists: false } } });
    let claimed = 0;
    for (const record of unowned) {
      // Someone else may own it by now; the condition keeps the first owner.
      const stored = await this.assignOwner(record.id, owner);
      if (stored && isOwnedBy(stored, owner)) claimed++;
    }
    return claimed;
  }

  /** The write every ownership change is: only if nobody owns it yet and nothing changed since the read. */
  private async setOwner(record: OrderItemRecord, owner: string): Promise<OrderItemRecord> {
    const updated = await this.query<OrderItemRecord>('updateOrder', {
      input: { id: record.id, owner, version: record.version + 1 },
      condition: { owner: { attributeExists: false }, version: { eq: record.version } },
    });
    if (!updated) throw new Error(`updateOrder returned no order for ${record.id}`);
    return updated;
  }

  private readOrder(id: string): Promise<OrderItemRecord | null> {
    return this.query<OrderItemRecord>('getOrder', { id });
  }

  private query<T = unknown>(operation: OperationName, variables: Record<string, unknown>): Promise<T | null> {
    return execute<T>(this.transport, operation, { query: documents[operation], variables });
  }

  private async listAll<T>(operation: OperationName, variables: Record<string, unknown>): Promise<T[]> {
    const items: T[] = [];
    let nextToken: string | null = null;
    do {
      const page: Page<T> | null = await this.query<Page<T>>(operation, { ...variables, limit: this.pageSize, nextToken });
      items.push(...(page?.items ?? []));
      nextToken = page?.nextToken ?? null;
    } while (nextToken);
    return items;
  }
}
