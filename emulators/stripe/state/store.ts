import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { collectionsOf, type Collection } from './tracked-state';
import { emptyState, type State } from './types';

export const DATABASE_FILE = 'stripe.sqlite';

/**
 * Indexes that earlier versions created on JSON-generated columns. Nothing ever queried them: the state is read
 * whole at start (`all`), and every lookup after that goes through the in-memory StateIndex (./indexes.ts), which
 * is updated on each write. Maintaining them cost about 15% of every commit, so they are dropped from files that
 * have them (the generated columns themselves are virtual: no storage, no write cost).
 */
const DROPPED_INDEXES: Partial<Record<Collection, readonly string[]>> = {
  sessions: ['payment_intent', 'expires_at'],
  prices: ['product', 'lookup_key'],
  charges: ['payment_intent'],
  refunds: ['charge'],
  events: ['created'],
  deliveries: ['next_attempt_at'],
  settlements: ['settles_at'],
  idempotency: ['created_at'],
};

interface Statements {
  insert: Database.Statement<[string, string]>;
  update: Database.Statement<[string, Seq]>;
  remove: Database.Statement<[Seq]>;
  all: Database.Statement<[], { seq: Seq; id: string; body: string }>;
  clear: Database.Statement<[]>;
}

/** A row's rowid: what the statements address a record by (its id has no SQL index, see `prepare`). */
type Seq = number | bigint;

/** A change to the id → seq maps made inside the SQLite transaction being written (undone if it fails). */
interface SeqChange {
  rows: Map<string, Seq>;
  id: string;
  previous: Seq | undefined;
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

/** A record written since some point, with its value at that point (to undo). */
interface Change {
  collection: Collection;
  id: string;
  previous: unknown;
}

/** Settles the requests whose writes wait for the next group commit. */
interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Local Stripe's state on SQLite (WAL): one table per collection, each record a JSON document under
 * its id, in creation order. Memory holds the working copy that requests read; every unit of work
 * (an API request, a hosted-page submit, a timer) writes its records together, or is undone in memory
 * if it throws. Committed records are frozen.
 *
 * `transaction` commits before it returns. `groupTransaction` (API requests) lets the units finished in
 * one event-loop turn share a single SQLite commit — group commit, as databases do: the commit's fixed
 * cost (locks, WAL frames of shared pages, checkpoints) is paid once per turn instead of once per
 * request — and resolves only after that commit, so no answer is sent before its writes are on disk.
 */
export class StateStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<Collection, Statements>();
  /** Per collection, the seq of each stored id: rows are found by seq, so SQLite keeps no index on id. */
  private readonly seqs = new Map<Collection, Map<string, Seq>>();
  /** The seq maps' changes in the SQLite transaction being written, to undo if it fails. */
  private seqChanges: SeqChange[] = [];
  /** Records written since the last commit, with their committed value (to undo if the commit fails). */
  private readonly pending = new Map<string, Change>();
  /** Records written by the open unit of work, with their value when it began (to undo if it throws). */
  private readonly unit = new Map<string, Change>();
  /** Group-transaction units waiting for the commit that writes their records. */
  private waiters: Waiter[] = [];
  private depth = 0;
  private flushQueued = false;
  private groupQueued = false;
  private raw: State = emptyState();
  private restore: Restore = () => undefined;
  /** Built once: wrapping a function in a better-sqlite3 transaction has a cost per wrap. */
  private readonly writeAll = (entries: ReadonlyArray<{ collection: Collection; id: string }>): void => {
    for (const { collection, id } of entries) {
      const s = this.statements.get(collection);
      const rows = this.seqs.get(collection);
      if (!s || !rows) continue;
      const value = (this.raw[collection] as Record<string, unknown>)[id];
      const seq = rows.get(id);
      if (value === undefined) {
        if (seq === undefined) continue; // created and deleted before any commit: never stored
        s.remove.run(seq);
        this.setSeq(rows, id, undefined);
      } else if (seq === undefined) {
        this.setSeq(rows, id, s.insert.run(id, JSON.stringify(value)).lastInsertRowid);
      } else {
        s.update.run(JSON.stringify(value), seq); // an update keeps its place in creation order
      }
    }
  };
  private readonly writeTransaction: (entries: ReadonlyArray<{ collection: Collection; id: string }>) => void;

