import type Database from 'better-sqlite3';

/** Schema versions, applied in order at start. Append new ones; never edit an applied one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE stripe_events (
     id TEXT PRIMARY KEY,
     type TEXT NOT NULL,
     object_id TEXT,
     api_version TEXT,
     created INTEGER NOT NULL,
     received_at TEXT NOT NULL,
     processed_at TEXT,
     status TEXT NOT NULL CHECK (status IN ('processed', 'ignored', 'failed')),
     last_error TEXT,
     attempts INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX stripe_events_created ON stripe_events (created);
   CREATE TABLE orders (
     id TEXT PRIMARY KEY,
     status TEXT NOT NULL,
     email TEXT,
     data TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX orders_email ON orders (email);`,
  `ALTER TABLE orders ADD COLUMN owner TEXT;
   CREATE INDEX orders_owner ON orders (owner, created_at);
   CREATE TABLE follow_ups (
     key TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     payload TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'done')),
     progress TEXT NOT NULL DEFAULT '{}',
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     claimed_until TEXT,
     created_at TEXT NOT NULL,
     completed_at TEXT
   );
   CREATE INDEX follow_ups_pending ON follow_ups (status, created_at);`,
  `CREATE TABLE cursors (name TEXT PRIMARY KEY, value INTEGER NOT NULL, updated_at TEXT NOT NULL);`,
  // Follow-ups get fencing tokens and a parked ('failed') state; SQLite cannot alter a CHECK, so rebuild.
  // Orders get their payment intent as a column, so payment events find their order without asking Stripe.
  `CREATE TABLE follow_ups_next (
     key TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     payload TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
     progress TEXT NOT NULL DEFAULT '{}',
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     claimed_until TEXT,
     claim_token TEXT,
     created_at TEXT NOT NULL,
     completed_at TEXT
   );
   INSERT INTO follow_ups_next (key, kind, payload, status, progress, attempts, last_error, claimed_until, created_at, completed_at)
     SELECT key, kind, payload, status, progress, attempts, last_error, claimed_until, created_at, completed_at FROM follow_ups;
   DROP TABLE follow_ups;
   ALTER TABLE follow_ups_next RENAME TO follow_ups;
   CREATE INDEX follow_ups_pending ON follow_ups (status, created_at);
   ALTER TABLE orders ADD COLUMN payment_intent_id TEXT;
   UPDATE orders SET payment_intent_id = json_extract(data, '$.paymentIntentId');
   CREATE INDEX orders_payment_intent ON orders (payment_intent_id);`,
  // The customer-facing order number; orders recorded before it have none (they derive it when shown).
  `ALTER TABLE orders ADD COLUMN order_number TEXT;
   CREATE UNIQUE INDEX orders_order_number ON orders (order_number) WHERE order_number IS NOT NULL;`,
  // The kitchen: orders by delivery date, and the staff-written fulfilment kept out of the event-written data.
  `ALTER TABLE orders ADD COLUMN delivery_date TEXT;
   UPDATE orders SET delivery_date = json_extract(data, '$.deliveryDate');
   CREATE INDEX orders_delivery_date ON orders (delivery_date);
   ALTER TABLE orders ADD COLUMN fulfilment TEXT;`,
];

export function migrate(db: Database.Database, now: () => Date): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  const current = applied.version ?? 0;
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]!);
      record.run(version, now().toISOString());
    }).immediate();
  }
}
