import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { cacheStatements } from '../../../common/sqlite/statement-cache';

/** One schema step: SQL, or a function for a step that must look before it changes (e.g. carry a legacy table over). */
export type Migration = string | ((db: Database.Database) => void);

export interface Migrations {
  /** Where the file records its applied versions. */
  table: string;
  /** Applied in order, each once, each in its own IMMEDIATE transaction. Append new ones; never edit an applied one. */
  steps: readonly Migration[];
  /** Stamps each applied version; the app passes its clock. */
  now?: () => Date;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Opens a SQLite file the way every local store does (its folder created, WAL so readers never block the
 * writer, a busy timeout so several processes take turns) and brings its schema up to date.
 * `:memory:` gives a throwaway database for tests.
 */
export function openSqlite(file: string, migrations: Migrations): Database.Database {
  if (!TABLE_NAME.test(migrations.table)) throw new Error(`Not a migrations table name: ${migrations.table}`);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  // One compiled statement per SQL text: the stores prepare where they use them (common/sqlite/statement-cache.ts).
  const db = cacheStatements(new Database(file));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

function migrate(db: Database.Database, { table, steps, now = () => new Date() }: Migrations): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
  const applied = db.prepare(`SELECT MAX(version) AS version FROM ${table}`).get() as { version: number | null };
  for (let version = (applied.version ?? 0) + 1; version <= steps.length; version++) {
    const step = steps[version - 1]!;
    db.transaction(() => {
      // Another process may have applied it since we looked: the transaction holds the write lock, so look again.
      const done = db.prepare(`SELECT 1 FROM ${table} WHERE version = ?`).get(version);
      if (done) return;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.prepare(`INSERT INTO ${table} (version, applied_at) VALUES (?, ?)`).run(version, now().toISOString());
    }).immediate();
  }
}
