import type Database from 'better-sqlite3';
import type { Clock } from '@/lib/domain/clock';
import type { StoredEvent } from '@/lib/domain/orders/event-log';
import type { Order } from '@/lib/domain/orders/order';
import { openOrderDatabase, SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';

/**
 * Everything a SQLite order store holds, read straight from its tables: what a test checks across all
 * events or orders ("nothing else was stored"), which no port lists because the shop never needs it.
 * Rows are read back through the store's own getters, so tests see what the shop sees.
 */
export interface StoreInspector {
  /** Every recorded event, by Stripe's creation time, then id. */
  events(): Promise<StoredEvent[]>;
  /** Every order, newest first. */
  orders(): Promise<Order[]>;
}

export function inspectorFor(db: Database.Database, store: Pick<SqliteOrderStore, 'getEvent' | 'getOrder'>): StoreInspector {
  const ids = (sql: string) => (db.prepare(sql).all() as { id: string }[]).map((row) => row.id);
  return {
    async events() {
      const events = await Promise.all(ids('SELECT id FROM stripe_events ORDER BY created, id').map((id) => store.getEvent(id)));
      return events.filter((event): event is StoredEvent => event !== null);
    },
    async orders() {
      const orders = await Promise.all(ids('SELECT id FROM orders ORDER BY created_at DESC, id').map((id) => store.getOrder(id)));
      return orders.filter((order): order is Order => order !== null);
    },
  };
}

/** A throwaway in-memory SQLite order store, and its inspector. */
export function inspectableSqliteStore(clock?: Clock): { store: SqliteOrderStore; inspect: StoreInspector } {
  const db = openOrderDatabase(':memory:', clock);
  const store = new SqliteOrderStore(db, clock);
  return { store, inspect: inspectorFor(db, store) };
}
