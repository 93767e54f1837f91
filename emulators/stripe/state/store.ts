import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { collectionsOf, type Collection } from './tracked-state';
import { emptyState, type State } from './types';

export const DATABASE_FILE = 'stripe.sqlite';

/**
 * Columns (generated from each record's JSON) indexed for the lookups Local Stripe makes: sessions by
 * PaymentIntent (every payment event the shop receives), prices by product and lookup_key, events by
 * creation time (30-day pruning, `created` filters), and due times of pending work.
 */
const INDEXED: Partial<Record<Collection, Record<string, string>>> = {
  sessions: { payment_intent: '$.payment_intent', expires_at: '$.expires_at' },
  prices: { product: '$.product', lookup_key: '$.lookup_key' },
  charges: { payment_intent: '$.payment_intent' },
  refunds: { charge: '$.charge' },
  events: { created: '$.created' },
  deliveries: { next_attempt_at: '$.nextAttemptAt' },
  settlements: { settles_at: '$.settlesAt' },
  idempotency: { created_at: '$.createdAt' },
};

interface Statements {
  upsert: Database.Statement<[string, string]>;
  remove: Database.Statement<[string]>;
  all: Database.Statement<[], { id: string; body: string }>;
  clear: Database.Statement<[]>;
}

/** Called to undo a write in memory (the indexes follow it). */
export type Restore = (collection: Collection, id: string, current: unknown, previous: unknown) => void;

/**
 * Freezes a stored record's top level: an in-place edit (which would never reach the database) throws
 * instead. Shallow, so a commit costs O(fields); nested objects are rebuilt by every writer anyway.
 */
function freezeRecord(value: unknown): void {
  if (typeof value === 'object' && value !== null) Object.freeze(value);
}

/**
 * Local Stripe's state on SQLite (WAL): one table per collection, each record a JSON document under
 * its id, in creation order. Memory holds the working copy that requests read; every unit of work
 * (an API request, a hosted-page submit, a timer) is one SQLite transaction of the records it wrote,
 * committed before its answer is sent, or undone in memory if it throws. Committed records are frozen.
 */
export class StateStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<Collection, Statements>();
  /** Records written in the open unit of work, with their committed value (to undo). */
  private readonly dirty = new Map<string, { collection: Collection; id: string; previous: unknown }>();
  private depth = 0;
  private flushQueued = false;
  private raw: State = emptyState();
  private restore: Restore = () => undefined;
  /** Built once: wrapping a function in a better-sqlite3 transaction has a cost per wrap. */
  private readonly writeAll = (entries: ReadonlyArray<{ collection: Collection; id: string }>): void => {
    for (const { collection, id } of entries) {
      const s = this.statements.get(collection);
      const value = (this.raw[collection] as Record<string, unknown>)[id];
      if (value === undefined) s?.remove.run(id);
      else s?.upsert.run(id, JSON.stringify(value));
    }
  };
  private readonly writeTransaction: (entries: ReadonlyArray<{ collection: Collection; id: string }>) => void;

  constructor(dataDir: string | undefined) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.db = new Database(dataDir ? join(dataDir, DATABASE_FILE) : ':memory:');
    this.db.pragma('journal_mode = WAL');
    // A commit reaches the OS before the answer is sent (survives kill -9); fsync is left to checkpoints.
    this.db.pragma('synchronous = NORMAL');
    for (const c of collectionsOf(emptyState())) this.statements.set(c, this.prepare(c));
    this.writeTransaction = this.db.transaction(this.writeAll);
  }

  private prepare(c: Collection): Statements {
    const table = `"${c}"`;
    const columns = Object.entries(INDEXED[c] ?? {});
    const generated = columns.map(([name, path]) => `, ${name} GENERATED ALWAYS AS (json_extract(body, '${path}')) VIRTUAL`).join('');
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL${generated})`);
    for (const [name] of columns) this.db.exec(`CREATE INDEX IF NOT EXISTS "${c}_${name}" ON ${table} (${name})`);
    return {
      upsert: this.db.prepare(`INSERT INTO ${table} (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body`),
      remove: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
      all: this.db.prepare(`SELECT id, body FROM ${table} ORDER BY seq`),
      clear: this.db.prepare(`DELETE FROM ${table}`),
    };
  }

  /** Reads every collection (null-prototype maps, creation order); `raw` is then the state being tracked. */
  load(): State {
    const state = emptyState();
    for (const [c, s] of this.statements) {
      const map = state[c] as Record<string, unknown>;
      for (const row of s.all.iterate()) {
        const value: unknown = JSON.parse(row.body);
        freezeRecord(value);
        map[row.id] = value;
      }
    }
    return state;
  }

  /** The untracked maps behind the tracked state, and how to undo a write in memory. */
  attach(raw: State, restore: Restore): void {
    this.raw = raw;
    this.restore = restore;
  }

  /** A record was written or deleted (from the tracking proxy); `previous` is its value before. */
  changed(collection: Collection, id: string, previous: unknown): void {
    const key = `${collection}\u0000${id}`;
    if (!this.dirty.has(key)) this.dirty.set(key, { collection, id, previous });
    // A write outside any unit of work (start-up, a stray timer) still commits, right after its task.
    if (this.depth === 0 && !this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        if (this.depth === 0) this.commit();
      });
    }
  }

  /** Runs `work` as one transaction: its writes commit together when it returns, or are undone if it throws. */
  transaction<T>(work: () => T): T {
    this.depth++;
    let result: T;
    try {
      result = work();
    } catch (err) {
      if (--this.depth === 0) this.rollback();
      throw err;
    }
    if (--this.depth === 0) this.commit();
    return result;
  }

  /** Replaces everything on disk with `state` (after a reset). */
  replaceAll(state: State): void {
    this.db.transaction(() => {
      for (const [c, s] of this.statements) {
        s.clear.run();
        const map = state[c] as Record<string, unknown>;
        for (const id of Object.keys(map)) s.upsert.run(id, JSON.stringify(map[id]));
      }
    })();
    this.dirty.clear();
  }

  close(): void {
    if (this.depth === 0) this.commit();
    if (this.db.open) this.db.close();
  }

  private commit(): void {
    if (this.dirty.size === 0 || !this.db.open) return;
    const entries = [...this.dirty.values()];
    try {
      this.writeTransaction(entries);
    } catch (err) {
      this.rollback();
      throw err;
    }
    for (const { collection, id } of entries) freezeRecord((this.raw[collection] as Record<string, unknown>)[id]);
    this.dirty.clear();
  }

  private rollback(): void {
    const entries = [...this.dirty.values()].reverse();
    this.dirty.clear();
    for (const { collection, id, previous } of entries) {
      const map = this.raw[collection] as Record<string, unknown>;
      const current = map[id];
      if (previous === undefined) delete map[id];
      else map[id] = previous;
      this.restore(collection, id, current, previous);
    }
  }
}

/** Deletes a data dir's database (`--reset`), and the snapshot/journal files older versions wrote. */
export function removeStateFiles(dataDir: string): void {
  for (const name of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, 'state.json']) rmSync(join(dataDir, name), { force: true });
}
