import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { byDelivery } from '../../domain/kitchen/delivery-days';
import { matchesSearch } from '../../domain/kitchen/kitchen-orders';
import type { OrderFulfilment } from '../../domain/kitchen/fulfilment';
import type { Order } from '../../domain/orders/order';
import { orderNumberFor } from '../../domain/orders/order-number';
import type { ApplyOutcome, OrderTransition } from '../../domain/orders/event-ledger';
import type { EventRecord, EventStatus, StoredEvent } from '../../domain/orders/event-log';
import type { FollowUpJob, StoredFollowUp } from '../../domain/followups/follow-up-queue';
import type { FulfilmentWriteOutcome } from '../../domain/orders/order-repository';
import type { OrderStoreBackend } from '../../domain/orders/order-store';
import { systemClock, type Clock } from '../../domain/clock';
import { migrate } from './migrations';
import { cacheStatements } from '../../../common/sqlite/statement-cache';

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

interface FollowUpRow {
  key: string;
  kind: string;
  payload: string;
  status: StoredFollowUp['status'];
  progress: string;
  attempts: number;
  last_error: string | null;
  claimed_until: string | null;
  claim_token: string | null;
  created_at: string;
  completed_at: string | null;
}

function toStoredFollowUp(row: FollowUpRow): StoredFollowUp {
  return {
    key: row.key,
    kind: row.kind,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    status: row.status,
    progress: JSON.parse(row.progress) as Record<string, unknown>,
    attempts: row.attempts,
    lastError: row.last_error,
    claimedUntil: row.claimed_until,
    claimToken: row.claim_token,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

interface OrderRow {
  data: string;
  fulfilment: string | null;
}

/** The event-written data plus the staff-written fulfilment, which lives in its own column. */
function toOrder(row: OrderRow): Order {
  const order = JSON.parse(row.data) as Order;
  return row.fulfilment ? { ...order, fulfilment: JSON.parse(row.fulfilment) as OrderFulfilment } : order;
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

/** The order store's SQLite file, opened in WAL mode and migrated to the current schema. */
export function openOrderDatabase(file: string, clock: Clock = systemClock): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = cacheStatements(new Database(file));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db, () => clock.now());
  return db;
}

/**
 * The embedded order store: one SQLite file, WAL mode, and one IMMEDIATE transaction around
 * "record the event + apply its effect", so an event is applied exactly once even when
 * several processes receive copies of it at the same moment.
 */
export class SqliteOrderStore implements OrderStoreBackend {
  private readonly db: Database.Database;
  private readonly clock: Clock;

  /** Over a database opened by openOrderDatabase (which the store then owns and closes). */
  constructor(db: Database.Database, clock: Clock = systemClock) {
    this.db = db;
    this.clock = clock;
  }

  /** Opens (creating or migrating) the store. `:memory:` gives a throwaway store for tests. */
  static open(file: string, clock: Clock = systemClock): SqliteOrderStore {
    return new SqliteOrderStore(openOrderDatabase(file, clock), clock);
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    const row = this.db.prepare('SELECT * FROM stripe_events WHERE id = ?').get(id) as EventRow | undefined;
    return row ? toStoredEvent(row) : null;
  }

  async applyEvent(
    event: EventRecord,
    transition: OrderTransition | null,
    processedAt: string,
    followUps: FollowUpJob[] = [],
  ): Promise<ApplyOutcome> {
    const run = this.db.transaction((): ApplyOutcome => {
      const existing = this.db.prepare('SELECT status FROM stripe_events WHERE id = ?').get(event.id) as
        | Pick<EventRow, 'status'>
        | undefined;
      if (existing && existing.status !== 'failed') return 'duplicate';

      if (transition) this.writeOrder(transition, processedAt);
      const enqueue = this.db.prepare(
        `INSERT INTO follow_ups (key, kind, payload, status, created_at) VALUES (?, ?, ?, 'pending', ?) ON CONFLICT (key) DO NOTHING`,
      );
      for (const job of followUps) enqueue.run(job.key, job.kind, JSON.stringify(job.payload), processedAt);
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
    const current = this.readOrder(transition.orderId);
    const next = transition.apply(current);
    this.saveOrder(current ? next : this.withFreeOrderNumber(next), now);
  }

  /** A new order keeps its derived number unless another order already has it; then it takes the next attempt. */
  private withFreeOrderNumber(order: Order): Order {
    if (!order.orderNumber) return order;
    const taken = this.db.prepare('SELECT 1 FROM orders WHERE order_number = ? AND id != ?');
    let orderNumber = order.orderNumber;
    for (let attempt = 1; taken.get(orderNumber, order.id); attempt++) orderNumber = orderNumberFor(order.id, attempt);
    return { ...order, orderNumber };
  }

  private saveOrder(order: Order, now: string): void {
    this.db
      .prepare(
        `INSERT INTO orders (id, status, email, owner, order_number, payment_intent_id, delivery_date, data, created_at, updated_at)
         VALUES (@id, @status, @email, @owner, @orderNumber, @paymentIntentId, @deliveryDate, @data, @now, @now)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, email = excluded.email, owner = excluded.owner,
           order_number = excluded.order_number, payment_intent_id = excluded.payment_intent_id, delivery_date = excluded.delivery_date,
           data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run({
        id: order.id,
        status: order.status,
        email: order.customer?.email?.toLowerCase() ?? null,
        owner: order.owner,
        orderNumber: order.orderNumber ?? null,
        paymentIntentId: order.paymentIntentId ?? null,
        deliveryDate: order.deliveryDate ?? null,
        // The fulfilment column is written only by updateFulfilment, so an event never overwrites it.
        data: JSON.stringify({ ...order, fulfilment: undefined }),
        now,
      });
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
    return this.readOrder(id);
  }

  async listOrdersByOwner(owner: string): Promise<Order[]> {
    const rows = this.db.prepare('SELECT data, fulfilment FROM orders WHERE owner = ? ORDER BY created_at DESC, id').all(owner) as OrderRow[];
    return rows.map(toOrder).sort((a, b) => (b.sessionCreated ?? 0) - (a.sessionCreated ?? 0));
  }

  async assignOwner(orderId: string, owner: string): Promise<Order | null> {
    return this.db
      .transaction((): Order | null => {
        const order = this.readOrder(orderId);
        if (!order || order.owner) return order;
        const owned = { ...order, owner };
        this.saveOrder(owned, this.clock.now().toISOString());
        return owned;
      })
      .immediate();
  }

  async claimOrdersByEmail(email: string, owner: string): Promise<number> {
    return this.db
      .transaction((): number => {
        const rows = this.db.prepare('SELECT data, fulfilment FROM orders WHERE email = ? AND owner IS NULL').all(email.toLowerCase()) as OrderRow[];
        const now = this.clock.now().toISOString();
        for (const row of rows) this.saveOrder({ ...toOrder(row), owner }, now);
        return rows.length;
      })
      .immediate();
  }

  private readOrder(id: string): Order | null {
    const row = this.db.prepare('SELECT data, fulfilment FROM orders WHERE id = ?').get(id) as OrderRow | undefined;
    return row ? toOrder(row) : null;
  }

  async claimFollowUp(key: string, now: string, leaseUntil: string, token: string): Promise<StoredFollowUp | null> {
    const row = this.db
      .prepare(
        `UPDATE follow_ups SET claimed_until = @leaseUntil, claim_token = @token, attempts = attempts + 1
         WHERE key = @key AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= @now)
         RETURNING *`,
      )
      .get({ key, now, leaseUntil, token }) as FollowUpRow | undefined;
    return row ? toStoredFollowUp(row) : null;
  }

  async saveFollowUpProgress(key: string, progress: Record<string, unknown>, token?: string): Promise<boolean> {
    const fenced = token === undefined ? '' : ` AND status = 'pending' AND claim_token = @token`;
    const result = this.db
      .prepare(`UPDATE follow_ups SET progress = @progress WHERE key = @key${fenced}`)
      .run({ key, progress: JSON.stringify(progress), ...(token === undefined ? {} : { token }) });
    return result.changes === 1;
  }

  async completeFollowUp(key: string, token: string, completedAt: string): Promise<boolean> {
    return this.fencedUpdate(
      `status = 'done', completed_at = @at, claimed_until = NULL, claim_token = NULL, last_error = NULL`,
      { key, token, at: completedAt },
    );
  }

  async releaseFollowUp(key: string, token: string, error: string, retryAt: string): Promise<boolean> {
    return this.fencedUpdate(`claimed_until = @at, claim_token = NULL, last_error = @error`, { key, token, at: retryAt, error });
  }

  async parkFollowUp(key: string, token: string, error: string, parkedAt: string): Promise<boolean> {
    return this.fencedUpdate(`status = 'failed', completed_at = @at, claimed_until = NULL, claim_token = NULL, last_error = @error`, {
      key,
      token,
      at: parkedAt,
      error,
    });
  }

  /** An update that only the current lease holder may make. */
  private fencedUpdate(assignments: string, params: Record<string, string>): boolean {
    const result = this.db
      .prepare(`UPDATE follow_ups SET ${assignments} WHERE key = @key AND status = 'pending' AND claim_token = @token`)
      .run(params);
    return result.changes === 1;
  }

  async requeueFollowUp(key: string, now: string): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE follow_ups SET status = 'pending', attempts = 0, claimed_until = ?, claim_token = NULL, completed_at = NULL
         WHERE key = ? AND status = 'failed'`,
      )
      .run(now, key);
    return result.changes === 1;
  }

  async getFollowUp(key: string): Promise<StoredFollowUp | null> {
    const row = this.db.prepare('SELECT * FROM follow_ups WHERE key = ?').get(key) as FollowUpRow | undefined;
    return row ? toStoredFollowUp(row) : null;
  }

  async listPendingFollowUps(now: string, limit: number): Promise<StoredFollowUp[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM follow_ups WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until <= ?)
         ORDER BY created_at, key LIMIT ?`,
      )
      .all(now, limit) as FollowUpRow[];
    return rows.map(toStoredFollowUp);
  }

  async listFailedFollowUps(limit: number): Promise<StoredFollowUp[]> {
    const rows = this.db.prepare(`SELECT * FROM follow_ups WHERE status = 'failed' ORDER BY created_at, key LIMIT ?`).all(limit) as FollowUpRow[];
    return rows.map(toStoredFollowUp);
  }

  async findOrderIdByPaymentIntent(paymentIntentId: string): Promise<string | null> {
    const row = this.db.prepare('SELECT id FROM orders WHERE payment_intent_id = ? LIMIT 1').get(paymentIntentId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  async getCursor(name: string): Promise<number | null> {
    const row = this.db.prepare('SELECT value FROM cursors WHERE name = ?').get(name) as { value: number } | undefined;
    return row?.value ?? null;
  }

  async setCursor(name: string, value: number): Promise<void> {
    this.db
      .prepare('INSERT INTO cursors (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(name, value, this.clock.now().toISOString());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /**
   * SQLite's data_version for this connection: it changes whenever another connection (another process, such
   * as the server recording a webhook) commits to the file, and not for this connection's own writes.
   */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  async searchOrders(term: string): Promise<Order[]> {
    const wanted = term.trim().toLowerCase();
    if (!wanted) return [];
    // The indexed columns narrow it down; orders recorded before order numbers (derived when shown) are always
    // candidates. The domain's matchesSearch has the last word, so both adapters answer alike.
    const rows = this.db
      .prepare(
        `SELECT data, fulfilment FROM orders
         WHERE lower(id) = @wanted OR lower(order_number) = @wanted OR order_number IS NULL OR (length(@wanted) >= 3 AND instr(email, @wanted) > 0)
         ORDER BY created_at DESC, id`,
      )
      .all({ wanted }) as OrderRow[];
    return rows.map(toOrder).filter((order) => matchesSearch(order, wanted));
  }

  async listOrdersByDeliveryDate(from: string, to: string): Promise<Order[]> {
    const rows = this.db
      .prepare('SELECT data, fulfilment FROM orders WHERE delivery_date BETWEEN ? AND ? ORDER BY delivery_date, id')
      .all(from, to) as OrderRow[];
    return rows.map(toOrder).sort(byDelivery);
  }

  async updateFulfilment(orderId: string, expectedVersion: number, next: OrderFulfilment, followUps: FollowUpJob[], now: string): Promise<FulfilmentWriteOutcome> {
    return this.db
      .transaction((): FulfilmentWriteOutcome => {
        const order = this.readOrder(orderId);
        if (!order) return { outcome: 'not_found' };
        if ((order.fulfilment?.version ?? 0) !== expectedVersion) return { outcome: 'stale', order };
        this.db.prepare('UPDATE orders SET fulfilment = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(next), now, orderId);
        const enqueue = this.db.prepare(
          `INSERT INTO follow_ups (key, kind, payload, status, created_at) VALUES (?, ?, ?, 'pending', ?) ON CONFLICT (key) DO NOTHING`,
        );
        for (const job of followUps) enqueue.run(job.key, job.kind, JSON.stringify(job.payload), now);
        return { outcome: 'updated', order: { ...order, fulfilment: next } };
      })
      .immediate();
  }
}

