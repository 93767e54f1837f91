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
  // The customer-facing order number; orders recorded before it have none (they derive it when shown).
  `ALTER TABLE orders ADD COLUMN order_number TEXT;
   CREATE UNIQUE INDEX orders_order_number ON orders (order_number) WHERE order_number IS NOT NULL;`,
];

export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  const current = applied.version ?? 0;
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]!);
      record.run(version, new Date().toISOString());
    }).immediate();
  }
}
