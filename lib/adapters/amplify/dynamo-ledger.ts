import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Order } from '../../domain/orders/order';
import type { ApplyOutcome, OrderTransition } from '../../domain/orders/event-ledger';
import type { EventRecord, StoredEvent } from '../../domain/orders/event-log';
import type { FollowUpJob, StoredFollowUp } from '../../domain/followups/follow-up-queue';
import {
  compact,
  eventItem,
  FOLLOW_UPS_BY_STATUS,
  ORDERS_BY_PAYMENT_INTENT,
  itemToFollowUp,
  itemToOrder,
  itemToStoredEvent,
  orderContentItem,
  stamped,
  type Item,
  type OrderStoreTables,
} from './dynamo-items';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export interface LedgerOptions {
  clock: () => Date;
  eventRetentionMs: number;
  maxConflictRetries: number;
  pageSize: number;
}

/** The fencing condition: the job is still pending and this token still holds its lease. */
const HELD = {
  condition: '#status = :pending AND claimToken = :token',
  values: (token: string) => ({ ':pending': 'pending', ':token': token }),
};

const byAge = (a: StoredFollowUp, b: StoredFollowUp) => a.createdAt.localeCompare(b.createdAt) || a.key.localeCompare(b.key);

/** The enqueuedAt of the limit-th oldest job found so far. */
function boundary(found: Item[], limit: number): string | undefined {
  return found.map((item) => String(item['enqueuedAt'])).sort()[limit - 1];
}

