import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CapacityHold, CapacityStore, ConfirmOutcome, HoldState, ReserveOutcome, StoredHold } from '../../domain/capacity/capacity-store';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export interface DynamoCapacityOptions {
  clock: () => Date;
  /** Transactions cancelled by a concurrent one (TransactionConflict) are retried this many times. */
  maxConflictRetries: number;
}

const TYPENAME = 'CapacityEntry';
const dayKey = (date: string) => ({ id: `day#${date}` });
const holdKey = (holdId: string) => ({ id: `hold#${holdId}` });

/** Why a transaction was cancelled, per item: 'condition' (a condition failed), 'conflict' (a concurrent write), or null. */
function cancellation(error: unknown): ('condition' | 'conflict' | null)[] | null {
  if ((error as { name?: string }).name !== 'TransactionCanceledException') return null;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => (reason.Code === 'ConditionalCheckFailed' ? 'condition' : reason.Code === 'TransactionConflict' ? 'conflict' : null));
}

const isConditionFailure = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

/**
 * Per-day capacity in one Amplify-generated table (the CapacityEntry model): a counter item per date
 * (`day#2030-03-14`, `used`) and an item per hold (`hold#…`, date, servings, state). Each change of a
 * hold's state and its date's counter is one TransactWriteItems whose conditions carry the rule (the
 * counter stays within capacity, the hold is in the state the change expects), so racing checkouts
 * cannot pass the capacity; a transaction cancelled by a concurrent one is retried.
 */
export class DynamoCapacityStore implements CapacityStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly options: DynamoCapacityOptions = { clock: () => new Date(), maxConflictRetries: 50 },
  ) {}

  async reserve(hold: CapacityHold, capacity: number): Promise<ReserveOutcome> {
    if (hold.servings > capacity) return { ok: false, remaining: Math.max(0, capacity - (await this.used(hold.date))) };
    const now = this.options.clock().toISOString();
    const putHold: TransactItem = {
      Put: {
        TableName: this.table,
        Item: { ...holdKey(hold.holdId), date: hold.date, servings: hold.servings, state: 'held', __typename: TYPENAME, createdAt: now, updatedAt: now },
        ConditionExpression: 'attribute_not_exists(id)',
      },
    };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.transact([putHold, this.countOn(hold.date, hold.servings, capacity, now)]);
        return { ok: true };
      } catch (error) {
        const reasons = cancellation(error);
        if (reasons?.[0] === 'condition') {
          const existing = await this.getHold(hold.holdId);
          return existing?.state === 'held' || existing?.state === 'confirmed' ? { ok: true } : { ok: false, remaining: 0 };
        }
        if (reasons?.[1] === 'condition') return { ok: false, remaining: Math.max(0, capacity - (await this.used(hold.date))) };
        await this.retryOrThrow(error, reasons, attempt);
      }
    }
  }

  async release(holdId: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const hold = await this.getHold(holdId);
      if (hold?.state !== 'held') return false;
      const now = this.options.clock().toISOString();
      try {
        await this.transact([
          this.moveHold(holdId, 'held', 'released', now),
          { Update: { TableName: this.table, Key: dayKey(hold.date), UpdateExpression: 'SET used = used - :servings, updatedAt = :now', ExpressionAttributeValues: { ':servings': hold.servings, ':now': now } } },
        ]);
        return true;
      } catch (error) {
        const reasons = cancellation(error);
        if (reasons?.[0] === 'condition') return false;
        await this.retryOrThrow(error, reasons, attempt);
      }
    }
  }

  async confirm(holdId: string, capacity: number): Promise<ConfirmOutcome> {
    for (let attempt = 0; ; attempt++) {
      const hold = await this.getHold(holdId);
      if (!hold) return 'unknown_hold';
      if (hold.state === 'confirmed' || hold.state === 'overbooked') return hold.state;
      const now = this.options.clock().toISOString();
      try {
        if (hold.state === 'held') await this.db.send(new UpdateCommand(this.moveHold(holdId, 'held', 'confirmed', now).Update!));
        else await this.transact([this.moveHold(holdId, 'released', 'confirmed', now), this.countOn(hold.date, hold.servings, capacity, now)]);
        return 'confirmed';
      } catch (error) {
        if (isConditionFailure(error)) continue; // The hold moved meanwhile: look again.
        const reasons = cancellation(error);
        if (reasons?.[1] === 'condition') {
          // Paid after its hold lapsed and the date filled up: it is not counted, and it is refunded.
          try {
            await this.db.send(new UpdateCommand(this.moveHold(holdId, 'released', 'overbooked', now).Update!));
            return 'overbooked';
          } catch (moveError) {
            if (!isConditionFailure(moveError)) throw moveError;
            continue;
          }
        }
        if (reasons?.[0] === 'condition') continue;
        await this.retryOrThrow(error, reasons, attempt);
      }
    }
  }

  async getHold(holdId: string): Promise<StoredHold | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: holdKey(holdId), ConsistentRead: true }));
    if (!Item) return null;
    return { holdId, date: String(Item['date']), servings: Number(Item['servings']), state: Item['state'] as HoldState };
  }

  async used(date: string): Promise<number> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: dayKey(date), ConsistentRead: true }));
    return Number(Item?.['used'] ?? 0);
  }

  async close(): Promise<void> {
    // The document client belongs to whoever built it.
  }

  /** Adds servings to a date's counter, only while it stays within the capacity (the item is created on first use). */
  private countOn(date: string, servings: number, capacity: number, now: string): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: dayKey(date),
        UpdateExpression: 'SET used = if_not_exists(used, :zero) + :servings, #date = :date, #typename = :typename, createdAt = if_not_exists(createdAt, :now), updatedAt = :now',
        ConditionExpression: 'attribute_not_exists(used) OR used <= :limit',
        ExpressionAttributeNames: { '#date': 'date', '#typename': '__typename' },
        ExpressionAttributeValues: { ':zero': 0, ':servings': servings, ':limit': capacity - servings, ':date': date, ':typename': TYPENAME, ':now': now },
      },
    };
  }

  private moveHold(holdId: string, from: HoldState, to: HoldState, now: string): TransactItem & { Update: NonNullable<TransactItem['Update']> } {
    return {
      Update: {
        TableName: this.table,
        Key: holdKey(holdId),
        UpdateExpression: 'SET #state = :to, updatedAt = :now',
        ConditionExpression: '#state = :from',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':from': from, ':to': to, ':now': now },
      },
    };
  }

  private async transact(items: TransactItem[]): Promise<void> {
    await this.db.send(new TransactWriteCommand({ TransactItems: items }));
  }

  /** Only cancellations caused by concurrent transactions are retried (up to the limit); anything else is thrown. */
  private async retryOrThrow(error: unknown, reasons: ('condition' | 'conflict' | null)[] | null, attempt: number): Promise<void> {
    const conflict = reasons?.includes('conflict') || (error as { name?: string }).name === 'TransactionConflictException';
    if (!conflict) throw error;
    if (attempt >= this.options.maxConflictRetries) throw new Error(`capacity: still losing races after ${attempt + 1} tries`, { cause: error });
    // A little jitter so the racers do not collide again in lockstep.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 5 * (attempt + 1))));
  }
}
