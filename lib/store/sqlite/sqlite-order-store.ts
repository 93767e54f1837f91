import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Order } from '../../orders/order';
import type { ApplyOutcome, EventRecord, EventStatus, OrderStore, OrderTransition, StoredEvent } from '../../orders/order-store';
import { migrate } from './migrations';

interface EventRow {
  id: string;
  type: string;
  object_id: string | null;
  api_version: string | null;
  created: number;
  received_at: string;
  processed_at: string | null;
  status: EventStatus;
  last_error: string | null;
  attempts: number;
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    objectId: row.object_id,
    apiVersion: row.api_version,
    created: row.created,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
    status: row.status,
    lastError: row.last_error,
    attempts: row.attempts,
  };
}

/**
 * The embedded order store: one SQLite file, WAL mode, and one IMMEDIATE transaction around
 * "record the event + apply its effect", so an event is applied exactly once even when
 * several processes receive copies of it at the same moment.
 */
export class SqliteOrderStore implements OrderStore {
  private readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  /** Opens (creating or migrating) the store. `:memory:` gives a throwaway store for tests. */
  static open(file: string): SqliteOrderStore {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return new SqliteOrderStore(db);
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    const row = this.db.prepare('SELECT * FROM stripe_events WHERE id = ?').get(id) as EventRow | undefined;
    return row ? toStoredEvent(row) : null;
  }

  async applyEvent(event: EventRecord, transition: OrderTransition | null, processedAt: string): Promise<ApplyOutcome> {
    const run = this.db.transaction((): ApplyOutcome => {
      const existing = this.db.prepare('SELECT status FROM stripe_events WHERE id = ?').get(event.id) as
        | Pick<EventRow, 'status'>
        | undefined;
      if (existing && existing.status !== 'failed') return 'duplicate';

      if (transition) this.writeOrder(transition, processedAt);
      this.db
        .prepare(
          `INSERT INTO stripe_events (id, type, object_id, api_version, created, received_at, processed_at, status, last_error, attempts)
           VALUES (@id, @type, @objectId, @apiVersion, @created, @receivedAt, @processedAt, @status, NULL, 1)
           ON CONFLICT (id) DO UPDATE SET status = excluded.status, processed_at = excluded.processed_at,
             last_error = NULL, attempts = stripe_events.attempts + 1`,
        )
        .run({ ...event, processedAt, status: transition ? 'processed' : 'ignored' });
      return 'applied';
    });
    return run.immediate();
  }

  private writeOrder(transition: OrderTransition, now: string): void {
    const row = this.db.prepare('SELECT data FROM orders WHERE id = ?').get(transition.orderId) as { data: string } | undefined;
    const current = row ? (JSON.parse(row.data) as Order) : null;
    const next = transition.apply(current);
    this.db
      .prepare(
        `INSERT INTO orders (id, status, email, data, created_at, updated_at) VALUES (@id, @status, @email, @data, @now, @now)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, email = excluded.email, data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run({ id: next.id, status: next.status, email: next.customer?.email?.toLowerCase() ?? null, data: JSON.stringify(next), now });
  }

  async recordEventFailure(event: EventRecord, error: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO stripe_events (id, type, object_id, api_version, created, received_at, processed_at, status, last_error, attempts)
         VALUES (@id, @type, @objectId, @apiVersion, @created, @receivedAt, NULL, 'failed', @error, 1)
         ON CONFLICT (id) DO UPDATE SET last_error = excluded.last_error, attempts = stripe_events.attempts + 1
         WHERE stripe_events.status = 'failed'`,
      )
      .run({ ...event, error });
  }

  async getOrder(id: string): Promise<Order | null> {
    const row = this.db.prepare('SELECT data FROM orders WHERE id = ?').get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Order) : null;
  }

  async listEvents(): Promise<StoredEvent[]> {
    const rows = this.db.prepare('SELECT * FROM stripe_events ORDER BY created, id').all() as EventRow[];
    return rows.map(toStoredEvent);
  }

  async listOrders(): Promise<Order[]> {
    const rows = this.db.prepare('SELECT data FROM orders ORDER BY created_at DESC, id').all() as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as Order);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