/** A write lost to a concurrent one (a condition, or a transaction cancelled by one). */
export function lostRace(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  if (name === 'ConditionalCheckFailedException') return true;
  if (name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  // Only conditions and conflicting transactions are races; anything else (validation, throughput) is thrown.
  return reasons.every((reason) => !reason.Code || reason.Code === 'None' || reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict');
}

/**
 * The server's writes straight to the Amplify-generated tables (the SSR role's DynamoDB actions):
 * an event is recorded, its order written and its follow-ups enqueued in ONE TransactWriteItems, so a
 * delivery either commits all of it or nothing. There is no lease: a concurrent copy answers
 * "duplicate" only once the event is committed, and a failed holder leaves nothing that hides the event
 * from Stripe's retry.
 */
export class DynamoLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: OrderStoreTables,
    private readonly options: LedgerOptions,
  ) {}

  // ── Events ──────────────────────────────────────────────────────────────────────────────────

  async getEvent(id: string): Promise<StoredEvent | null> {
    const item = await this.get(this.tables.stripeEvent, { id });
    return item ? itemToStoredEvent(item) : null;
  }

  async applyEvent(event: EventRecord, transition: OrderTransition | null, processedAt: string, followUps: FollowUpJob[]): Promise<ApplyOutcome> {
    return this.retryingRaces('applyEvent', async () => {
      const existing = await this.get(this.tables.stripeEvent, { id: event.id });
      if (existing && (existing['status'] === 'processed' || existing['status'] === 'ignored')) return 'duplicate';
      const now = this.options.clock().toISOString();
      const writes: TransactItem[] = [this.eventWrite(event, existing, transition ? 'processed' : 'ignored', processedAt, now)];
      if (transition) writes.push(await this.orderWrite(transition, now));
      for (const job of followUps) {
        // Deterministic keys: an enqueued job stays as it is (with its progress); only missing ones are put.
        if (await this.get(this.tables.followUp, { key: job.key })) continue;
        writes.push({
          Put: {
            TableName: this.tables.followUp,
            Item: stamped('FollowUp', { key: job.key, kind: job.kind, payload: job.payload, status: 'pending', progress: {}, attempts: 0, enqueuedAt: processedAt }, now),
            ConditionExpression: 'attribute_not_exists(#key)',
            ExpressionAttributeNames: { '#key': 'key' },
          },
        });
      }
      await this.db.send(new TransactWriteCommand({ TransactItems: writes }));
      return 'applied';
    });
  }

  /** The event as processed/ignored: first time (absent) or after failed attempts (unchanged since read). */
  private eventWrite(event: EventRecord, existing: Item | null, status: 'processed' | 'ignored', processedAt: string, now: string): TransactItem {
    const attempts = existing ? Number(existing['attempts'] ?? 0) : 0;
    const item = stamped('StripeEvent', { ...eventItem(event), status, processedAt, attempts: attempts + 1, expiresAt: this.expiresAt(event) }, now, existing ? String(existing['createdAt']) : now);
    return {
      Put: {
        TableName: this.tables.stripeEvent,
        Item: item,
        ...(existing
          ? { ConditionExpression: '#status = :failed AND attempts = :attempts', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':failed': 'failed', ':attempts': attempts } }
          : { ConditionExpression: 'attribute_not_exists(id)' }),
      },
    };
  }

  /** The order after the transition, conditional on the version read (or on still being absent). */
  private async orderWrite(transition: OrderTransition, now: string): Promise<TransactItem> {
    const current = await this.get(this.tables.order, { id: transition.orderId });
    const next: Order = transition.apply(current ? itemToOrder(current) : null);
    if (!current) {
      return {
        Put: { TableName: this.tables.order, Item: stamped('Order', { ...orderContentItem(next), version: 1 }, now), ConditionExpression: 'attribute_not_exists(id)' },
      };
    }
    const version = Number(current['version']);
    // The owner (and the kitchen's fulfilment) are carried over as read; the version condition makes sure nobody set them meanwhile.
    const owner = current['owner'];
    const fulfilment = current['fulfilment'];
    return {
      Put: {
        TableName: this.tables.order,
        Item: stamped('Order', compact({ ...orderContentItem(next), owner, fulfilment, version: version + 1 }), now, String(current['createdAt'])),
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': version },
      },
    };
  }

  async recordEventFailure(event: EventRecord, error: string): Promise<void> {
    await this.retryingRaces('recordEventFailure', async () => {
      const existing = await this.get(this.tables.stripeEvent, { id: event.id });
      const now = this.options.clock().toISOString();
      if (!existing) {
        await this.db.send(
          new PutCommand({
            TableName: this.tables.stripeEvent,
            Item: stamped('StripeEvent', { ...eventItem(event), status: 'failed', attempts: 1, lastError: error, expiresAt: this.expiresAt(event) }, now),
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        );
        return;
      }
      // Processed or ignored: never downgraded.
      if (existing['status'] !== 'failed') return;
      const attempts = Number(existing['attempts'] ?? 0);
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.stripeEvent,
          Key: { id: event.id },
          UpdateExpression: 'SET attempts = :next, lastError = :error, updatedAt = :now',
          ConditionExpression: '#status = :failed AND attempts = :attempts',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':next': attempts + 1, ':error': error, ':now': now, ':failed': 'failed', ':attempts': attempts },
        }),
      );
    });
  }

  private expiresAt(event: EventRecord): number {
    const received = Date.parse(event.receivedAt);
    const from = Number.isNaN(received) ? this.options.clock().getTime() : received;
    return Math.floor((from + this.options.eventRetentionMs) / 1000);
  }

  // ── Follow-ups ──────────────────────────────────────────────────────────────────

  async getFollowUp(key: string): Promise<StoredFollowUp | null> {
    const item = await this.get(this.tables.followUp, { key });
    return item ? itemToFollowUp(item) : null;
  }

  async claimFollowUp(key: string, now: string, leaseUntil: string, token: string): Promise<StoredFollowUp | null> {
    const current = await this.get(this.tables.followUp, { key });
    if (!current || current['status'] !== 'pending') return null;
    const claimedUntil = current['claimedUntil'];
    if (typeof claimedUntil === 'string' && claimedUntil > now) return null;
    try {
      const result = await this.db.send(
        new UpdateCommand({
          TableName: this.tables.followUp,
          Key: { key },
          UpdateExpression: 'SET claimedUntil = :lease, claimToken = :token, attempts = :next, updatedAt = :stamp',
          ConditionExpression: '#status = :pending AND attempts = :attempts AND (attribute_not_exists(claimedUntil) OR claimedUntil <= :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':lease': leaseUntil,
            ':token': token,
            ':next': Number(current['attempts'] ?? 0) + 1,
            ':stamp': this.options.clock().toISOString(),
            ':pending': 'pending',
            ':attempts': Number(current['attempts'] ?? 0),
            ':now': now,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? itemToFollowUp(result.Attributes) : null;
    } catch (error) {
      if (lostRace(error)) return null;
      throw error;
    }
  }

  /** Fenced when a token is given: only the lease's holder may record progress. */
  saveFollowUpProgress(key: string, progress: Record<string, unknown>, token?: string): Promise<boolean> {
    return token === undefined
      ? this.updateIf(key, 'SET progress = :progress', { ':progress': progress }, 'attribute_exists(#key)')
      : this.updateIf(key, 'SET progress = :progress', { ':progress': progress, ...HELD.values(token) }, HELD.condition);
  }

  completeFollowUp(key: string, token: string, completedAt: string): Promise<boolean> {
    return this.updateIf(
      key,
      'SET #status = :done, completedAt = :at REMOVE claimedUntil, claimToken, lastError',
      { ':done': 'done', ':at': completedAt, ...HELD.values(token) },
      HELD.condition,
    );
  }

  /** Hands the job back with its next attempt not before `retryAt` (the backoff). */
  releaseFollowUp(key: string, token: string, error: string, retryAt: string): Promise<boolean> {
    return this.updateIf(
      key,
      'SET lastError = :error, claimedUntil = :retryAt REMOVE claimToken',
      { ':error': error, ':retryAt': retryAt, ...HELD.values(token) },
      HELD.condition,
    );
  }

  parkFollowUp(key: string, token: string, error: string, parkedAt: string): Promise<boolean> {
    return this.updateIf(
      key,
      'SET #status = :failed, completedAt = :at, lastError = :error REMOVE claimedUntil, claimToken',
      { ':failed': 'failed', ':at': parkedAt, ':error': error, ...HELD.values(token) },
      HELD.condition,
    );
  }

  requeueFollowUp(key: string, now: string): Promise<boolean> {
    return this.updateIf(
      key,
      'SET #status = :pending, attempts = :zero, claimedUntil = :now REMOVE claimToken, completedAt',
      { ':pending': 'pending', ':zero': 0, ':now': now, ':failed': 'failed' },
      '#status = :failed',
    );
  }

  async listFailedFollowUps(limit: number): Promise<StoredFollowUp[]> {
    const found = await this.queryByStatus('failed', {}, (items) => items.length >= limit);
    return found.map(itemToFollowUp).sort(byAge).slice(0, limit);
  }

  /** Payment events find their order by payment intent (an index on the Order table), without asking Stripe. */
  async findOrderIdByPaymentIntent(paymentIntentId: string): Promise<string | null> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tables.order,
        IndexName: ORDERS_BY_PAYMENT_INTENT,
        KeyConditionExpression: 'paymentIntentId = :pi',
        ExpressionAttributeValues: { ':pi': paymentIntentId },
        Limit: 1,
      }),
    );
    const id = page.Items?.[0]?.['id'];
    return typeof id === 'string' ? id : null;
  }

  async listPendingFollowUps(now: string, limit: number): Promise<StoredFollowUp[]> {
    // DynamoDB applies Limit before the filter, so pages can come back short: keep reading until enough.
    // Jobs enqueued together share a sort key, and DynamoDB orders those arbitrarily: read the whole tie.
    const found = await this.queryByStatus(
      'pending',
      { filter: 'attribute_not_exists(claimedUntil) OR claimedUntil <= :now', values: { ':now': now } },
      (items) => items.length >= limit && String(items.at(-1)?.['enqueuedAt']) !== boundary(items, limit),
    );
    return found.map(itemToFollowUp).sort(byAge).slice(0, limit);
  }

  /** Follow-ups of one status from the (status, enqueuedAt) index, page after page until `enough` says so. */
  private async queryByStatus(
    status: 'pending' | 'failed',
    where: { filter?: string; values?: Record<string, unknown> },
    enough: (items: Item[]) => boolean,
  ): Promise<Item[]> {
    const found: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tables.followUp,
          IndexName: FOLLOW_UPS_BY_STATUS,
          KeyConditionExpression: '#status = :status',
          ...(where.filter ? { FilterExpression: where.filter } : {}),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ...where.values },
          Limit: this.options.pageSize,
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && !enough(found));
    return found;
  }

  // ── Plumbing ────────────────────────────────────────────────────────────────────────────────

  private async get(table: string, key: Item): Promise<Item | null> {
    const result = await this.db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    return result.Item ?? null;
  }

  /** An update that is a no-op when its condition fails (like SQLite's UPDATE of a missing row); true when it wrote. */
  private async updateIf(key: string, expression: string, values: Record<string, unknown>, condition: string): Promise<boolean> {
    const names: Record<string, string> = { '#key': 'key', '#status': 'status' };
    const used = Object.fromEntries(Object.entries(names).filter(([name]) => expression.includes(name) || condition.includes(name)));
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.followUp,
          Key: { key },
          UpdateExpression: expression.replace(/^SET /, 'SET updatedAt = :stamp, '),
          ConditionExpression: condition,
          ExpressionAttributeNames: used,
          ExpressionAttributeValues: { ...values, ':stamp': this.options.clock().toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (!lostRace(error)) throw error;
      return false;
    }
  }

  /** Runs a read-then-conditional-write step again when it loses a race. */
  private async retryingRaces<T>(what: string, step: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        if (!lostRace(error)) throw error;
        if (attempt >= this.options.maxConflictRetries) throw new Error(`${what}: still losing races after ${attempt + 1} tries`, { cause: error });
      }
    }
  }
}
