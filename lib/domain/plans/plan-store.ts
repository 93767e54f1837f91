import type { Plan } from './plan';

/**
 * The plan store port: one record per subscription. Adapters: SQLite (local) and Amplify Data (cloud);
 * both pass tests/contracts/plan-store.contract.ts. Kept apart from the order store: events are still
 * recorded (once per event id) by the order store's applyEvent; a plan update is a pure, idempotent
 * fold (lib/domain/plans/plan-state.ts), so applying it again when Stripe redelivers an event changes nothing.
 */
export interface PlanStore {
  /** Reads, applies and writes one plan atomically (no lost update under concurrent events); returns it as stored. */
  updatePlan(planId: string, apply: (current: Plan | null) => Plan): Promise<Plan>;
  getPlan(id: string): Promise<Plan | null>;
  /** Plans owned by this account, newest period first. */
  listPlansByOwner(owner: string): Promise<Plan[]>;
  /** Gives every unowned plan with this email (case-insensitive) to the owner; returns how many. */
  claimPlansByEmail(email: string, owner: string): Promise<number>;
  close(): Promise<void>;
}

/** Newest first: by the start of the latest period the plan knows, then by id. */
export function byLatestPeriod(a: Plan, b: Plan): number {
  const start = (plan: Plan) => Math.max(plan.subscription?.currentPeriodStart ?? 0, plan.invoices.at(-1)?.periodStart ?? 0);
  return start(b) - start(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
