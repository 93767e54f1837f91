import type Stripe from 'stripe';
import { isPlanEvent, planEffectsForEvent as planEffectsForPlanEvent, type PlanEffects } from '../../domain/plans/plan-event-facts';

/**
 * What a verified Stripe event means for a plan (lib/domain/plans/plan-event-facts.ts), or null when it has
 * none. Passing Stripe's narrowed event to the domain is where the compiler checks it carries what plans read.
 */
export function planEffectsForEvent(event: Stripe.Event, timeZone: string): PlanEffects | null {
  return isPlanEvent(event) ? planEffectsForPlanEvent(event, timeZone) : null;
}
