import type Database from 'better-sqlite3';
import { openSqlite } from './open-sqlite';
import type { CapacityHold, CapacityStore, ConfirmOutcome, HoldState, ReserveOutcome, StoredHold } from '../../domain/capacity/capacity-store';

interface HoldRow {
  hold_id: string;
  date: string;
  servings: number;
  state: HoldState;
}

/** Version 1 is the schema files had before they recorded versions, hence IF NOT EXISTS. */
const MIGRATIONS = [
  `
  CREATE TABLE IF NOT EXISTS capacity_days (date TEXT PRIMARY KEY, used INTEGER NOT NULL CHECK (used >= 0));
  CREATE TABLE IF NOT EXISTS capacity_holds (
    hold_id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    servings INTEGER NOT NULL CHECK (servings > 0),
    state TEXT NOT NULL CHECK (state IN ('held', 'released', 'confirmed', 'overbooked'))
  );`,
];

/**
 * Per-day capacity in its own SQLite file (local profile). Every operation is one immediate transaction,
 * so concurrent checkouts in any number of processes see and change the counter one at a time.
 */
export class SqliteCapacityStore implements CapacityStore {
  private constructor(private readonly db: Database.Database) {}

  static open(file: string): SqliteCapacityStore {
    return new SqliteCapacityStore(openSqlite(file, { table: 'capacity_schema_migrations', steps: MIGRATIONS }));
  }

  private usedOn(date: string): number {
    const row = this.db.prepare('SELECT used FROM capacity_days WHERE date = ?').get(date) as { used: number } | undefined;
    return row?.used ?? 0;
  }

  private hold(holdId: string): HoldRow | undefined {
    return this.db.prepare('SELECT * FROM capacity_holds WHERE hold_id = ?').get(holdId) as HoldRow | undefined;
  }

  private count(date: string, servings: number): void {
    this.db
      .prepare('INSERT INTO capacity_days (date, used) VALUES (?, ?) ON CONFLICT (date) DO UPDATE SET used = used + excluded.used')
      .run(date, servings);
  }

  private setState(holdId: string, state: HoldState): void {
    this.db.prepare('UPDATE capacity_holds SET state = ? WHERE hold_id = ?').run(state, holdId);
  }

  async reserve(hold: CapacityHold, capacity: number): Promise<ReserveOutcome> {
    return this.db
      .transaction((): ReserveOutcome => {
        const existing = this.hold(hold.holdId);
        if (existing) return existing.state === 'held' || existing.state === 'confirmed' ? { ok: true } : { ok: false, remaining: 0 };
        const used = this.usedOn(hold.date);
        if (used + hold.servings > capacity) return { ok: false, remaining: Math.max(0, capacity - used) };
        this.db.prepare("INSERT INTO capacity_holds (hold_id, date, servings, state) VALUES (?, ?, ?, 'held')").run(hold.holdId, hold.date, hold.servings);
        this.count(hold.date, hold.servings);
        return { ok: true };
      })
      .immediate();
  }

  async release(holdId: string): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        const existing = this.hold(holdId);
        if (existing?.state !== 'held') return false;
        this.setState(holdId, 'released');
        this.db.prepare('UPDATE capacity_days SET used = used - ? WHERE date = ?').run(existing.servings, existing.date);
        return true;
      })
      .immediate();
  }

  async confirm(holdId: string, capacity: number): Promise<ConfirmOutcome> {
    return this.db
      .transaction((): ConfirmOutcome => {
        const existing = this.hold(holdId);
        if (!existing) return 'unknown_hold';
        if (existing.state === 'confirmed' || existing.state === 'overbooked') return existing.state;
        if (existing.state === 'released') {
          if (this.usedOn(existing.date) + existing.servings > capacity) {
            this.setState(holdId, 'overbooked');
            return 'overbooked';
          }
          this.count(existing.date, existing.servings);
        }
        this.setState(holdId, 'confirmed');
        return 'confirmed';
      })
      .immediate();
  }

  async getHold(holdId: string): Promise<StoredHold | null> {
    const row = this.hold(holdId);
    return row ? { holdId: row.hold_id, date: row.date, servings: row.servings, state: row.state } : null;
  }

  async used(date: string): Promise<number> {
    return this.usedOn(date);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