  constructor(dataDir: string | undefined) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.db = new Database(dataDir ? join(dataDir, DATABASE_FILE) : ':memory:');
    this.db.pragma('journal_mode = WAL');
    // A commit reaches the OS before the answer is sent: that is what survives kill -9 (or any crash of
    // this process), with OFF as with NORMAL. OFF drops the fsyncs NORMAL makes at every WAL checkpoint,
    // which blocked the event loop (checkout's session create ran ~15% slower for them). What OFF gives
    // up is only the case of the OS or machine crashing: then recent writes, or the file, may be lost —
    // for a local emulator, `--reset` answers that.
    this.db.pragma('synchronous = OFF');
    for (const c of collectionsOf(emptyState())) {
      this.statements.set(c, this.prepare(c));
      this.seqs.set(c, new Map());
    }
    this.writeTransaction = this.db.transaction(this.writeAll);
  }

  private prepare(c: Collection): Statements {
    const table = `"${c}"`;
    // seq (the rowid) keeps creation order: a new row gets the largest + 1. Without AUTOINCREMENT, whose
    // bookkeeping row is rewritten on every insert; older files that have it are rebuilt without it (dropUniqueId).
    // No SQL index on id: the store finds a row by its seq (this.seqs, filled by `load`), so a write
    // updates one B-tree instead of two — with random ids, the index page was a second scattered page
    // in every commit (about a third of a session create's commit).
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, body TEXT NOT NULL)`);
    for (const name of DROPPED_INDEXES[c] ?? []) this.db.exec(`DROP INDEX IF EXISTS "${c}_${name}"`);
    this.dropUniqueId(c);
    return {
      insert: this.db.prepare(`INSERT INTO ${table} (id, body) VALUES (?, ?)`),
      update: this.db.prepare(`UPDATE ${table} SET body = ? WHERE seq = ?`),
      remove: this.db.prepare(`DELETE FROM ${table} WHERE seq = ?`),
      all: this.db.prepare(`SELECT seq, id, body FROM ${table} ORDER BY seq`),
      clear: this.db.prepare(`DELETE FROM ${table}`),
    };
  }

  /**
   * Files written by earlier versions declare `id … UNIQUE` (and some AUTOINCREMENT and generated columns):
   * their table is rebuilt once, in one transaction, with the same rows and seqs, so their commits cost
   * what new files' do.
   */
  private dropUniqueId(c: Collection): void {
    const row = this.db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).get(c) as { sql: string } | undefined;
    if (!row || !/\bUNIQUE\b/i.test(row.sql)) return;
    const table = `"${c}"`;
    const rebuilt = `"${c}__rebuilt"`;
    this.db.transaction(() => {
      this.db.exec(`CREATE TABLE ${rebuilt} (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, body TEXT NOT NULL)`);
      this.db.exec(`INSERT INTO ${rebuilt} (seq, id, body) SELECT seq, id, body FROM ${table} ORDER BY seq`);
      this.db.exec(`DROP TABLE ${table}`);
      this.db.exec(`ALTER TABLE ${rebuilt} RENAME TO ${table}`);
    })();
  }

  /** Records a seq change made inside the SQLite transaction being written (see `commit`). */
  private setSeq(rows: Map<string, Seq>, id: string, seq: Seq | undefined): void {
    this.seqChanges.push({ rows, id, previous: rows.get(id) });
    if (seq === undefined) rows.delete(id);
    else rows.set(id, seq);
  }

  /** After a failed SQLite transaction (rolled back): the seq maps as they were before it, newest change first. */
  private undoSeqs(): void {
    for (const { rows, id, previous } of this.seqChanges.reverse()) {
      if (previous === undefined) rows.delete(id);
      else rows.set(id, previous);
    }
    this.seqChanges = [];
  }

  /** Reads every collection (null-prototype maps, creation order); `raw` is then the state being tracked. */
  load(): State {
    const state = emptyState();
    for (const [c, s] of this.statements) {
      const map = state[c] as Record<string, unknown>;
      const rows = this.seqs.get(c);
      rows?.clear();
      for (const row of s.all.iterate()) {
        const value: unknown = JSON.parse(row.body);
        freezeRecord(value);
        map[row.id] = value;
        rows?.set(row.id, row.seq);
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
    if (this.depth > 0) {
      if (!this.unit.has(key)) this.unit.set(key, { collection, id, previous });
      return;
    }
    if (!this.pending.has(key)) this.pending.set(key, { collection, id, previous });
    // A write outside any unit of work (start-up, a stray timer) still commits, right after its task.
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        if (this.depth === 0) this.commit();
      });
    }
  }

  /** Runs `work` as one transaction: its writes commit together when it returns, or are undone if it throws. */
  transaction<T>(work: () => T): T {
    const result = this.runUnit(work);
    if (this.depth === 0) this.commit();
    return result;
  }

  /**
   * Runs `work` as one unit of work whose writes join the group commit at the end of this event-loop
   * turn; resolves with its result once they are committed (rejects, with the writes undone, if the
   * commit fails). A unit that finds nothing waiting to be written resolves at once.
   */
  groupTransaction<T>(work: () => T): Promise<T> {
    let result: T;
    try {
      result = this.runUnit(work);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (this.depth > 0 || this.pending.size === 0) return Promise.resolve(result);
    // Also waits when it wrote nothing itself: its answer may show records not yet on disk.
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.groupQueued) {
        this.groupQueued = true;
        setImmediate(() => {
          this.groupQueued = false;
          this.commitQuietly();
        });
      }
    }).then(() => result);
  }

  /** Replaces everything on disk with `state` (after a reset). */
  replaceAll(state: State): void {
    const seqs = new Map<Collection, Map<string, Seq>>();
    this.db.transaction(() => {
      for (const [c, s] of this.statements) {
        s.clear.run();
        const rows = new Map<string, Seq>();
        const map = state[c] as Record<string, unknown>;
        for (const id of Object.keys(map)) rows.set(id, s.insert.run(id, JSON.stringify(map[id])).lastInsertRowid);
        seqs.set(c, rows);
      }
    })();
    // Only now that the whole transaction is on disk (a failed one leaves the old rows and their seqs).
    for (const [c, rows] of seqs) this.seqs.set(c, rows);
    this.pending.clear();
    this.settle(null);
  }

  close(): void {
    if (this.depth === 0) this.commit();
    if (this.db.open) this.db.close();
  }

  /** Runs one unit in memory: on success its records join `pending` and are frozen; if it throws, undone. */
  private runUnit<T>(work: () => T): T {
    this.depth++;
    let result: T;
    try {
      result = work();
    } catch (err) {
      if (--this.depth === 0) this.undo([...this.unit.values()]);
      throw err;
    }
    if (--this.depth === 0) {
      for (const [key, change] of this.unit) {
        if (!this.pending.has(key)) this.pending.set(key, change);
        freezeRecord((this.raw[change.collection] as Record<string, unknown>)[change.id]);
      }
      this.unit.clear();
    }
    return result;
  }

  /** Writes `pending` in one SQLite transaction; if that fails, undoes it in memory. Settles the waiters either way. */
  private commit(): void {
    if (this.pending.size === 0) return this.settle(null);
    // After close(): nothing more reaches the disk, and no request may hear that it did.
    if (!this.db.open) return this.settle(new Error('Local Stripe state is closed'));
    const entries = [...this.pending.values()];
    this.pending.clear();
    this.seqChanges = [];
    try {
      this.writeTransaction(entries);
    } catch (err) {
      this.undoSeqs();
      this.undo(entries);
      this.settle(err);
      throw err;
    }
    this.seqChanges = [];
    for (const { collection, id } of entries) freezeRecord((this.raw[collection] as Record<string, unknown>)[id]);
    this.settle(null);
  }

  /** The group commit: a failure reaches every waiting request (each answers it), so it is not thrown again here. */
  private commitQuietly(): void {
    try {
      this.commit();
    } catch {
      // Already undone in memory and passed to every waiting request.
    }
  }

  private settle(err: unknown): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      if (err === null) w.resolve();
      else w.reject(err);
    }
  }

  /** Puts records back to their value before `changes` (newest change first). */
  private undo(changes: Change[]): void {
    this.unit.clear();
    for (const { collection, id, previous } of changes.reverse()) {
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
