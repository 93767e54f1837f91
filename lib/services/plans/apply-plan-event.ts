import type { Plan } from '../../domain/plans/plan';
import type { PlanEffects } from '../../domain/plans/plan-event-facts';
import { applyPlanFact, type PlanFactSource } from '../../domain/plans/plan-state';
import type { PlanStore } from '../../domain/plans/plan-store';

/**
 * Folds an event's plan fact into the stored plan. Runs before the event is recorded as processed: if
 * recording fails, Stripe redelivers and the fold, being idempotent, changes nothing the second time.
 */
export function applyPlanEffects(store: PlanStore, effects: PlanEffects, source: PlanFactSource): Promise<Plan> {
  return store.updatePlan(effects.planId, (current) => applyPlanFact(current, effects.fact, source));
}
