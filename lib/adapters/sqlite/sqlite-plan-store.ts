import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../domain/clock';
import { openSqlite } from './open-sqlite';
import type { Plan } from '../../domain/plans/plan';
import { byLatestPeriod, type PlanStore } from '../../domain/plans/plan-store';

/** The plan store's own schema versions (its own file, so it never interleaves with the order store's). */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE plans (
     id TEXT PRIMARY KEY,
     owner TEXT,
     email TEXT,
     status TEXT NOT NULL,
     data TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX plans_owner ON plans (owner);
   CREATE INDEX plans_email ON plans (email);`,
];

/** Plans in one SQLite file; every update is one IMMEDIATE transaction (read, fold, write). */
export class SqlitePlanStore implements PlanStore {
  private constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  /** Opens (creating or migrating) the store. `:memory:` gives a throwaway store for tests. */
  static open(file: string, clock: Clock = systemClock): SqlitePlanStore {
    const db = openSqlite(file, { table: 'plan_schema_migrations', steps: MIGRATIONS, now: () => clock.now() });
    return new SqlitePlanStore(db, clock);
  }

  async updatePlan(planId: string, apply: (current: Plan | null) => Plan): Promise<Plan> {
    return this.db.transaction((): Plan => {
      const next = apply(this.read(planId));
      if (next.id !== planId) throw new Error(`A plan update for ${planId} produced plan ${next.id}`);
      this.write(next);
      return next;
    }).immediate();
  }

  async getPlan(id: string): Promise<Plan | null> {
    return this.read(id);
  }

  async listPlansByOwner(owner: string): Promise<Plan[]> {
    const rows = this.db.prepare('SELECT data FROM plans WHERE owner = ?').all(owner) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as Plan).sort(byLatestPeriod);
  }

  async claimPlansByEmail(email: string, owner: string): Promise<number> {
    return this.db.transaction((): number => {
      const rows = this.db.prepare('SELECT data FROM plans WHERE email = ? AND owner IS NULL').all(email.toLowerCase()) as { data: string }[];
      for (const row of rows) this.write({ ...(JSON.parse(row.data) as Plan), owner });
      return rows.length;
    }).immediate();
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private read(id: string): Plan | null {
    const row = this.db.prepare('SELECT data FROM plans WHERE id = ?').get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Plan) : null;
  }

  private write(plan: Plan): void {
    this.db
      .prepare(
        `INSERT INTO plans (id, owner, email, status, data, updated_at) VALUES (@id, @owner, @email, @status, @data, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, email = excluded.email, status = excluded.status,
           data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run({
        id: plan.id,
        owner: plan.owner,
        email: plan.email?.toLowerCase() ?? null,
        status: plan.status,
        data: JSON.stringify(plan),
        updatedAt: this.clock.now().toISOString(),
      });
  }
}
